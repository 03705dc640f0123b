package io.polarity.model.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.polarity.model.engine.Minibatches;
import io.polarity.model.engine.TrainingEngine;
import io.polarity.pipeline.ingest.SplitAssigner;
import io.polarity.pipeline.io.HadoopConf;
import io.polarity.pipeline.io.Tables;
import io.polarity.pipeline.preprocess.FeatureRow;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DL4J Spark's {@code ParameterAveragingTrainingMaster} as an engine ({@code train.engine =
 * dl4j-spark}): the reference Polarity's own engine is tested against. One master per epoch, seeded
 * with {@code seed + epoch} ({@link TrainingMasters}). The training minibatches are built on the
 * executors once per run: exported to files that every epoch streams ({@code approach = export}),
 * or an RDD kept in Spark storage ({@code direct}). DL4J's master fits at most {@code
 * averaging-frequency} minibatches a worker and round of its random split and drops the rest; the
 * examples it fitted are counted ({@link TrainingLoss}), and the trainer fails an epoch that did
 * not fit them all.
 */
final class Dl4jSparkEngine implements TrainingEngine {
  private static final Logger LOG = LoggerFactory.getLogger(Dl4jSparkEngine.class);

  /** Marks a directory of exported minibatches as Polarity's own. */
  static final String EXPORT_MARK = "_polarity-export";

  private final SparkSession spark;
  private final JavaSparkContext sc;
  private final TrainConfig config;
  private final String featuresPath;
  private final int classes;
  private final int workers;
  private final Path exportParent;
  private final Path exportDirectory;
  private final boolean defaultParent;
  private JavaRDD<String> paths;
  private JavaRDD<DataSet> batches;
  private long examples;

