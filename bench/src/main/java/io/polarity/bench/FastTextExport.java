package io.polarity.bench;

import static org.apache.spark.sql.functions.col;

import io.polarity.pipeline.ingest.Review;
import io.polarity.pipeline.io.Tables;
import io.polarity.pipeline.preprocess.NormalizerConfig;
import io.polarity.pipeline.preprocess.NormalizerConfig.UnspacedScripts;
import io.polarity.pipeline.preprocess.TextNormalizer;
import java.util.Locale;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the labelled reviews of an ingest output's splits (train and validation unless named) as
 * fastText input ({@code __label__<label> <tokens>}, one review a line), tokenised by Polarity's
 * normaliser with its default settings, or with {@code preprocess.normalise.unspaced-scripts} set
 * to UNSPACED (e.g. {@code characters}), so that {@code bench/fasttext.sh} and {@code
 * bench/chinese.sh} compare the two trainers on the same reviews and tokens. Usage: {@code
 * FastTextExport INGEST_OUT DIR [SPLIT,... [UNSPACED]]}; writes {@code DIR/<split>/part-*.txt}.
 */
public final class FastTextExport {
  private FastTextExport() {}

  public static void main(String[] args) {
    if (args.length < 2 || args.length > 4) {
      System.err.println("usage: FastTextExport INGEST_OUT DIR [SPLIT,... [UNSPACED]]");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("polarity-bench-fasttext").getOrCreate();
    try {
      NormalizerConfig defaults = NormalizerConfig.defaults();
      TextNormalizer normalizer =
          new TextNormalizer(
              args.length < 4
                  ? defaults
                  : new NormalizerConfig(
                      defaults.lowercase(),
                      defaults.urls(),
                      defaults.emails(),
                      defaults.digitRun(),
                      defaults.splitContractions(),
                      UnspacedScripts.valueOf(args[3].toUpperCase(Locale.ROOT))));
      String[] splits = (args.length >= 3 ? args[2] : "train,validation").split(",");
      for (String split : splits) {
        Tables.read(spark, args[0] + "/reviews", Review.ENCODER)
            .filter(col("split").equalTo(split).and(col("label").isNotNull()))
            .map(
                (MapFunction<Review, String>)
                    r ->
                        "__label__"
                            + r.getLabel().toLowerCase(Locale.ROOT)
                            + " "
                            + String.join(" ", normalizer.tokens(r.getText())),
                Encoders.STRING())
            .coalesce(1)
            .write()
            .text(args[1] + "/" + split);
      }
    } finally {
      spark.stop();
    }
  }
}
