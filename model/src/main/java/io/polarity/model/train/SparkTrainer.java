package io.polarity.model.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.polarity.model.BackendInfo;
import io.polarity.model.network.Architecture;
import io.polarity.model.network.Networks;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.ingest.SplitAssigner;
import io.polarity.pipeline.io.HadoopConf;
import io.polarity.pipeline.io.Steps;
import io.polarity.pipeline.io.Tables;
import io.polarity.pipeline.preprocess.FeatureRow;
import io.polarity.pipeline.preprocess.PreprocessResult;
import io.polarity.pipeline.preprocess.Vocabulary;
import io.polarity.pipeline.warehouse.Warehouse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
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
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.evaluation.classification.ROCMultiClass;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network on a preprocess output with DL4J Spark's parameter averaging, one {@code fit}
 * per epoch, evaluating on the validation split after each, with a checkpoint after every epoch,
 * early stopping that keeps the best network, and a final model artifact under {@code
 * <train.output>/<run-id>/}.
 *
 * <p>The training minibatches are built on the executors and exported once per run (or kept in
 * Spark storage with {@code approach = direct}); each epoch gets its own training master seeded
 * with {@code seed + epoch}, so a resumed run repeats what an uninterrupted one would have done.
 */
public final class SparkTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);
  private static final int EVAL_BATCH = 128;
  public static final String MODEL = "model.zip";
  public static final String CARD = "model-card.json";

  /** The preprocess settings beside a vocabulary, copied into the model with it. */
  public static final String PREPROCESS_CONF = "preprocess.conf";

  /** Whether train run {@code runId} under {@code output} has a checkpoint to resume from. */
  public static boolean hasCheckpoint(Configuration hadoop, String output, String runId) {
    return new Checkpoints(new ModelStore(hadoop, new Path(output, runId).toString())).any();
  }

  /** Marks a directory of exported minibatches as Polarity's own. */
  static final String EXPORT_MARK = "_polarity-export";

  private final SparkSession spark;
  private final TrainConfig config;
  private final JavaSparkContext sc;

  public SparkTrainer(SparkSession spark, TrainConfig config) {
    this.spark = spark;
    this.config = config;
    this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  public TrainResult run() {
    String featuresPath = new Path(config.input(), PreprocessResult.FEATURES).toString();
    Vocabulary vocabulary =
        Vocabulary.load(
            spark,
            new Path(config.input(), PreprocessResult.VOCABULARY).toString(),
            TrainConfig.INPUT + " (a preprocess output, with vocabulary/)");
    int classes = vocabulary.labels().size();
    String runDir = new Path(config.output(), config.runId()).toString();
    ModelStore store = new ModelStore(sc.hadoopConfiguration(), runDir);
    Checkpoints checkpoints = new Checkpoints(store);
    int workers = config.spark().workers() > 0 ? config.spark().workers() : sc.defaultParallelism();
    Map<String, String> settings = config.resultSettings(workers);
    TrainState state;
    ComputationGraph graph;
    List<String> skippedCheckpoints = List.of();
    if (config.resume()) {
      Checkpoints.Resumable resumable = resumable(checkpoints, store);
      state = resumeState(resumable.state(), vocabulary, settings);
      graph = CountingGraphConfiguration.adopt(resumable.network());
      skippedCheckpoints = resumable.skipped();
    } else {
      if (store.exists(Checkpoints.DIRECTORY)) {
        LOG.info("Run {} starts again: removing its earlier checkpoints", config.runId());
        store.delete(Checkpoints.DIRECTORY);
      }
      state = new TrainState();
      state.vocabularyVersion = vocabulary.manifest().version();
      state.settings = settings;
      graph = newNetwork(vocabulary);
    }
    LOG.info(
        "Train {} starting: {} on {} ({} ids, labels {}), {} workers, {}; {}",
        config.runId(),
        config.hyperparameters(),
        config.input(),
        vocabulary.size(),
        vocabulary.labels(),
        workers,
        BackendInfo.current(),
        config.resume() ? "resuming after epoch " + state.epoch : "new run");
    if (state.stoppedEarly || state.epoch >= config.epochs()) {
      LOG.info(
          "Run {} has nothing left to train: {} after epoch {}",
          config.runId(),
          state.stoppedEarly
              ? "it stopped early"
              : "train.epochs = " + config.epochs() + " reached",
          state.epoch);
    }
    JavaRDD<DataSet> validation =
        minibatches(featuresPath, SplitAssigner.VALIDATION, classes, EVAL_BATCH)
            .persist(StorageLevel.MEMORY_AND_DISK_SER());
    TrainingData training = new TrainingData(featuresPath, classes, runDir);
    try (Steps steps = new Steps(spark, "train", config.runId(), LOG)) {
      for (int epoch = state.epoch + 1; epoch <= config.epochs() && !state.stoppedEarly; epoch++) {
        EpochMetrics metrics = epoch(graph, training, validation, workers, epoch, classes, steps);
        state.history.add(metrics);
        state.epoch = epoch;
        double score = metrics.score(config.earlyStopping().metric());
        if (score > state.bestScore + config.earlyStopping().minDelta()) {
          state.bestScore = score;
          state.bestEpoch = epoch;
          state.epochsWithoutImprovement = 0;
        } else {
          state.epochsWithoutImprovement++;
        }
        state.stoppedEarly = state.epochsWithoutImprovement >= config.earlyStopping().patience();
        checkpoints.save(graph, state);
        writeEpochMetrics(state.history);
        if (state.stoppedEarly) {
          LOG.info(
              "Early stopping after epoch {}: no {} improvement over {} for {} epochs",
              epoch,
              config.earlyStopping().metric(),
              config.earlyStopping().minDelta(),
              config.earlyStopping().patience());
        }
      }
      TrainResult result =
          new TrainResult(
              config.runId(),
              runDir,
              List.copyOf(state.history),
              state.bestEpoch,
              state.stoppedEarly,
              Math.max(0, training.examples()),
              skippedCheckpoints);
      writeArtifact(store, checkpoints.network(state.bestEpoch), result, vocabulary);
      return result;
    } finally {
      validation.unpersist();
      training.close();
    }
  }

  private ComputationGraph newNetwork(Vocabulary vocabulary) {
    ComputationGraph graph =
        new ComputationGraph(
            CountingGraphConfiguration.of(
                Networks.create(
                    config.hyperparameters(),
                    inputIds(vocabulary),
                    vocabulary.labels().size(),
                    config.seed())));
    graph.init();
    if (config.hyperparameters().architecture() == Architecture.NGRAM_BAG
        && config.hyperparameters().embeddingSize() == 0) {
      NaiveBayesInit.apply(graph, vocabulary, config.hyperparameters().naiveBayesScale());
    }
    return graph;
  }

  /**
   * How many ids the network's input takes: the whole vocabulary for the n-gram bag; for token
   * sequences only the reserved ids and the unigrams, which the vocabulary numbers first (the
   * longer n-grams never occur in a token sequence, so their embeddings would be dead weight).
   */
  int inputIds(Vocabulary vocabulary) {
    return config.networkInput() == Minibatches.Input.TOKENS
        ? Vocabulary.FIRST_TERM_ID + vocabulary.manifest().unigrams()
        : vocabulary.size();
  }

  /**
   * The newest checkpoint that reads, newer unreadable ones skipped; refused when there is none.
   */
  private Checkpoints.Resumable resumable(Checkpoints checkpoints, ModelStore store) {
    return checkpoints
        .newestReadable()
        .orElseThrow(
            () ->
                new InvalidConfigException(
                    "train.resume is set but "
                        + store.path(Checkpoints.DIRECTORY)
                        + " holds no checkpoint; nothing to resume for run id '"
                        + config.runId()
                        + "'"));
  }

  /**
   * The checkpoint's state, checked: refuses a vocabulary other than the one the checkpoint was
   * trained with (its ids would index other weights, or past the network's input), and settings
   * that would make the resumed run differ from an uninterrupted one.
   */
  private TrainState resumeState(
      TrainState state, Vocabulary vocabulary, Map<String, String> settings) {
    String current = vocabulary.manifest().version();
    if (state.vocabularyVersion != null && !state.vocabularyVersion.equals(current)) {
      throw new InvalidConfigException(
          "cannot resume run '"
              + config.runId()
              + "': its checkpoint was trained with vocabulary "
              + state.vocabularyVersion
              + ", but "
              + TrainConfig.INPUT
              + " "
              + config.input()
              + " now has vocabulary "
              + current
              + " (preprocessed again since?); start a new run, or resume on the features the run"
              + " started with");
    }
    List<String> changed = new ArrayList<>();
    for (String key : union(state.settings.keySet(), settings.keySet())) {
      String before = state.settings.get(key);
      String now = settings.get(key);
      boolean implicit = before == null && TrainConfig.implicitInOlderCheckpoints(key, now);
      if (!Objects.equals(before, now) && !implicit) {
        changed.add(
            key
                + (before == null
                    ? " was not recorded (the checkpoint predates it)"
                    : " was " + before)
                + ", now "
                + now);
      }
    }
    if (!changed.isEmpty()) {
      throw new InvalidConfigException(
          "cannot resume run '"
              + config.runId()
              + "' with changed settings: "
              + String.join("; ", changed)
              + ". A resume may change train.epochs and where files are read, written and staged,"
              + " nothing that decides the result; resume with the run's settings, or start a new"
              + " run");
    }
    return state;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private EpochMetrics epoch(
      ComputationGraph graph,
      TrainingData training,
      JavaRDD<DataSet> validation,
      int workers,
      int epoch,
      int classes,
      Steps steps) {
    long start = System.nanoTime();
    graph.getConfiguration().setEpochCount(epoch - 1); // learning-rate schedules count epochs
    TrainingLoss loss = new TrainingLoss(sc.sc(), epoch);
    SparkComputationGraph net =
        new SparkComputationGraph(
            sc,
            graph,
            TrainingMasters.create(
                config.spark(), workers, config.seed() + epoch, training.exportDirectory(), loss));
    steps.next("train: epoch " + epoch);
    training.fit(net);
    double fitSeconds = (System.nanoTime() - start) / 1e9;
    double trainLoss = loss.mean();
    if (loss.examples() != training.examples()) {
      LOG.warn(
          "epoch {}: DL4J fitted {} examples of the {} training examples (see TrainingLoss)",
          epoch,
          loss.examples(),
          training.examples());
    }
    double workerFitSeconds = loss.workerFitSeconds() / workers;
    LOG.info(
        String.format(
            Locale.ROOT,
            "epoch %d: a worker computed for %.1f s of the %.1f s fit on average (%.0f%%); the"
                + " rest went to averaging, broadcasts, task scheduling and reading minibatches",
            epoch,
            workerFitSeconds,
            fitSeconds,
            100 * workerFitSeconds / fitSeconds));
    steps.next("train: validation after epoch " + epoch);
    Validation v = validate(graph, validation, classes);
    double seconds = (System.nanoTime() - start) / 1e9;
    EpochMetrics m =
        new EpochMetrics(
            config.runId(),
            epoch,
            trainLoss,
            v.loss(),
            v.accuracy(),
            v.auc(),
            training.examples() / fitSeconds,
            fitSeconds,
            seconds,
            workerFitSeconds);
    LOG.info(
        String.format(
            Locale.ROOT,
            "epoch %d/%d: train loss %.4f, validation loss %.4f, accuracy %.4f, AUC %.4f, %.0f examples/s,"
                + " %.1f s, ETA %.0f s",
            epoch,
            config.epochs(),
            trainLoss,
            v.loss(),
            v.accuracy(),
            v.auc(),
            m.getExamplesPerSecond(),
            seconds,
            seconds * (config.epochs() - epoch)));
    return m;
  }

  /** Validation accuracy, ROC-AUC (one-vs-rest macro average for more than two classes), loss. */
  record Validation(double accuracy, double auc, double loss) {}

  /**
   * Scores {@code graph} on the validation minibatches on the executors.
   *
   * <p>Works on a copy of the network, to work around DL4J Spark 1.0.0-M2 on Spark 3.5: its scoring
   * ({@code doEvaluation}, {@code calculateScore}) broadcasts {@code network.params()} itself, and
   * Spark 3.5's MemoryStore closes an {@link AutoCloseable} block value (an INDArray is one) when
   * the ContextCleaner removes the broadcast after a garbage collection. On the driver that value
   * is the live parameter array. ND4J's {@code close()} left a freshly initialised network's array
   * alone (seen here), but not that of a network restored from its checkpoint, so a resumed run
   * lost its parameters between epochs: the next averaging round failed in Kryo ("You can't use
   * DataBuffer once it was released") or, in local mode, crashed the JVM. Only the copy is closed
   * now.
   */
  Validation validate(ComputationGraph graph, JavaRDD<DataSet> validation, int classes) {
    SparkComputationGraph net = new SparkComputationGraph(sc, graph.clone(), null);
    IEvaluation[] evals =
        net.doEvaluation(
            validation,
            EVAL_BATCH,
            new Evaluation(classes),
            classes == 2 ? new ROC(0) : new ROCMultiClass(0));
    double auc =
        classes == 2
            ? ((ROC) evals[1]).calculateAUC()
            : ((ROCMultiClass) evals[1]).calculateAverageAUC();
    double loss = net.calculateScore(validation, true, EVAL_BATCH);
    return new Validation(((Evaluation) evals[0]).accuracy(), auc, loss);
  }

  /**
   * A split's labelled feature rows as minibatches of at most {@code batchSize}, built on
   * executors.
   */
  public JavaRDD<DataSet> minibatches(
      String featuresPath, String split, int classes, int batchSize) {
    Minibatches.Input input = config.networkInput();
    return labelledRows(featuresPath, split)
        .javaRDD()
        .mapPartitions(it -> Minibatches.batches(it, batchSize, input, classes));
  }

  private Dataset<FeatureRow> labelledRows(String featuresPath, String split) {
    return Tables.read(spark, featuresPath, FeatureRow.ENCODER)
        .filter(col("split").equalTo(lit(split)).and(col("labelIndex").geq(0)));
  }

  private void writeEpochMetrics(List<EpochMetrics> history) {
    new Warehouse(spark, config.warehouse())
        .replaceRun(
            Warehouse.EPOCH_METRICS,
            config.runId(),
            Tables.toTable(spark.createDataset(history, EpochMetrics.ENCODER)));
  }

  private void writeArtifact(
      ModelStore store, ComputationGraph best, TrainResult result, Vocabulary vocabulary) {
    store.writeModel(MODEL, best);
    store.writeText("train.conf", config.rendered());
    // the model keeps a copy of its vocabulary and preprocess settings: the preprocess output it
    // was trained on is replaced by the next preprocess run, and a champion must still featurise
    // new reviews the way it was trained
    store.copyIn(
        new Path(config.input(), PreprocessResult.VOCABULARY).toString(),
        PreprocessResult.VOCABULARY);
    ModelStore input = new ModelStore(spark.sparkContext().hadoopConfiguration(), config.input());
    if (input.exists(PREPROCESS_CONF)) {
      store.copyIn(input.path(PREPROCESS_CONF), PREPROCESS_CONF);
    }
    EpochMetrics m = result.best();
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("run_id", config.runId());
    card.put("architecture", config.hyperparameters().toString());
    card.put("input", config.networkInput().name().toLowerCase(Locale.ROOT));
    card.put("labels", vocabulary.labels());
    card.put("vocabulary_version", vocabulary.manifest().version());
    // where it was trained: evaluate's default input is that preprocess output
    card.put("vocabulary_path", new Path(config.input(), PreprocessResult.VOCABULARY).toString());
    card.put("vocabulary_size", vocabulary.size());
    card.put("parameters", best.numParams());
    card.put("epochs_run", result.epochs().size());
    card.put("best_epoch", result.bestEpoch());
    card.put("stopped_early", result.stoppedEarly());
    card.put("validation_accuracy", m.getValidationAccuracy());
    card.put("validation_auc", m.getValidationAuc());
    card.put("validation_loss", m.getValidationLoss());
    card.put("backend", BackendInfo.current().toString());
    store.writeJson(CARD, card);
    LOG.info(
        "Train {} done: best epoch {} of {}, validation accuracy {}, AUC {} -> {}",
        config.runId(),
        result.bestEpoch(),
        result.epochs().size(),
        m.getValidationAccuracy(),
        m.getValidationAuc(),
        store.path(MODEL));
  }

  /**
   * The training minibatches, prepared once per run: exported to files that every epoch streams
   * ({@code approach = export}), or an RDD that DL4J keeps in Spark storage ({@code direct}).
   */
  private final class TrainingData implements AutoCloseable {
    private final String featuresPath;
    private final int classes;
    private final Path exportParent;
    private final Path exportDirectory;
    private final boolean defaultParent;
    private JavaRDD<String> paths;
    private JavaRDD<DataSet> batches;
    private long examples = -1;

    TrainingData(String featuresPath, int classes, String runDir) {
      this.featuresPath = featuresPath;
      this.classes = classes;
      this.defaultParent = config.spark().exportDirectory() == null;
      this.exportParent =
          defaultParent ? new Path(runDir, "export") : new Path(config.spark().exportDirectory());
      this.exportDirectory =
          new Path(
              exportParent, config.runId() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    String exportDirectory() {
      return exportDirectory.toString();
    }

    long examples() {
      return examples;
    }

    void fit(SparkComputationGraph net) {
      if (config.spark().approach() == TrainConfig.Approach.DIRECT) {
        if (batches == null) {
          // built and persisted once for every epoch (DL4J persists nothing, TrainingMasters)
          batches =
              minibatches(
                      featuresPath,
                      SplitAssigner.TRAIN,
                      classes,
                      config.spark().batchSizePerWorker())
                  .persist(config.spark().level());
        }
        if (examples < 0) {
          examples = requireExamples(batches.map(DataSet::numExamples).fold(0, Integer::sum));
        }
        net.fit(batches);
        return;
      }
      if (paths == null) {
        export();
      }
      net.fitPaths(paths, new MinibatchFiles(classes));
    }

    /**
     * Writes the minibatches under this run's own directory below the export parent, marked as
     * Polarity's; first removes what an earlier attempt of the same run, killed before it could
     * clean up, left there (only directories of this run id that carry the mark).
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
          labelledRows(featuresPath, SplitAssigner.TRAIN)
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
