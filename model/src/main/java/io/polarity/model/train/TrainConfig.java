package io.polarity.model.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.polarity.model.engine.Minibatches;
import io.polarity.model.network.Architecture;
import io.polarity.model.network.Hyperparameters;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.config.RunIds;
import io.polarity.pipeline.config.Settings;
import io.polarity.pipeline.warehouse.Warehouse;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.storage.StorageLevel;

/**
 * Typed configuration of the train job, read from the {@code train} section; {@code rendered} is
 * that section as HOCON, stored with the model. Everything about DL4J's parameter averaging is
 * under {@code train.spark}.
 */
public record TrainConfig(
    String runId,
    String input,
    String output,
    String warehouse,
    boolean resume,
    long seed,
    int epochs,
    Engine engine,
    Hyperparameters hyperparameters,
    SparkSettings spark,
    EarlyStopping earlyStopping,
    String rendered)
    implements Serializable {

  public static final String SECTION = "train";
  public static final String INPUT = "train.input";
  public static final String OUTPUT = "train.output";
  public static final String WAREHOUSE = Warehouse.ROOT;
  public static final String RUN_ID = "train.run-id";
  public static final String RESUME = "train.resume";

  /** How DL4J's training master distributes an epoch (see ParameterAveragingTrainingMaster). */
  public record SparkSettings(
      int workers,
      int batchSizePerWorker,
      int averagingFrequency,
      int prefetch,
      Approach approach,
      String exportDirectory,
      String storageLevel,
      Repartition repartition)
      implements Serializable {

    public StorageLevel level() {
      return StorageLevel.fromString(
          storageLevel.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
  }

  /** How an epoch is spread over the workers ({@code train.engine}). */
  public enum Engine {
    /** Polarity's parameter averaging ({@code AveragingEngine}): every example, every epoch. */
    POLARITY,
    /** DL4J Spark's ParameterAveragingTrainingMaster, the reference it is tested against. */
    DL4J_SPARK
  }

  /** DL4J's RDDTrainingApproach. */
  public enum Approach {
    EXPORT,
    DIRECT
  }

  /** DL4J's Repartition. */
  public enum Repartition {
    ALWAYS,
    NEVER,
    NUM_PARTITIONS_WORKERS_DIFFERS
  }

  /** The validation metric early stopping watches. */
  public enum Metric {
    ACCURACY,
    AUC,
    LOSS
  }

  /** Stop when {@code metric} has not improved by {@code minDelta} for {@code patience} epochs. */
  public record EarlyStopping(Metric metric, int patience, double minDelta)
      implements Serializable {}

  private static final List<String> STORAGE_LEVELS =
      List.of(
          "memory-only", "memory-only-ser", "memory-and-disk", "memory-and-disk-ser", "disk-only");

  public static TrainConfig from(Config root) {
    Settings s = Settings.of(root, SECTION);
    Settings m = s.section("model");
    Settings sp = s.section("spark");
    Settings es = s.section("early-stopping");
    String level = sp.string("storage-level");
    if (!STORAGE_LEVELS.contains(level)) {
      throw new InvalidConfigException(
          "train.spark.storage-level must be one of " + STORAGE_LEVELS + ", but was: " + level);
    }
    Architecture architecture = m.oneOf("architecture", Architecture.class);
    int embedding = m.intIn("embedding-size", 0, 4096);
    if (architecture == Architecture.CNN && embedding == 0) {
      throw new InvalidConfigException(
          "train.model.embedding-size must be between 1 and 4096 for the cnn architecture, but was: 0");
    }
    int[] widths = m.raw().getIntList("widths").stream().mapToInt(Integer::intValue).toArray();
    for (int w : widths) {
      if (w < 1 || w > 50) {
        throw new InvalidConfigException(
            "train.model.widths must be filter widths between 1 and 50, but was: "
                + java.util.Arrays.toString(widths));
      }
    }
    boolean naiveBayesFeatures = m.bool("naive-bayes-features");
    if (naiveBayesFeatures && (architecture != Architecture.NGRAM_BAG || embedding != 0)) {
      throw new InvalidConfigException(
          "train.model.naive-bayes-features applies to the linear ngram-bag (embedding-size = 0)"
              + " only, but the model is "
              + architecture.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
              + " with embedding-size = "
              + embedding);
    }
    if (architecture == Architecture.CNN && widths.length == 0) {
      throw new InvalidConfigException(
          "train.model.widths must not be empty for the cnn architecture");
    }
    return new TrainConfig(
        RunIds.orGenerate(s, "run-id", "train"),
        s.string("input"),
        s.string("output"),
        Warehouse.root(root),
        s.bool("resume"),
        s.longIn("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        s.intIn("epochs", 1, 10_000),
        s.oneOf("engine", Engine.class),
        new Hyperparameters(
            architecture,
            m.oneOf("optimizer", Hyperparameters.Optimizer.class),
            m.doubleIn("learning-rate", 1e-7, 10.0),
            m.doubleIn("learning-rate-decay", 0.01, 1.0),
            m.doubleIn("l2", 0.0, 1.0),
            m.doubleIn("dropout", 0.0, 0.95),
            embedding,
            m.intIn("filters", 1, 4096),
            widths,
            m.doubleIn("naive-bayes-scale", 0.0, 100.0),
            naiveBayesFeatures),
        new SparkSettings(
            sp.intIn("workers", 0, 100_000),
            sp.intIn("batch-size-per-worker", 1, 65_536),
            sp.intIn("averaging-frequency", 1, 100_000),
            sp.intIn("prefetch", 0, 1_000),
            sp.oneOf("approach", Approach.class),
            sp.optionalString("export-directory"),
            level,
            sp.oneOf("repartition", Repartition.class)),
        new EarlyStopping(
            es.oneOf("metric", Metric.class),
            es.intIn("patience", 1, 10_000),
            es.doubleIn("min-delta", 0.0, 1.0)),
        "train " + s.raw().root().render(ConfigRenderOptions.defaults().setOriginComments(false)));
  }

  /**
   * The {@code train} settings a run's result depends on, flattened ({@code train.model.l2} to
   * {@code 0.0001}), with the number of workers the run actually uses. A resume must leave them as
   * they were; it may change the number of epochs and where files are read, written and staged.
   */
  public Map<String, String> resultSettings(int workers) {
    Config train = ConfigFactory.parseString(rendered).getConfig(SECTION);
    Map<String, String> settings = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : train.entrySet()) {
      if (!RESUMABLE.contains(e.getKey())) {
        settings.put(
            SECTION + "." + e.getKey(), e.getValue().render(ConfigRenderOptions.concise()));
      }
    }
    settings.put(SECTION + ".spark.workers", Integer.toString(workers));
    return settings;
  }

  /**
   * Settings added after runs began writing checkpoints, with the value that every run before them
   * implicitly had: a checkpoint that lacks one resumes while the setting keeps that value.
   */
  private static final Map<String, String> IMPLICIT_IN_OLDER_CHECKPOINTS =
      Map.of(
          SECTION + ".model.naive-bayes-scale", "1.0",
          SECTION + ".model.naive-bayes-features", "false");

  /**
   * Whether a checkpoint without {@code key} was trained as a run with this rendered value of it
   * would be ({@link #IMPLICIT_IN_OLDER_CHECKPOINTS}; numbers compare by value, so 1 is 1.0).
   */
  static boolean implicitInOlderCheckpoints(String key, String rendered) {
    String implicit = IMPLICIT_IN_OLDER_CHECKPOINTS.get(key);
    if (implicit == null || rendered == null) {
      return false;
    }
    Object now = ConfigFactory.parseString("v = " + rendered).getValue("v").unwrapped();
    Object then = ConfigFactory.parseString("v = " + implicit).getValue("v").unwrapped();
    return now instanceof Number a && then instanceof Number b
        ? a.doubleValue() == b.doubleValue()
        : now.equals(then);
  }

  private static final Set<String> RESUMABLE =
      Set.of(
          "run-id",
          "resume",
          "epochs",
          "input",
          "output",
          "spark.export-directory",
          "spark.prefetch",
          "spark.storage-level");

  /** The input the architecture reads. */
  public Minibatches.Input networkInput() {
    return hyperparameters.architecture() == Architecture.CNN
        ? Minibatches.Input.TOKENS
        : Minibatches.Input.NGRAMS;
  }
}