  Dl4jSparkEngine(
      SparkSession spark,
      TrainConfig config,
      String featuresPath,
      int classes,
      int workers,
      String runDir) {
    this.spark = spark;
    this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.config = config;
    this.featuresPath = featuresPath;
    this.classes = classes;
    this.workers = workers;
    this.defaultParent = config.spark().exportDirectory() == null;
    this.exportParent =
        defaultParent ? new Path(runDir, "export") : new Path(config.spark().exportDirectory());
    this.exportDirectory =
        new Path(exportParent, config.runId() + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Override
  public long examples() {
    return examples;
  }

  @Override
  public int workers() {
    return workers;
  }

  @Override
  public EpochFit fit(ComputationGraph network, int epoch) {
    TrainingLoss loss = new TrainingLoss(sc.sc(), epoch);
    SparkComputationGraph net =
        new SparkComputationGraph(
            sc,
            network,
            TrainingMasters.create(
                config.spark(), workers, config.seed() + epoch, exportDirectory.toString(), loss));
    if (config.spark().approach() == TrainConfig.Approach.DIRECT) {
      if (batches == null) {
        // built and persisted once for every epoch (DL4J persists nothing, TrainingMasters)
        batches = minibatches(spark, featuresPath, config, classes).persist(config.spark().level());
        examples = requireExamples(batches.map(DataSet::numExamples).fold(0, Integer::sum));
      }
      net.fit(batches);
    } else {
      if (paths == null) {
        export();
      }
      net.fitPaths(paths, new MinibatchFiles(classes));
    }
    return new EpochFit(loss.examples(), loss.lossSum(), loss.workerFitSeconds());
  }

  /** The train split's labelled rows as minibatches of the workers' batch size. */
  private static JavaRDD<DataSet> minibatches(
      SparkSession spark, String featuresPath, TrainConfig config, int classes) {
    Minibatches.Input input = config.networkInput();
    int size = config.spark().batchSizePerWorker();
    return labelledTrainRows(spark, featuresPath)
        .javaRDD()
        .mapPartitions(it -> Minibatches.batches(it, size, input, classes));
  }

  private static Dataset<FeatureRow> labelledTrainRows(SparkSession spark, String featuresPath) {
    return Tables.read(spark, featuresPath, FeatureRow.ENCODER)
        .filter(col("split").equalTo(lit(SplitAssigner.TRAIN)).and(col("labelIndex").geq(0)));
  }

  /**
   * Writes the minibatches under this run's own directory below the export parent, marked as
   * Polarity's; first removes what an earlier attempt of the same run, killed before it could clean
   * up, left there (only directories of this run id that carry the mark).
   */
  private void export() {
    HadoopConf conf = new HadoopConf(sc.hadoopConfiguration());
    try {
      FileSystem fs = exportParent.getFileSystem(sc.hadoopConfiguration());
      if (fs.exists(exportParent)) {
        for (FileStatus stale : fs.listStatus(exportParent)) {
          if (stale.isDirectory()
              && stale.getPath().getName().startsWith(config.runId() + "-")
              && fs.exists(new Path(stale.getPath(), EXPORT_MARK))) {
            LOG.info("Removing minibatches left by an earlier attempt: {}", stale.getPath());
            fs.delete(stale.getPath(), true /* recursive */);
          }
        }
      }
      fs.mkdirs(exportDirectory);
      fs.create(new Path(exportDirectory, EXPORT_MARK), false).close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + exportDirectory + " for minibatches", e);
    }
    String dir = exportDirectory.toString();
    Minibatches.Input input = config.networkInput();
    int size = config.spark().batchSizePerWorker();
    int labels = classes;
    paths =
        labelledTrainRows(spark, featuresPath)
            .javaRDD()
            .mapPartitionsWithIndex(
                (index, it) -> save(index, it, size, input, labels, dir, conf), true)
            .persist(StorageLevel.MEMORY_ONLY());
    examples =
        requireExamples(
            paths
                .map(p -> Long.parseLong(p.substring(p.lastIndexOf('_') + 1, p.lastIndexOf('.'))))
                .fold(0L, Long::sum));
    LOG.info("Exported {} training examples to {}", examples, dir);
  }

  private long requireExamples(long count) {
    if (count == 0) {
      throw new IllegalArgumentException(
          TrainConfig.INPUT + " has no labelled review in its train split: " + config.input());
    }
    return count;
  }

  /** Removes this run's minibatches, and the default parent when nothing else is in it. */
  @Override
  public void close() {
    if (batches != null) {
      batches.unpersist();
    }
    if (paths != null) {
      paths.unpersist();
      try {
        FileSystem fs = exportDirectory.getFileSystem(sc.hadoopConfiguration());
        fs.delete(exportDirectory, true /* recursive */);
        if (defaultParent && fs.listStatus(exportParent).length == 0) {
          fs.delete(exportParent, false);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot remove exported minibatches in " + exportDirectory, e);
      }
    }
  }

  /**
   * Saves one partition's rows as minibatch files of at most {@code size} rows ({@link
   * MinibatchFiles}), named {@code <partition>-<n>_<examples>.bin}; returns their paths.
   */
  private static Iterator<String> save(
      int partition,
      Iterator<FeatureRow> rows,
      int size,
      Minibatches.Input input,
      int classes,
      String dir,
      HadoopConf conf)
      throws IOException {
    List<String> written = new ArrayList<>();
    Path root = new Path(dir);
    FileSystem fs = root.getFileSystem(conf.get());
    int n = 0;
    while (rows.hasNext()) {
      List<FeatureRow> batch = new ArrayList<>(size);
      while (rows.hasNext() && batch.size() < size) {
        FeatureRow row = rows.next();
        Minibatches.requireLabel(row, classes);
        batch.add(row);
      }
      Path file = new Path(root, partition + "-" + (n++) + "_" + batch.size() + ".bin");
      try (OutputStream out = fs.create(file, true)) {
        MinibatchFiles.write(batch, input, out);
      }
      written.add(file.toString());
    }
    return written.iterator();
  }
}
