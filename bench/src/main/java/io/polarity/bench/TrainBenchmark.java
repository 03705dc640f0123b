package io.polarity.bench;

import static io.polarity.bench.BenchSupport.seconds;

import com.typesafe.config.Config;
import io.polarity.model.network.Networks;
import io.polarity.model.train.EpochMetrics;
import io.polarity.model.train.NaiveBayesInit;
import io.polarity.model.train.SparkTrainer;
import io.polarity.model.train.TrainConfig;
import io.polarity.model.train.TrainResult;
import io.polarity.pipeline.config.ConfigLoader;
import io.polarity.pipeline.preprocess.Vocabulary;
import java.io.File;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Training throughput, run by {@code bench/train.sh}: the shipped configuration's network fitted in
 * this JVM on the same minibatches the Spark trainer uses (collected here, which only a benchmark
 * may do), against the Spark trainer with 1 and with 2 workers; examples/s of the last of EPOCHS
 * epochs (fit only), and seconds until validation accuracy first reaches 0.90.
 */
public final class TrainBenchmark {
  private TrainBenchmark() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println(
          "usage: TrainBenchmark CONF WORK EPOCHS [single | spark WORKERS LABEL] (bench/scale.sh)");
      System.exit(2);
    }
    Config conf = ConfigLoader.load(new File(args[0]));
    String work = args[1];
    int epochs = Integer.parseInt(args[2]);
    SparkSession spark = SparkSession.builder().appName("polarity-bench-train").getOrCreate();
    try {
      if (args.length > 3) {
        scaleRow(spark, conf, work, epochs, args);
        return;
      }
      TrainConfig base = config(conf, work, "bench-single", 1, epochs);
      double single = singleJvm(spark, base, epochs);
      System.out.println(
          "| trainer | examples/s (epoch "
              + epochs
              + ") | vs single JVM | s to 0.90 validation accuracy |");
      System.out.println("|---|---|---|---|");
      System.out.printf(
          Locale.ROOT, "| single JVM ComputationGraph.fit | %.0f | 1.00x | - |%n", single);
      for (int workers : new int[] {1, 2}) {
        TrainResult r =
            new SparkTrainer(spark, config(conf, work, "bench-" + workers + "w", workers, epochs))
                .run();
        EpochMetrics last = r.epochs().get(r.epochs().size() - 1);
        System.out.printf(
            Locale.ROOT,
            "| Spark, %d worker(s) | %.0f | %.2fx | %s |%n",
            workers,
            last.getExamplesPerSecond(),
            last.getExamplesPerSecond() / single,
            timeTo(r.epochs(), 0.90));
      }
    } finally {
      spark.stop();
    }
  }

  private static TrainConfig config(
      Config conf, String work, String runId, int workers, int epochs) {
    Config c =
        ConfigLoader.applyOverrides(
            conf,
            List.of(
                "train.output=" + work + "/models",
                "warehouse.root=" + work + "/warehouse",
                "train.run-id=" + runId,
                "train.spark.workers=" + workers,
                "train.epochs=" + epochs,
                "train.early-stopping.patience=" + epochs));
    return TrainConfig.from(c);
  }

  /**
   * One measurement for {@code bench/scale.sh} and {@code bench/train.sh}, printed as {@code RESULT
   * label examples/s fit-seconds worker-fit-seconds seconds-to-0.90 best-validation-accuracy} for
   * the last epoch: the single-JVM fit ({@code single}; no worker or averaging time), or the Spark
   * trainer with WORKERS workers on whatever master spark-submit gave.
   */
  private static void scaleRow(
      SparkSession spark, Config conf, String work, int epochs, String[] args) {
    if (args[3].equals("single")) {
      double rate = singleJvm(spark, config(conf, work, "scale-single", 1, epochs), epochs);
      System.out.printf(Locale.ROOT, "RESULT single %.1f - - - -%n", rate);
      return;
    }
    int workers = Integer.parseInt(args[4]);
    String label = args[5];
    TrainResult r =
        new SparkTrainer(spark, config(conf, work, "scale-" + label, workers, epochs)).run();
    EpochMetrics last = r.epochs().get(r.epochs().size() - 1);
    String to90 = timeTo(r.epochs(), 0.90);
    System.out.printf(
        Locale.ROOT,
        "RESULT %s %.1f %.2f %.2f %s %.4f%n",
        label,
        last.getExamplesPerSecond(),
        last.getFitSeconds(),
        last.getWorkerFitSeconds(),
        to90.startsWith("not") ? "-" : to90.substring(0, to90.indexOf(' ')),
        r.best().getValidationAccuracy());
  }

  /** Examples/s of the last epoch of a plain single-JVM fit over the same minibatches. */
  private static double singleJvm(SparkSession spark, TrainConfig c, int epochs) {
    Vocabulary vocabulary = Vocabulary.load(spark, c.input() + "/vocabulary");
    SparkTrainer trainer = new SparkTrainer(spark, c);
    List<DataSet> batches =
        trainer
            .minibatches(
                c.input() + "/features",
                "train",
                vocabulary.labels().size(),
                c.spark().batchSizePerWorker())
            .collect();
    long examples = batches.stream().mapToLong(DataSet::numExamples).sum();
    ComputationGraph graph =
        new ComputationGraph(
            Networks.create(
                c.hyperparameters(), vocabulary.size(), vocabulary.labels().size(), c.seed()));
    graph.init();
    NaiveBayesInit.apply(graph, vocabulary, c.hyperparameters().naiveBayesScale());
    double rate = 0;
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long start = System.nanoTime();
      for (DataSet batch : batches) {
        graph.fit(batch);
      }
      rate = examples / seconds(start);
      System.out.printf(Locale.ROOT, "single JVM epoch %d: %.0f examples/s%n", epoch, rate);
    }
    return rate;
  }

  private static String timeTo(List<EpochMetrics> epochs, double accuracy) {
    double total = 0;
    for (EpochMetrics m : epochs) {
      total += m.getSeconds();
      if (m.getValidationAccuracy() >= accuracy) {
        return String.format(Locale.ROOT, "%.0f (epoch %d)", total, m.getEpoch());
      }
    }
    return "not reached";
  }
}
