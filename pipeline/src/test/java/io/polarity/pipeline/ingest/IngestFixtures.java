package io.polarity.pipeline.ingest;

import com.typesafe.config.ConfigFactory;
import io.polarity.pipeline.config.ConfigLoader;
import io.polarity.pipeline.io.Tables;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;

/** Small helpers shared by the ingest tests: input files and configurations. */
final class IngestFixtures {
  private IngestFixtures() {}

  /** The built-in defaults under the given HOCON text. */
  static IngestConfig config(String hocon) {
    return IngestConfig.from(
        ConfigFactory.parseString(hocon).withFallback(ConfigLoader.defaults()).resolve());
  }

  /** The review table of an ingest output. */
  static List<Review> reviews(SparkSession spark, Path output) {
    return Tables.read(spark, output.resolve("reviews").toString(), Review.ENCODER).collectAsList();
  }

  /** The quarantine table of an ingest output. */
  static List<QuarantineRecord> quarantine(SparkSession spark, Path output) {
    return Tables.read(spark, output.resolve("quarantine").toString(), QuarantineRecord.ENCODER)
        .collectAsList();
  }

  static Path write(Path file, String content) {
    return writeBytes(file, content.getBytes(StandardCharsets.UTF_8));
  }

  static Path writeBytes(Path file, byte[] content) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path writeGzip(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A HOCON string literal for a path. */
  static String quoted(Path path) {
    return "\"" + path.toString().replace("\\", "\\\\") + "\"";
  }
}
