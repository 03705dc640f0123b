package io.polarity.pipeline.ingest;

import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.io.HadoopConf;
import io.polarity.pipeline.io.Iterators;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the Stanford aclImdb layout: {@code <root>/{train,test}/{pos,neg,unsup}/<id>_<rating>.txt}.
 * The folder gives the designated split and the raw label, the file name the id and rating. Each
 * file is one record, read whole on the executors and decoded strictly, so invalid UTF-8 is
 * quarantined, not mangled; a file that cannot be read or holds binary content becomes one {@code
 * unreadable_file} record; any other file in a class folder is a {@code bad_file_name} record.
 */
final class AclImdbReader {
  static final List<String> SPLITS = List.of("train", "test");
  static final List<String> CLASSES = List.of("pos", "neg", "unsup");
  private static final Pattern LOCATION =
      Pattern.compile(".*/(train|test)/(pos|neg|unsup)/([^/]+)$");
  private static final Pattern FILE_NAME = Pattern.compile("(\\d+)_(\\d+)\\.txt");
  private static final Pattern TITLE = Pattern.compile("/title/(tt\\d+)");

  /** Files per task: keeps each task's share of the file list small (about 150 KB). */
  private static final int FILES_PER_TASK = 2000;

  private final SparkSession spark;

  AclImdbReader(SparkSession spark) {
    this.spark = spark;
  }

  /** Every file of the existing {@code split/class} folders under the root. */
  static List<InputFile> files(Configuration conf, SourceConfig source) {
    Path root = new Path(source.path());
    List<InputFile> files = new ArrayList<>();
    boolean anyFolder = false;
    try {
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root)) {
        throw new InvalidConfigException(
            "ingest source '" + source.name() + "': input path does not exist: " + root);
      }
      for (String split : SPLITS) {
        for (String cls : CLASSES) {
          Path folder = new Path(new Path(root, split), cls);
          anyFolder |= fs.isDirectory(folder);
          files.addAll(InputFile.inFolder(fs, folder));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list aclImdb folders under " + root, e);
    }
    if (!anyFolder) {
      throw new InvalidConfigException(
          "ingest source '"
              + source.name()
              + "' (format aclimdb): no {train,test}/{pos,neg,unsup}"
              + " folder under "
              + root
              + "; point the path at the aclImdb folder");
    }
    return files;
  }

  /**
   * The records of the files; with {@code byGroup} each carries its movie as group key, from the
   * dataset's {@code <split>/urls_<class>.txt} (line N is the IMDB page of review N's movie).
   */
  Dataset<RawReview> read(SourceConfig source, List<InputFile> files, boolean byGroup) {
    List<String> paths = files.stream().map(InputFile::path).toList();
    Map<String, String[]> moviesByFolder =
        byGroup ? movies(spark.sparkContext().hadoopConfiguration(), source, paths) : Map.of();
    int tasks =
        Math.max(
            spark.sparkContext().defaultParallelism(),
            (paths.size() + FILES_PER_TASK - 1) / FILES_PER_TASK);
    String name = source.name();
    String encoding = source.encoding();
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // released by Spark's context cleaner once the dataset is gone
    Broadcast<Map<String, String[]>> movies = sc.broadcast(new HashMap<>(moviesByFolder));
    return spark.createDataset(
        sc.parallelize(paths, Math.max(1, Math.min(tasks, paths.size())))
            .mapPartitions(
                it ->
                    Iterators.map(
                        it,
                        path -> withMovie(read(name, path, encoding, conf.get()), movies.value())))
            .rdd(),
        RawReview.ENCODER);
  }

