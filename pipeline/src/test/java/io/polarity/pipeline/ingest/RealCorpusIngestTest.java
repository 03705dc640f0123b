package io.polarity.pipeline.ingest;

import static io.polarity.pipeline.ingest.IngestFixtures.config;
import static io.polarity.pipeline.ingest.IngestFixtures.quoted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.polarity.pipeline.SparkTestBase;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest of the real Stanford IMDB training half from {@code ../shared/data}, when present. */
class RealCorpusIngestTest extends SparkTestBase {
  private static final File TARBALL =
      new File(
          System.getProperty("polarity.shared.data", "../../shared/data"), "aclImdb_train.tar.gz");

  @TempDir Path dir;

  @Test
  void ingestsTheImdbTrainingHalfWithExactCounts() throws IOException, InterruptedException {
    assumeTrue(
        TARBALL.isFile(),
        "skipped: the IMDB corpus " + TARBALL + " is missing (see README, Development)");
    Process tar =
        new ProcessBuilder("tar", "xzf", TARBALL.getAbsolutePath(), "-C", dir.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();

    IngestResult result =
        new IngestStage(
                spark,
                config(
                    "ingest { output = "
                        + quoted(dir.resolve("out"))
                        + ", source { name = imdb,"
                        + " format = aclimdb, path = "
                        + quoted(dir.resolve("aclImdb"))
                        + " } }"))
            .run();

    SourceCounts imdb = result.bySource().get("imdb");
    assertThat(imdb)
        .isEqualTo(
            new SourceCounts(
                75_000,
                74_053,
                0,
                947,
                0,
                75_000,
                0,
                Map.of("train", 66_706L, "validation", 7_347L),
                Map.of("positive", 12_471L, "negative", 12_431L, SourceCounts.NO_LABEL, 49_151L),
                Map.of()));
  }
}
