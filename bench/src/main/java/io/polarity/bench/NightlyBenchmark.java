package io.polarity.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import java.util.Locale;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.NGram;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The nightly run's Spark MLlib counterpart (bench/nightly.sh): TF-IDF of uni- and bigrams
 * (RegexTokenizer, NGram, HashingTF, IDF) and logistic regression, fitted on the train split of an
 * ingest output's labelled reviews and scored on its validation and test splits. Prints one line:
 * {@code mllib <seconds> <validation accuracy> <test accuracy>}; the time covers reading the
 * reviews, fitting and scoring (the ingest that wrote them is not included).
 */
public final class NightlyBenchmark {
  private NightlyBenchmark() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: NightlyBenchmark INGEST_OUT");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("polarity-bench-nightly").getOrCreate();
    try {
      long start = System.nanoTime();
      Dataset<Row> reviews =
          spark
              .read()
              .parquet(args[0] + "/reviews")
              .filter(col("label").isNotNull())
              .withColumn("y", when(col("label").equalTo("positive"), 1.0).otherwise(0.0))
              .select("text", "y", "split")
              .cache();
      PipelineModel model = pipeline().fit(reviews.filter(col("split").equalTo("train")));
      double validation = accuracy(model, reviews.filter(col("split").equalTo("validation")));
      double test = accuracy(model, reviews.filter(col("split").equalTo("test")));
      System.out.printf(
          Locale.ROOT, "mllib %.1f %.4f %.4f%n", BenchSupport.seconds(start), validation, test);
    } finally {
      spark.stop();
    }
  }

  private static Pipeline pipeline() {
    RegexTokenizer tokens =
        new RegexTokenizer()
            .setInputCol("text")
            .setOutputCol("words")
            .setPattern("[^\\p{L}\\p{N}']+")
            .setToLowercase(true);
    NGram bigrams = new NGram().setN(2).setInputCol("words").setOutputCol("bigrams");
    SQLTransformer both =
        new SQLTransformer()
            .setStatement("SELECT *, concat(words, bigrams) AS terms FROM __THIS__");
    HashingTF tf = new HashingTF().setInputCol("terms").setOutputCol("tf").setNumFeatures(1 << 20);
    IDF idf = new IDF().setInputCol("tf").setOutputCol("features").setMinDocFreq(2);
    LogisticRegression lr =
        new LogisticRegression()
            .setLabelCol("y")
            .setFeaturesCol("features")
            .setMaxIter(100)
            .setRegParam(0.0001);
    return new Pipeline().setStages(new PipelineStage[] {tokens, bigrams, both, tf, idf, lr});
  }

  private static double accuracy(PipelineModel model, Dataset<Row> rows) {
    return new MulticlassClassificationEvaluator()
        .setLabelCol("y")
        .setPredictionCol("prediction")
        .setMetricName("accuracy")
        .evaluate(model.transform(rows));
  }
}
