package io.polarity.model.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.polarity.model.BackendInfo;
import io.polarity.model.engine.AveragingEngine;
import io.polarity.model.engine.Minibatches;
import io.polarity.model.engine.RoundPlan;
import io.polarity.model.engine.Scorer;
import io.polarity.model.engine.TrainingEngine;
import io.polarity.model.network.Architecture;
import io.polarity.model.network.Networks;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.ingest.SplitAssigner;
import io.polarity.pipeline.io.Steps;
import io.polarity.pipeline.io.Tables;
import io.polarity.pipeline.preprocess.FeatureRow;
import io.polarity.pipeline.preprocess.PreprocessResult;
import io.polarity.pipeline.preprocess.Vocabulary;
import io.polarity.pipeline.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network on a preprocess output by parameter averaging across Spark's executors, an epoch
 * at a time through its engine ({@code train.engine}: Polarity's own {@link AveragingEngine}, or
 * DL4J Spark's training master), scoring the validation split on the executors after each epoch,
 * with a checkpoint after every epoch, early stopping that keeps the best network, and a final
 * model artifact under {@code <train.output>/<run-id>/}. Every epoch must fit every training
 * example: the engine counts them as its workers fit them, and an epoch that fitted another number
 * fails the run. What decides an epoch's work depends on the seed and the epoch alone, so a resumed
 * run repeats what an uninterrupted one would have done.
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
    Dataset<FeatureRow> validation =
        labelledRows(featuresPath, SplitAssigner.VALIDATION)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try (TrainingEngine engine = engine(featuresPath, classes, workers, runDir);
        Steps steps = new Steps(spark, "train", config.runId(), LOG)) {
      for (int epoch = state.epoch + 1; epoch <= config.epochs() && !state.stoppedEarly; epoch++) {
        EpochMetrics metrics = epoch(graph, engine, validation, epoch, classes, steps);
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
        steps.next("train: checkpoint after epoch " + epoch);
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
              engine.examples(),
              skippedCheckpoints);
      writeArtifact(store, checkpoints.network(state.bestEpoch), result, vocabulary);
      return result;
    } finally {
      validation.unpersist();
    }
  }

  /** The engine {@code train.engine} names, over the train split of {@code featuresPath}. */
  private TrainingEngine engine(String featuresPath, int classes, int workers, String runDir) {
    TrainConfig.SparkSettings s = config.spark();
    return switch (config.engine()) {
      case POLARITY ->
          new AveragingEngine(
              spark,
              new AveragingEngine.Source(
                  featuresPath, config.networkInput(), classes, workers, s.level()),
              new RoundPlan(config.seed(), s.batchSizePerWorker(), s.averagingFrequency()));
      case DL4J_SPARK -> new Dl4jSparkEngine(spark, config, featuresPath, classes, workers, runDir);
    };
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
      TrainingEngine engine,
      Dataset<FeatureRow> validation,
      int epoch,
      int classes,
      Steps steps) {
    long start = System.nanoTime();
    graph.getConfiguration().setEpochCount(epoch - 1); // learning-rate schedules count epochs
    steps.next("train: epoch " + epoch);
    TrainingEngine.EpochFit fit = engine.fit(graph, epoch);
    double fitSeconds = (System.nanoTime() - start) / 1e9;
    if (fit.examples() != engine.examples()) {
      throw new IllegalStateException(
          "epoch "
              + epoch
              + " fitted "
              + fit.examples()
              + " of the "
              + engine.examples()
              + " training examples"
              + (config.engine() == TrainConfig.Engine.DL4J_SPARK
                  ? " (DL4J's training master fits at most train.spark.averaging-frequency"
                      + " minibatches a worker and round of its random split, and drops the rest;"
                      + " train.engine = polarity fits every example)"
                  : ""));
    }
    double workerFitSeconds = fit.workerSeconds() / engine.workers();
    LOG.info(
        String.format(
            Locale.ROOT,
            "epoch %d: a worker computed for %.1f s of the %.1f s fit on average (%.0f%%); the"
                + " rest went to averaging, broadcasts and task scheduling",
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
            fit.meanLoss(),
            v.loss(),
            v.accuracy(),
            v.auc(),
            fit.examples() / fitSeconds,
            fitSeconds,
            seconds,
            workerFitSeconds,
            fit.examples());
    LOG.info(
        String.format(
            Locale.ROOT,
            "epoch %d/%d: train loss %.4f, validation loss %.4f, accuracy %.4f, AUC %.4f, %.0f examples/s,"
                + " %.1f s, ETA %.0f s",
            epoch,
            config.epochs(),
            fit.meanLoss(),
            v.loss(),
            v.accuracy(),
            v.auc(),
            m.getExamplesPerSecond(),
            seconds,
            seconds * (config.epochs() - epoch)));
    return m;
  }

  /** Scores {@code graph} on the validation rows on the executors ({@link Scorer}). */
  Validation validate(ComputationGraph graph, Dataset<FeatureRow> validation, int classes) {
    try (Scorer scorer = new Scorer(sc, graph, config.networkInput(), classes)) {
      return Validation.of(scorer.score(validation).collectAsList(), classes);
    }
  }

  /**
   * A split's labelled feature rows as minibatches of at most {@code batchSize}, built on the
   * executors in the feature table's order (the benchmarks' single-JVM fit, the tests).
   */
  public JavaRDD<DataSet> minibatches(
      String featuresPath, String split, int classes, int batchSize) {
    Minibatches.Input input = config.networkInput();
    return labelledRows(featuresPath, split)
        .javaRDD()
        .mapPartitions(it -> Minibatches.batches(it, batchSize, input, classes));
  }

  Dataset<FeatureRow> labelledRows(String featuresPath, String split) {
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
}