  /**
   * The movie ids of the train folders that hold files, by {@code "train/<class>"}; test reviews
   * are test whatever their movie, so test folders need none. A missing file is a configuration
   * error naming it.
   */
  static Map<String, String[]> movies(Configuration conf, SourceConfig source, List<String> paths) {
    Set<String> folders = new TreeSet<>();
    for (String path : paths) {
      Matcher m = LOCATION.matcher(path);
      if (m.matches() && m.group(1).equals("train")) {
        folders.add(m.group(1) + "/" + m.group(2));
      }
    }
    Map<String, String[]> movies = new HashMap<>();
    Path root = new Path(source.path());
    for (String folder : folders) {
      String[] parts = folder.split("/");
      Path urls = new Path(new Path(root, parts[0]), "urls_" + parts[1] + ".txt");
      try {
        FileSystem fs = urls.getFileSystem(conf);
        if (!fs.exists(urls)) {
          throw new InvalidConfigException(
              "ingest source '"
                  + source.name()
                  + "': ingest.split.group-by = group needs the movie of each review in "
                  + urls
                  + ", which does not exist; unpack the dataset's urls files there"
                  + " (aclImdb_train_urls.tar.gz) or set ingest.split.group-by = review");
        }
        List<String> ids = new ArrayList<>();
        try (BufferedReader in =
            new BufferedReader(new InputStreamReader(fs.open(urls), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            ids.add(movieId(line));
          }
        }
        movies.put(folder, ids.toArray(String[]::new));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + urls, e);
      }
    }
    return movies;
  }

  /** The title id of an IMDB page ({@code tt0453418}), else the line itself; blank: none. */
  static String movieId(String line) {
    Matcher m = TITLE.matcher(line);
    if (m.find()) {
      return m.group(1);
    }
    return line.isBlank() ? null : line.strip();
  }

  /** The record with the movie of its folder's urls file, when it has a line there. */
  private static RawReview withMovie(RawReview raw, Map<String, String[]> movies) {
    String sourceId = raw.getSourceId();
    if (sourceId == null || movies.isEmpty()) {
      return raw;
    }
    int slash = sourceId.lastIndexOf('/');
    String[] ids = movies.get(sourceId.substring(0, slash));
    int n = Integer.parseInt(sourceId.substring(slash + 1));
    return ids != null && n < ids.length ? raw.withGroup(ids[n]) : raw;
  }

  private static RawReview read(String source, String path, String encoding, Configuration conf) {
    byte[] content;
    Path p = new Path(path);
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      content = in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      return RawReview.unreadableFile(source, path, FileCheck.describe(e));
    }
    Charset charset = Charset.forName(encoding);
    FileCheck.Problem binary =
        FileCheck.binaryContent(content, Math.min(content.length, FileCheck.SNIFF_BYTES), charset);
    if (binary != null && binary.reason() == QuarantineReason.UNREADABLE_FILE) {
      return RawReview.unreadableFile(source, path, binary.detail());
    } // text in another encoding: invalid_encoding, when it is decoded below
    return toRaw(source, path, content, charset);
  }

  static RawReview toRaw(String source, String path, byte[] content, Charset charset) {
    Matcher location = LOCATION.matcher(path);
    Matcher file = location.matches() ? FILE_NAME.matcher(location.group(3)) : null;
    if (file == null || !file.matches()) {
      return RawReview.unreadable(
          source,
          path,
          QuarantineReason.BAD_FILE_NAME,
          "expected <split>/<pos|neg|unsup>/<id>_<rating>.txt",
          new String(content, charset));
    }
    String text;
    try {
      text = strictDecode(content, charset);
    } catch (CharacterCodingException e) {
      return RawReview.unreadable(
          source,
          path,
          QuarantineReason.INVALID_ENCODING,
          "file is not valid " + charset.name() + " (ingest.source.encoding): " + e,
          new String(content, charset));
    }
    String split = location.group(1);
    String cls = location.group(2);
    String sourceId = split + "/" + cls + "/" + file.group(1);
    return RawReview.parsed(source, path, sourceId, text, cls, file.group(2), split);
  }

  private static String strictDecode(byte[] content, Charset charset)
      throws CharacterCodingException {
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    String text = decoder.decode(ByteBuffer.wrap(content)).toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
