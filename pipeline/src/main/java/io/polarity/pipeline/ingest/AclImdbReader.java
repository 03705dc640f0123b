package io.polarity.pipeline.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the Stanford aclImdb layout: {@code <root>/{train,test}/{pos,neg,unsup}/<id>_<rating>.txt}.
 * The folder gives the designated split and the raw label, the file name the id and rating. Files
 * are read as bytes and decoded strictly, so invalid UTF-8 is quarantined, not mangled.
 */
final class AclImdbReader implements SourceReader {
  static final List<String> SPLITS = List.of("train", "test");
  static final List<String> CLASSES = List.of("pos", "neg", "unsup");
  private static final Pattern LOCATION =
      Pattern.compile(".*/(train|test)/(pos|neg|unsup)/([^/]+)$");
  private static final Pattern FILE_NAME = Pattern.compile("(\\d+)_(\\d+)\\.txt");

  private final SparkSession spark;

  AclImdbReader(SparkSession spark) {
    this.spark = spark;
  }

  @Override
  public Dataset<RawReview> read(SourceConfig source) {
    String[] folders = reviewFolders(spark, source).toArray(String[]::new);
    String name = source.name();
    return spark
        .read()
        .format("binaryFile")
        .option("pathGlobFilter", "*.txt")
        .load(folders)
        .select("path", "content")
        .map(
            (MapFunction<Row, RawReview>) row -> toRaw(name, row.getString(0), row.getAs(1)),
            RawReview.ENCODER);
  }

  /** The existing {@code split/class} folders under the root; at least one must exist. */
  static List<String> reviewFolders(SparkSession spark, SourceConfig source) {
    Path root = new Path(source.path());
    List<String> folders = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (String split : SPLITS) {
        for (String cls : CLASSES) {
          Path folder = new Path(new Path(root, split), cls);
          if (fs.isDirectory(folder)) {
            folders.add(folder.toString());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list aclImdb folders under " + root, e);
    }
    if (folders.isEmpty()) {
      throw new IllegalArgumentException(
          "ingest source '"
              + source.name()
              + "' (format aclimdb): no {train,test}/{pos,neg,unsup}"
              + " folder under "
              + root
              + "; point the path at the aclImdb folder");
    }
    return folders;
  }

  static RawReview toRaw(String source, String path, byte[] content) {
    Matcher location = LOCATION.matcher(path);
    Matcher file = location.matches() ? FILE_NAME.matcher(location.group(3)) : null;
    if (file == null || !file.matches()) {
      return RawReview.unreadable(
          source,
          path,
          QuarantineReason.BAD_FILE_NAME,
          "expected <split>/<pos|neg|unsup>/<id>_<rating>.txt",
          lenientDecode(content));
    }
    String text;
    try {
      text = strictDecode(content);
    } catch (CharacterCodingException e) {
      return RawReview.unreadable(
          source,
          path,
          QuarantineReason.INVALID_ENCODING,
          "file is not valid UTF-8: " + e,
          lenientDecode(content));
    }
    String split = location.group(1);
    String cls = location.group(2);
    String sourceId = split + "/" + cls + "/" + file.group(1);
    return RawReview.parsed(source, path, sourceId, text, cls, file.group(2), split);
  }

  private static String strictDecode(byte[] content) throws CharacterCodingException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    String text = decoder.decode(ByteBuffer.wrap(content)).toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static String lenientDecode(byte[] content) {
    return new String(content, StandardCharsets.UTF_8);
  }
}
