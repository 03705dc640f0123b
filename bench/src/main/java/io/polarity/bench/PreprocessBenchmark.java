package io.polarity.bench;

import static io.polarity.bench.BenchSupport.conf;
import static io.polarity.bench.BenchSupport.median;
import static io.polarity.bench.BenchSupport.seconds;
import static org.apache.spark.sql.functions.col;

import io.polarity.pipeline.generate.GenerateConfig;
import io.polarity.pipeline.generate.GenerateStage;
import io.polarity.pipeline.ingest.IngestConfig;
import io.polarity.pipeline.ingest.IngestStage;
import io.polarity.pipeline.preprocess.PreprocessConfig;
import io.polarity.pipeline.preprocess.PreprocessResult;
import io.polarity.pipeline.preprocess.PreprocessStage;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.NGram;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Preprocess benchmarks, run by {@code bench/preprocess.sh} through spark-submit.
 *
 * <ul>
 *   <li>{@code mllib INGEST_OUT WORK ROUNDS}: the preprocess stage (uni+bigrams, features written)
 *       against Spark MLlib's RegexTokenizer -> NGram -> CountVectorizer fitted on the same train
 *       reviews, alternating which goes first; prints each round and the medians.
 *   <li>{@code scale WORK N1,N2,...}: preprocess of generated corpora of the given sizes (generated
 *       and ingested untimed if missing); prints reviews/s and the driver JVM's peak heap.
 * </ul>
 */
public final class PreprocessBenchmark {
  private PreprocessBenchmark() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println(
          "usage: PreprocessBenchmark mllib INGEST_OUT WORK ROUNDS | scale WORK N1,N2,...");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("polarity-bench-preprocess").getOrCreate();
    try {
      switch (args[0]) {
        case "mllib" -> againstMllib(spark, args[1], args[2], Integer.parseInt(args[3]));
        case "scale" -> scale(spark, args[1], args[2]);
        default -> throw new IllegalArgumentException("unknown benchmark: " + args[0]);
      }
    } finally {
      spark.stop();
    }
  }

  private static void againstMllib(SparkSession spark, String ingest, String work, int rounds) {
    List<double[]> times = new ArrayList<>();
    int mllibVocabulary = 0;
    PreprocessResult last = null;
    for (int round = 0; round < rounds; round++) {
      double mllib = 0;
      double ours = 0;
      for (int step = 0; step < 2; step++) {
        long start = System.nanoTime();
        if ((round + step) % 2 == 0) {
          mllibVocabulary = fitMllib(spark, ingest);
          mllib = seconds(start);
        } else {
          last = preprocess(spark, ingest, work + "/preprocess-out");
          ours = seconds(start);
        }
      }
      times.add(new double[] {mllib, ours});
      System.out.printf(
          Locale.ROOT, "round %d: MLlib fit %.1f s, preprocess %.1f s%n", round + 1, mllib, ours);
    }
    double mllib = median(times, 0);
    double ours = median(times, 1);
    System.out.printf(
        Locale.ROOT,
        "%n| reviews | MLlib tokenize+ngram+CountVectorizer fit (median s) | preprocess, full output (median s) | ratio |%n"
            + "|---|---|---|---|%n| %d | %.1f | %.1f | %.2fx |%n",
        last.read(),
        mllib,
        ours,
        ours / mllib);
    System.out.printf(
        Locale.ROOT,
        "vocabulary: MLlib %d terms, Polarity %d ids (%s)%n",
        mllibVocabulary,
        last.vocabulary().size(),
        last.vocabulary().version());
  }

  /** The MLlib baseline: the same vocabulary limits, fitted on the train split's text. */
  private static int fitMllib(SparkSession spark, String ingest) {
    Dataset<Row> train =
        spark
            .read()
            .parquet(ingest + "/reviews")
            .filter(col("split").equalTo("train"))
            .select("text");
    PipelineModel model =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new RegexTokenizer()
                      .setInputCol("text")
                      .setOutputCol("tokens")
                      .setPattern("\\W+"),
                  new NGram().setN(2).setInputCol("tokens").setOutputCol("bigrams"),
                  new SQLTransformer()
                      .setStatement("SELECT concat(tokens, bigrams) AS terms FROM __THIS__"),
                  new CountVectorizer()
                      .setInputCol("terms")
                      .setOutputCol("features")
                      .setMinDF(2)
                      .setVocabSize(550_000)
                })
            .fit(train);
    return ((CountVectorizerModel) model.stages()[3]).vocabulary().length;
  }

  private static void scale(SparkSession spark, String work, String sizes) {
    long[] counts =
        Arrays.stream(sizes.split(",")).mapToLong(s -> Long.parseLong(s.trim())).toArray();
    for (long n : counts) {
      File ingested = new File(work, "ingest-" + n);
      if (!ingested.isDirectory()) {
        File corpus = new File(work, "jsonl-" + n);
        if (!corpus.isDirectory()) {
          new GenerateStage(
                  spark,
                  GenerateConfig.from(
                      conf(
                          "generate { output = \""
                              + corpus
                              + "\", format = jsonl, reviews = "
                              + n
                              + " }")))
              .run();
        }
        new IngestStage(
                spark,
                IngestConfig.from(
                    conf(
                        "ingest { output = \""
                            + ingested
                            + "\", source { format = jsonl, path = \""
                            + corpus
                            + "\" } }")))
            .run();
      }
    }
    System.out.println("| reviews | preprocess (s) | reviews/s | driver peak heap (MB) |");
    System.out.println("|---|---|---|---|");
    for (long n : counts) {
      System.gc();
      List<MemoryPoolMXBean> heap =
          ManagementFactory.getMemoryPoolMXBeans().stream()
              .filter(p -> p.getType() == MemoryType.HEAP)
              .toList();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      long start = System.nanoTime();
      PreprocessResult result =
          preprocess(spark, new File(work, "ingest-" + n).getPath(), work + "/preprocess-" + n);
      double s = seconds(start);
      long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      System.out.printf(
          Locale.ROOT,
          "| %d | %.1f | %.0f | %d |%n",
          result.read(),
          s,
          result.read() / s,
          peak >> 20);
    }
  }

  private static PreprocessResult preprocess(SparkSession spark, String input, String output) {
    return new PreprocessStage(
            spark,
            PreprocessConfig.from(
                conf(
                    "preprocess { input = \""
                        + input
                        + "\", output = \""
                        + output
                        + "\", ngrams = 2 }")))
        .run();
  }
}
