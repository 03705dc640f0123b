package io.polarity.bench;

import static org.apache.spark.sql.functions.col;

import io.polarity.pipeline.ingest.Review;
import io.polarity.pipeline.io.Tables;
import io.polarity.pipeline.preprocess.NormalizerConfig;
import io.polarity.pipeline.preprocess.TextNormalizer;
import java.util.Locale;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the labelled reviews of an ingest output's train and validation splits as fastText input
 * ({@code __label__<label> <tokens>}, one review a line), tokenised by Polarity's normaliser with
 * its default settings, so that {@code bench/fasttext.sh} compares the two trainers on the same
 * reviews and tokens. Usage: {@code FastTextExport INGEST_OUT DIR}; writes {@code
 * DIR/<split>/part-*.txt}.
 */
public final class FastTextExport {
  private FastTextExport() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: FastTextExport INGEST_OUT DIR");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("polarity-bench-fasttext").getOrCreate();
    try {
      TextNormalizer normalizer = new TextNormalizer(NormalizerConfig.defaults());
      for (String split : new String[] {"train", "validation"}) {
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
