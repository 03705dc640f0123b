package io.polarity.pipeline.generate;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.polarity.pipeline.config.RunIds;
import io.polarity.pipeline.io.HadoopConf;
import io.polarity.pipeline.io.Iterators;
import io.polarity.pipeline.io.StagedOutput;
import io.polarity.pipeline.io.Steps;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic review corpus in one of the input formats ingest reads, generated in parallel
 * on the executors (each partition generates its own index range) and committed all-or-nothing.
 *
 * <ul>
 *   <li>aclimdb: {@code {train,test}/{pos,neg,unsup}/<id>_<rating>.txt}
 *   <li>csv: header {@code id,review,sentiment,rating}; sentiment positive, negative or empty
 *   <li>jsonl: {@code {"id":..,"reviewText":..,"overall":1-5}}; unlabelled reviews get 3 stars
 * </ul>
 */
public final class GenerateStage {
  private static final Logger LOG = LoggerFactory.getLogger(GenerateStage.class);
  private static final long REVIEWS_PER_FILE = 50_000;

  private final SparkSession spark;
  private final GenerateConfig config;

  public GenerateStage(SparkSession spark, GenerateConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Generates the corpus and returns the number of reviews written. */
  public long run() {
    String runId = RunIds.generate("generate");
    LOG.info(
        "Generating {} {} reviews (seed {}) -> {}",
        config.reviews(),
        config.format().name().toLowerCase(Locale.ROOT),
        config.seed(),
        config.output());
    try (StagedOutput out =
            new StagedOutput(spark.sparkContext().hadoopConfiguration(), config.output(), runId);
        Steps steps = new Steps(spark, "generate", runId, LOG)) {
      steps.next("generate " + config.reviews() + " reviews");
      Dataset<GeneratedReview> reviews = reviews();
      switch (config.format()) {
        case ACLIMDB -> writeAclImdb(reviews, out.root());
        case CSV -> writeCsv(reviews, out.root());
        case JSONL -> writeJsonLines(reviews, out.root());
      }
      out.commit();
    }
    LOG.info("Generated {} reviews in {}", config.reviews(), config.output());
    return config.reviews();
  }

  private Dataset<GeneratedReview> reviews() {
    int partitions =
        config.files() > 0
            ? config.files()
            : (int)
                Math.max(
                    spark.sparkContext().defaultParallelism(),
                    (config.reviews() + REVIEWS_PER_FILE - 1) / REVIEWS_PER_FILE);
    ReviewGenerator generator =
        new ReviewGenerator(config.seed(), config.labelNoise(), config.unlabeledFraction());
    return spark
        .range(0, config.reviews(), 1, partitions)
        .mapPartitions(
            (MapPartitionsFunction<Long, GeneratedReview>)
                ids -> Iterators.map(ids, generator::review),
            GeneratedReview.ENCODER);
  }

  private void writeCsv(Dataset<GeneratedReview> reviews, String path) {
    reviews
        .select(
            col("id"),
            col("text").as("review"),
            when(col("label").isNull(), lit("")).otherwise(col("label")).as("sentiment"),
            col("rating"))
        .write()
        .mode(SaveMode.ErrorIfExists)
        .option("header", true)
        .option("escape", "\"")
        .csv(path);
  }

  private void writeJsonLines(Dataset<GeneratedReview> reviews, String path) {
    reviews
        .select(
            col("id"),
            col("text").as("reviewText"),
            when(col("label").isNull(), lit(3.0))
                .otherwise(ceil(col("rating").divide(2.0)))
                .cast("double")
                .as("overall"))
        .write()
        .mode(SaveMode.ErrorIfExists)
        .option("compression", config.compression().name().toLowerCase(Locale.ROOT))
        .json(path);
  }

  private void writeAclImdb(Dataset<GeneratedReview> reviews, String root) {
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    double testFraction = config.testFraction();
    long seed = config.seed();
    reviews.foreachPartition(
        (ForeachPartitionFunction<GeneratedReview>)
            rows -> writeFiles(rows, new Path(root), conf, testFraction, seed));
  }

  private static void writeFiles(
      Iterator<GeneratedReview> rows, Path root, HadoopConf conf, double testFraction, long seed) {
    try {
      FileSystem fs = root.getFileSystem(conf.get());
      fs.setWriteChecksum(false /* no .crc files beside the reviews on local disks */);
      while (rows.hasNext()) {
        GeneratedReview r = rows.next();
        String split =
            new java.util.SplittableRandom(seed ^ (r.getId() * 0x2545F4914F6CDD1DL)).nextDouble()
                    < testFraction
                ? "test"
                : "train";
        String cls =
            r.getLabel() == null
                ? "unsup"
                : GeneratedReview.POSITIVE.equals(r.getLabel()) ? "pos" : "neg";
        Path file =
            new Path(root, split + "/" + cls + "/" + r.getId() + "_" + r.getRating() + ".txt");
        try (OutputStream os = fs.create(file, false /* never overwrite */)) {
          os.write(r.getText().getBytes(StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write generated review under " + root, e);
    }
  }
}
