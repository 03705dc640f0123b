package io.polarity.pipeline.preprocess;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.polarity.pipeline.config.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * The vocabulary artifact: terms with ids and train-split statistics, the labels in index order,
 * and the normalisation and n-gram settings that produced it. Ids 0 and 1 are reserved for padding
 * and unknown tokens; unigrams come next (most frequent first), then longer n-grams.
 *
 * <p>On disk, under one directory: {@code terms/} (Parquet, {@link VocabularyEntry} rows), {@code
 * manifest.json} (version, run id, labels, settings, sizes) and {@code top-terms.tsv} (the most
 * frequent terms, for people). The version is a hash of settings, labels and terms, so two runs
 * that built the same vocabulary report the same version.
 */
public final class Vocabulary {
  public static final int PAD = 0;
  public static final int UNKNOWN = 1;
  public static final int FIRST_TERM_ID = 2;
  static final String TERMS = "terms";
  static final String MANIFEST = "manifest.json";
  static final String TOP_TERMS = "top-terms.tsv";
  private static final int TOP_TERMS_ROWS = 2000;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The small description stored as {@code manifest.json}. */
  public record Manifest(
      String version,
      String runId,
      List<String> labels,
      NormalizerConfig normalizer,
      int ngrams,
      int minDocFreq,
      int unigrams,
      int size,
      long trainDocuments,
      List<Long> trainDocumentsPerLabel) {}

  private final Manifest manifest;
  private final List<VocabularyEntry> entries;

  Vocabulary(Manifest manifest, List<VocabularyEntry> entries) {
    this.manifest = manifest;
    this.entries = List.copyOf(entries);
  }

  /** Assigns ids to kept unigrams and n-grams (each already in frequency order). */
  static Vocabulary of(
      String runId,
      List<String> labels,
      NormalizerConfig normalizer,
      int ngrams,
      int minDocFreq,
      long trainDocuments,
      List<Long> trainDocumentsPerLabel,
      List<VocabularyEntry> unigrams,
      List<VocabularyEntry> longer) {
    List<VocabularyEntry> all = new ArrayList<>(unigrams.size() + longer.size());
    int id = FIRST_TERM_ID;
    for (VocabularyEntry e : unigrams) {
      all.add(new VocabularyEntry(id++, e.getTerm(), 1, e.getDocFreq(), e.getClassDocFreq()));
    }
    for (VocabularyEntry e : longer) {
      all.add(
          new VocabularyEntry(id++, e.getTerm(), e.getN(), e.getDocFreq(), e.getClassDocFreq()));
    }
    String version = version(labels, normalizer, ngrams, all);
    return new Vocabulary(
        new Manifest(
            version,
            runId,
            List.copyOf(labels),
            normalizer,
            ngrams,
            minDocFreq,
            unigrams.size(),
            FIRST_TERM_ID + all.size(),
            trainDocuments,
            List.copyOf(trainDocumentsPerLabel)),
        all);
  }

  public Manifest manifest() {
    return manifest;
  }

  public List<String> labels() {
    return manifest.labels();
  }

  /** Number of ids, reserved ones included: the embedding or input size a model needs. */
  public int size() {
    return manifest.size();
  }

  public List<VocabularyEntry> entries() {
    return entries;
  }

  /** Label name to index. */
  public Map<String, Integer> labelIndex() {
    Map<String, Integer> map = new LinkedHashMap<>();
    for (int i = 0; i < manifest.labels().size(); i++) {
      map.put(manifest.labels().get(i), i);
    }
    return map;
  }

  /**
   * Writes the terms as Parquet, the manifest and the top terms. The terms reach the one write task
   * as a broadcast: a dataset made from the driver's list would carry all of them (tens of MB for a
   * corpus with n-grams) inside the task itself.
   */
  public void save(SparkSession spark, String dir) {
    // a mutable copy: Kryo (the nightly run's serializer) reads a list back by adding to a new
    // instance of its class, which an immutable List.copyOf refuses on every executor JVM
    Broadcast<List<VocabularyEntry>> terms =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(new ArrayList<>(entries));
    try {
      spark
          .range(0, 1, 1, 1)
          .flatMap(
              (FlatMapFunction<Long, VocabularyEntry>) one -> terms.value().iterator(),
              VocabularyEntry.ENCODER)
          .write()
          .parquet(new Path(dir, TERMS).toString());
    } finally {
      terms.destroy();
    }
    Path root = new Path(dir);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(new Path(root, MANIFEST), false)) {
        JSON.writeValue(out, manifest);
      }
      try (PrintWriter tsv =
          new PrintWriter(
              fs.create(new Path(root, TOP_TERMS), false), false, StandardCharsets.UTF_8)) {
        tsv.println("id\tterm\tdoc_freq\t" + String.join("\t", manifest.labels()));
        entries.stream()
            .sorted(Comparator.comparingLong(VocabularyEntry::getDocFreq).reversed())
            .limit(TOP_TERMS_ROWS)
            .forEach(
                e ->
                    tsv.println(
                        e.getId()
                            + "\t"
                            + e.getTerm()
                            + "\t"
                            + e.getDocFreq()
                            + "\t"
                            + joinCounts(e.getClassDocFreq())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write vocabulary to " + dir, e);
    }
  }

  /** Loads a vocabulary saved by {@link #save}; only its terms are read into the driver. */
  public static Vocabulary load(SparkSession spark, String dir) {
    return load(spark, dir, "the vocabulary path");
  }

  /**
   * As {@link #load(SparkSession, String)}; {@code setting} names the option that gave {@code dir}
   * in the error raised when it holds no vocabulary.
   */
  public static Vocabulary load(SparkSession spark, String dir, String setting) {
    Path root = new Path(dir);
    Manifest manifest;
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path file = new Path(root, MANIFEST);
      if (!fs.isFile(file)) {
        throw new InvalidConfigException(
            setting
                + " must name a vocabulary directory (with "
                + MANIFEST
                + "), but "
                + file
                + " does not exist");
      }
      try (InputStream in = fs.open(file)) {
        manifest = JSON.readValue(in, Manifest.class);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read vocabulary manifest under " + dir, e);
    }
    // sorted here, not by Spark: a distributed sort of a few hundred thousand rows is two more
    // jobs and a shuffle (seconds), a sort of the collected list milliseconds
    List<VocabularyEntry> entries =
        new ArrayList<>(
            spark
                .read()
                .parquet(new Path(root, TERMS).toString())
                .as(VocabularyEntry.ENCODER)
                .collectAsList());
    entries.sort(Comparator.comparingInt(VocabularyEntry::getId));
    return new Vocabulary(manifest, entries);
  }

  private static String joinCounts(long[] counts) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < counts.length; i++) {
      sb.append(i == 0 ? "" : "\t").append(counts[i]);
    }
    return sb.toString();
  }

  private static String version(
      List<String> labels, NormalizerConfig normalizer, int ngrams, List<VocabularyEntry> all) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update((labels + "|" + normalizer + "|" + ngrams).getBytes(StandardCharsets.UTF_8));
      for (VocabularyEntry e : all) {
        md.update((e.getId() + "\u0000" + e.getTerm() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return "v-" + HexFormat.of().formatHex(md.digest(), 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
