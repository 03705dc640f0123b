package io.polarity.bench;

import static io.polarity.bench.BenchSupport.conf;
import static io.polarity.bench.BenchSupport.median;
import static io.polarity.bench.BenchSupport.seconds;

import io.polarity.pipeline.generate.GenerateConfig;
import io.polarity.pipeline.generate.GenerateStage;
import io.polarity.pipeline.ingest.IngestConfig;
import io.polarity.pipeline.ingest.IngestResult;
import io.polarity.pipeline.ingest.IngestStage;
import io.polarity.pipeline.ingest.SourceCounts;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Ingest benchmarks, run by {@code bench/ingest.sh} through spark-submit.
 *
 * <ul>
 *   <li>{@code aclimdb DIR WORK ROUNDS}: the ingest job on an aclImdb folder against a bare Spark
 *       read of the same files ({@code wholetext} text read and a count), alternating which goes
 *       first in each round; prints each round and the medians.
 *   <li>{@code jsonl-scale WORK N1,N2,... [ROUNDS [COMPRESSION]]}: generates JSON Lines corpora of
 *       the given sizes (not timed; COMPRESSION none, gzip or bzip2), ingests the first once to
 *       warm up, then times ROUNDS ingests of each (default 1); prints the median, the range and
 *       reviews/s.
 * </ul>
 */
public final class IngestBenchmark {
  private IngestBenchmark() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println(
          "usage: IngestBenchmark aclimdb DIR WORK ROUNDS"
              + " | jsonl-scale WORK N1,N2,... [ROUNDS [COMPRESSION]]");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("polarity-bench-ingest").getOrCreate();
    try {
      switch (args[0]) {
        case "aclimdb" -> aclImdb(spark, args[1], args[2], Integer.parseInt(args[3]));
        case "jsonl-scale" ->
            jsonlScale(
                spark,
                args[1],
                args[2],
                args.length > 3 ? Integer.parseInt(args[3]) : 1,
                args.length > 4 ? args[4] : "none");
        default -> throw new IllegalArgumentException("unknown benchmark: " + args[0]);
      }
    } finally {
      spark.stop();
    }
  }

  private static void aclImdb(SparkSession spark, String dir, String work, int rounds) {
    String[] folders =
        Arrays.stream(
                new String[] {"train/pos", "train/neg", "train/unsup", "test/pos", "test/neg"})
            .map(f -> new File(dir, f))
            .filter(File::isDirectory)
            .map(File::getPath)
            .toArray(String[]::new);
    List<double[]> times = new ArrayList<>();
    long files = 0;
    IngestResult last = null;
    for (int round = 0; round < rounds; round++) {
      double bare = 0;
      double ingest = 0;
      for (int step = 0; step < 2; step++) {
        boolean bareNow = (round + step) % 2 == 0;
        long start = System.nanoTime();
        if (bareNow) {
          files = spark.read().option("wholetext", true).text(folders).count();
          bare = seconds(start);
        } else {
          last = ingest(spark, "source { format = aclimdb, path = \"" + dir + "\" }", work);
          ingest = seconds(start);
        }
      }
      times.add(new double[] {bare, ingest});
      System.out.printf(
          Locale.ROOT, "round %d: bare read %.1f s, ingest %.1f s%n", round + 1, bare, ingest);
    }
    double bare = median(times, 0);
    double ingest = median(times, 1);
    System.out.printf(
        Locale.ROOT,
        "%n| files | bare read (median s) | ingest (median s) | ingest / bare |%n"
            + "|---|---|---|---|%n| %d | %.1f | %.1f | %.2fx |%n",
        files,
        bare,
        ingest,
        ingest / bare);
    System.out.printf(
        Locale.ROOT,
        "ingest accepted %d, quarantined %d, duplicates %d%n",
        last.total(SourceCounts::accepted),
        last.total(SourceCounts::quarantined),
        last.total(SourceCounts::duplicates));
  }

  private static void jsonlScale(
      SparkSession spark, String work, String sizes, int rounds, String compression) {
    long[] counts =
        Arrays.stream(sizes.split(",")).mapToLong(s -> Long.parseLong(s.trim())).toArray();
    for (long n : counts) {
      File corpus = corpus(work, n, compression);
      if (!corpus.isDirectory()) {
        new GenerateStage(
                spark,
                GenerateConfig.from(
                    conf(
                        "generate { output = \""
                            + corpus
                            + "\", format = jsonl, reviews = "
                            + n
                            + ", compression = "
                            + compression
                            + " }")))
            .run();
      }
    }
    // one untimed ingest first, so that JIT warm-up is not charged to the first size
    ingest(
        spark,
        "source { format = jsonl, path = \"" + corpus(work, counts[0], compression) + "\" }",
        work);
    System.out.println(
        "| reviews | JSON Lines ("
            + compression
            + ", MB) | ingest, median s (range) | reviews/s |");
    System.out.println("|---|---|---|---|");
    for (long n : counts) {
      File corpus = corpus(work, n, compression);
      List<double[]> times = new ArrayList<>();
      long read = 0;
      for (int round = 0; round < rounds; round++) {
        long start = System.nanoTime();
        IngestResult result =
            ingest(spark, "source { format = jsonl, path = \"" + corpus + "\" }", work);
        times.add(new double[] {seconds(start)});
        read = result.total(SourceCounts::read);
      }
      double median = median(times, 0);
      System.out.printf(
          Locale.ROOT,
          "| %d | %.0f | %.1f (%.1f-%.1f) | %.0f |%n",
          read,
          sizeMb(corpus),
          median,
          times.stream().mapToDouble(t -> t[0]).min().orElse(0),
          times.stream().mapToDouble(t -> t[0]).max().orElse(0),
          n / median);
    }
  }

  private static File corpus(String work, long reviews, String compression) {
    return new File(
        work, "jsonl-" + reviews + (compression.equals("none") ? "" : "-" + compression));
  }

  private static IngestResult ingest(SparkSession spark, String source, String work) {
    String hocon = "ingest { output = \"" + work + "/ingest-out\", " + source + " }";
    return new IngestStage(spark, IngestConfig.from(conf(hocon))).run();
  }

  private static double sizeMb(File dir) {
    File[] files = dir.listFiles();
    return files == null ? 0 : Arrays.stream(files).mapToLong(File::length).sum() / 1e6;
  }
}
