package io.polarity.model.nightly;

import static org.apache.spark.sql.functions.col;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.polarity.model.evaluate.ClassificationMetrics;
import io.polarity.model.evaluate.EvaluateConfig;
import io.polarity.model.evaluate.EvaluateResult;
import io.polarity.model.evaluate.Evaluator;
import io.polarity.model.registry.ModelRegistry;
import io.polarity.model.registry.ModelsTable;
import io.polarity.model.registry.PromotionPolicy;
import io.polarity.model.score.ScoreConfig;
import io.polarity.model.score.ScoreResult;
import io.polarity.model.score.ScoreStage;
import io.polarity.model.train.SparkTrainer;
import io.polarity.model.train.TrainConfig;
import io.polarity.model.train.TrainResult;
import io.polarity.pipeline.config.ConfigLoader;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.ingest.IngestConfig;
import io.polarity.pipeline.ingest.IngestResult;
import io.polarity.pipeline.ingest.IngestStage;
import io.polarity.pipeline.ingest.InputListing;
import io.polarity.pipeline.ingest.SourceConfig;
import io.polarity.pipeline.io.StagedOutput;
import io.polarity.pipeline.preprocess.PreprocessConfig;
import io.polarity.pipeline.preprocess.PreprocessResult;
import io.polarity.pipeline.preprocess.PreprocessStage;
import io.polarity.pipeline.warehouse.DataQualityRows;
import io.polarity.pipeline.warehouse.RunOutcome;
import io.polarity.pipeline.warehouse.RunRecorder;
import io.polarity.pipeline.warehouse.Warehouse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nightly run: ingest, preprocess, train, evaluate, promote and (optionally) score in one Spark
 * application, under the nightly lock, each stage recorded in {@code runs} as {@code <run
 * id>.<stage>} with the nightly run as its parent, and the nightly run itself recorded with its
 * stages' seconds.
 *
 * <p>A stage whose fingerprint (its settings and the versions of its inputs: the source listing,
 * the run id that wrote the upstream output, the models compared) equals that of its last success,
 * and whose output is still the one that success wrote, is skipped. So a rerun over unchanged data
 * does nothing, a rerun of a failed run id starts at the stage that failed, and a train stage that
 * failed mid-run continues from its last checkpoint when it is run again with the same inputs.
 */
public final class NightlyRun {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyRun.class);
  public static final String JOB = "nightly";
  private static final String CHAMPION_EVALUATION = "evaluate-champion";

  private final SparkSession spark;
  private final NightlyConfig config;
  private final Configuration hadoop;
  private final Warehouse warehouse;
  private final StageLedger ledger;
  private final ModelRegistry registry;
  private final List<StageOutcome> outcomes = new ArrayList<>();
  private volatile String stopReason;
  private volatile String activeJobTag;
  private Optional<String> takeover = Optional.empty();

  public NightlyRun(SparkSession spark, NightlyConfig config) {
    this.spark = spark;
    this.config = config;
    this.hadoop = spark.sparkContext().hadoopConfiguration();
    this.warehouse = new Warehouse(spark, config.warehouse());
    this.ledger = new StageLedger(hadoop, new Path(config.warehouse(), "nightly").toString());
    this.registry = new ModelRegistry(hadoop, config.warehouse());
  }

  /** A stage that failed: the nightly run stops there, and a rerun of its id starts there. */
  public static final class StageFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String stage;

    StageFailedException(String stage, String message, Throwable cause) {
      super(message, cause);
      this.stage = stage;
    }

    public String stage() {
      return stage;
    }
  }

  /**
   * Runs the nightly batch. Throws {@link NightlyLock.HeldException} when another run holds the
   * lock, and {@link StageFailedException} when a stage fails (after recording it).
   */
  public NightlyResult run() {
    Stages stages = new Stages(config.root(), config);
    try (NightlyLock lock =
        NightlyLock.acquire(
            hadoop,
            ledger.directory(),
            config.runId(),
            config.concurrency(),
            config.liveness().interval(),
            config.staleAfter(),
            config.replaceWait(),
            this::stop)) {
      takeover = lock.acquired().takenOver();
      RunRecorder recorder = new RunRecorder(spark, warehouse, config.liveness());
      return recorder.record(
          JOB,
          config.runId(),
          config
              .root()
              .getConfig(NightlyConfig.SECTION)
              .root()
              .render(ConfigRenderOptions.concise()),
          () -> run(stages, recorder.under(config.runId())),
          result ->
              // input_rows: the stages; output_rows: those that ran rather than being skipped
              new RunOutcome(
                  stages.ingest.sources().stream().map(SourceConfig::path).toList(),
                  result.stages().size(),
                  result.stages().stream()
                      .filter(o -> !o.status().equals(StageOutcome.SKIPPED))
                      .count(),
                  result.champion().map(ModelRegistry.Model::directory).orElse(null),
                  result.champion().map(ModelRegistry.Model::directory).orElse(null),
                  detail(result),
                  seconds(result.stages())));
    }
  }

  /**
   * Called by the lock when another run replaced this one, or took the lock over, at every
   * heartbeat while the request stands: each call cancels whatever Spark job the running stage has
   * started since the last (a stage goes on to its next job after one is cancelled only when it was
   * between jobs).
   */
  private void stop(String reason) {
    if (stopReason == null) {
      LOG.warn("Nightly run {} stops: {}", config.runId(), reason);
    }
    stopReason = reason;
    String tag = activeJobTag;
    if (tag != null) {
      // only the stage's own jobs: the writes that record its failure must still run
      spark.sparkContext().cancelJobsWithTag(tag);
    }
  }

  /** The model a train stage produced (or kept), and the fingerprint it was trained under. */
  private record Challenger(String directory, String fingerprint) {}

  /** A promotion decision, and whether this run id took it (tonight or in an earlier attempt). */
  private record Decided(ModelRegistry.Decision decision, boolean byThisRun) {}

  private NightlyResult run(Stages stages, RunRecorder recorder) {
    LOG.info("Nightly run {} starting", config.runId());
    registry.champion().ifPresent(c -> ChampionVocabulary.keep(hadoop, c.model().directory()));
    String ingestVersion = ingest(stages, recorder);
    String featuresVersion = preprocess(stages, recorder, ingestVersion);
    Challenger challenger = train(stages, recorder, featuresVersion);
    Optional<Decided> decided = evaluateAndPromote(stages, recorder, ingestVersion, challenger);
    Optional<ModelRegistry.Champion> champion = registry.champion();
    if (config.score()) {
      score(stages, recorder, champion);
    }
    NightlyResult result =
        new NightlyResult(
            config.runId(),
            List.copyOf(outcomes),
            decided.map(Decided::decision),
            decided.map(Decided::byThisRun).orElse(false),
            champion.map(ModelRegistry.Champion::model),
            takeover);
    LOG.info("Nightly run {} done: {}", config.runId(), result.stageLine());
    return result;
  }

  private String ingest(Stages stages, RunRecorder recorder) {
    IngestConfig ingest = stages.ingest;
    InputListing listing;
    try {
      listing = InputListing.of(hadoop, ingest);
    } catch (RuntimeException e) { // a source that has not landed yet: worth a retry
      throw failed("ingest", ingest.runId(), 0, e);
    }
    String fingerprint = fingerprint(stages.settings("ingest"), listing.digest());
    String detail = listing.files() + " files, " + listing.bytes() + " bytes";
    Optional<StageLedger.Entry> last = unchanged("ingest", fingerprint, ingest.output());
    if (last.isPresent()) {
      skip("ingest", recorder, stages, last.get(), ingest.output(), detail);
      return last.get().output(VERSION);
    }
    IngestResult result =
        runStage(
            "ingest",
            recorder,
            stages,
            () ->
                new IngestStage(spark, ingest)
                    .run(
                        r ->
                            warehouse.replaceRun(
                                Warehouse.DATA_QUALITY,
                                ingest.runId(),
                                DataQualityRows.of(spark, r))),
            r ->
                r.runOutcome(ingest.sources().stream().map(SourceConfig::path).toList())
                    .withDetail(detail),
            StageOutcome.SUCCEEDED,
            r -> detail);
    return committed("ingest", ingest.runId(), fingerprint, result.output());
  }

  private String preprocess(Stages stages, RunRecorder recorder, String ingestVersion) {
    PreprocessConfig preprocess = stages.preprocess;
    String fingerprint = fingerprint(stages.settings("preprocess"), ingestVersion);
    Optional<StageLedger.Entry> last = unchanged("preprocess", fingerprint, preprocess.output());
    if (last.isPresent()) {
      skip("preprocess", recorder, stages, last.get(), preprocess.output(), null);
      return last.get().output(VERSION);
    }
    PreprocessResult result =
        runStage(
            "preprocess",
            recorder,
            stages,
            () ->
                new PreprocessStage(spark, preprocess)
                    .run(
                        r ->
                            warehouse.replaceRun(
                                Warehouse.DATA_QUALITY,
                                preprocess.runId(),
                                DataQualityRows.of(spark, "preprocess", r))),
            r -> r.runOutcome(preprocess.input()),
            StageOutcome.SUCCEEDED,
            r -> null);
    return committed("preprocess", preprocess.runId(), fingerprint, result.output());
  }

  /** Trains the challenger, or keeps the last one when nothing changed. */
  private Challenger train(Stages stages, RunRecorder recorder, String featuresVersion) {
    TrainConfig train = stages.train;
    String fingerprint = fingerprint(stages.settings("train"), featuresVersion);
    Optional<StageLedger.Entry> last =
        ledger
            .lastSuccess("train")
            .filter(e -> e.fingerprint().equals(fingerprint))
            .filter(e -> exists(new Path(e.output("model"), SparkTrainer.MODEL)));
    if (last.isPresent()) {
      skip("train", recorder, stages, last.get(), last.get().output("model"), null);
      return new Challenger(last.get().output("model"), fingerprint);
    }
    requireUnregistered(train.runId());
    boolean resume =
        ledger
                .lastAttempt("train")
                .filter(a -> a.fingerprint().equals(fingerprint))
                .filter(a -> a.runId().equals(train.runId()))
                .isPresent()
            && SparkTrainer.hasCheckpoint(hadoop, train.output(), train.runId());
    ledger.attempt(
        new StageLedger.Entry("train", train.runId(), fingerprint, null, null, null, null));
    TrainConfig run = resume ? stages.resumedTrain() : train;
    TrainResult result =
        runStage(
            "train",
            recorder,
            stages,
            () -> new SparkTrainer(spark, run).run(),
            r ->
                r.runOutcome(run.input())
                    .withDetail(resume ? "resumed from its last checkpoint" : null),
            resume ? StageOutcome.RESUMED : StageOutcome.SUCCEEDED,
            r ->
                String.format(
                    Locale.ROOT,
                    "%sbest epoch %d of %d: validation accuracy %.4f",
                    resume ? "resumed from its last checkpoint; " : "",
                    r.bestEpoch(),
                    r.epochs().size(),
                    r.best().getValidationAccuracy()));
    succeeded("train", train.runId(), fingerprint, Map.of("model", result.modelDirectory()));
    return new Challenger(result.modelDirectory(), fingerprint);
  }

  /**
   * A retry whose inputs or settings changed trains its model again under the same run id: not when
   * the registry has decided on that model, whose directory it would overwrite.
   */
  private void requireUnregistered(String trainRunId) {
    for (ModelRegistry.Entry e : registry.history()) {
      ModelRegistry.Decision d = e.decision();
      if ((d.challenger() != null && d.challenger().runId().equals(trainRunId))
          || trainRunId.equals(d.championAfter())) {
        throw failed(
            "train",
            trainRunId,
            0,
            new InvalidConfigException(
                "the model "
                    + trainRunId
                    + " is in the model registry already (decision "
                    + d.sequence()
                    + ", "
                    + d.action()
                    + "), and its inputs or settings changed since it was trained: a retry of run "
                    + config.runId()
                    + " cannot train it again; start a new run id"));
      }
    }
  }

  /**
   * Scores the challenger and the champion on the same held-out reviews and lets the registry
   * decide; returns the decision (tonight's, or the earlier one over the same models and data).
   */
  private Optional<Decided> evaluateAndPromote(
      Stages stages, RunRecorder recorder, String ingestVersion, Challenger challenger) {
    String challengerDirectory = challenger.directory();
    Optional<ModelRegistry.Champion> champion = registry.champion();
    String challengerId = new Path(challengerDirectory).getName();
    if (champion.isPresent() && champion.get().model().runId().equals(challengerId)) {
      String why = "the challenger " + challengerId + " is the champion already";
      skipUnchanged("evaluate", recorder, stages, why);
      skipUnchanged("promote", recorder, stages, why);
      return Optional.empty();
    }
    String championDirectory = champion.map(c -> c.model().directory()).orElse(null);
    String split;
    try {
      split =
          config.evaluationSplit() != null
              ? config.evaluationSplit()
              : heldOutSplit(stages.ingest.output());
    } catch (RuntimeException e) {
      throw failed("evaluate", config.stageRunId("evaluate"), 0, e);
    }
    String fingerprint =
        fingerprint(
            stages.settings("evaluate"),
            split,
            ingestVersion,
            challengerDirectory,
            challenger.fingerprint(),
            champion.map(NightlyRun::identity).orElse("no champion"));
    Optional<StageLedger.Entry> evaluated =
        ledger.lastSuccess("evaluate").filter(e -> e.fingerprint().equals(fingerprint));
    StageLedger.Entry scores;
    if (evaluated.isPresent()) {
      scores = evaluated.get();
      skip("evaluate", recorder, stages, scores, challengerDirectory, null);
    } else {
      scores =
          evaluate(stages, recorder, fingerprint, split, challengerDirectory, championDirectory);
    }
    return Optional.of(promote(stages, recorder, scores, challengerDirectory));
  }

  private StageLedger.Entry evaluate(
      Stages stages,
      RunRecorder recorder,
      String fingerprint,
      String split,
      String challengerDirectory,
      String championDirectory) {
    double start = now();
    EvaluateResult challenger =
        evaluateOne(stages, recorder, "evaluate", split, challengerDirectory, start);
    Map<String, Double> championScores = null;
    if (championDirectory != null) {
      EvaluateResult held =
          evaluateOne(stages, recorder, CHAMPION_EVALUATION, split, championDirectory, start);
      championScores = PromotionPolicy.scores(held.report(), ClassificationMetrics.ALL);
    }
    Map<String, Double> challengerScores =
        PromotionPolicy.scores(challenger.report(), ClassificationMetrics.ALL);
    String evaluateRunId = config.stageRunId("evaluate");
    StageLedger.Entry entry =
        new StageLedger.Entry(
            "evaluate",
            evaluateRunId,
            fingerprint,
            Instant.now().toString(),
            Map.of("reviews", Long.toString(challenger.reviews())),
            challengerScores,
            championScores);
    ledger.succeeded(entry);
    return entry;
  }

  private EvaluateResult evaluateOne(
      Stages stages, RunRecorder recorder, String name, String split, String model, double start) {
    EvaluateConfig evaluate = stages.evaluate(config.stageRunId(name), model, split);
    Function<EvaluateResult, String> detail =
        r ->
            String.format(
                Locale.ROOT,
                "model %s on the %s split: %d reviews, accuracy %.4f",
                r.modelRunId(),
                r.split(),
                r.reviews(),
                r.report().value(ClassificationMetrics.ALL, "accuracy"));
    EvaluateResult result =
        runStage(
            name,
            recorder,
            stages,
            () -> new Evaluator(spark, evaluate).run(),
            r -> r.runOutcome(evaluate.output()).withDetail(detail.apply(r)),
            StageOutcome.SUCCEEDED,
            detail);
    LOG.info("Nightly {}: {} took {} s in all", config.runId(), name, now() - start);
    return result;
  }

  private Decided promote(
      Stages stages, RunRecorder recorder, StageLedger.Entry scores, String challengerDirectory) {
    PromotionPolicy policy = config.promotion();
    String fingerprint = fingerprint(scores.fingerprint(), policy.toString());
    Optional<StageLedger.Entry> last =
        ledger.lastSuccess("promote").filter(e -> e.fingerprint().equals(fingerprint));
    if (last.isPresent()) {
      long sequence = Long.parseLong(last.get().output("decision"));
      ModelRegistry.Decision earlier =
          registry.history().stream()
              .map(ModelRegistry.Entry::decision)
              .filter(d -> d.sequence() == sequence)
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the registry has no decision " + sequence + " any more"));
      skip(
          "promote",
          recorder,
          stages,
          last.get(),
          null,
          earlier.action() + ": " + earlier.reason());
      return new Decided(earlier, last.get().runId().equals(config.stageRunId("promote")));
    }
    ModelRegistry.Decision decision =
        runStage(
            "promote",
            recorder,
            stages,
            () -> decide(scores, challengerDirectory, policy),
            d ->
                new RunOutcome(
                    List.of(challengerDirectory),
                    1,
                    d.changesChampion() ? 1 : 0,
                    registry.champion().map(c -> c.model().directory()).orElse(null),
                    challengerDirectory,
                    d.action() + ": " + d.reason(),
                    null),
            StageOutcome.SUCCEEDED,
            d -> d.action() + ": " + d.reason());
    succeeded(
        "promote",
        config.stageRunId("promote"),
        fingerprint,
        Map.of("decision", Long.toString(decision.sequence()), "action", decision.action()));
    return new Decided(decision, true);
  }

  private ModelRegistry.Decision decide(
      StageLedger.Entry scores, String challengerDirectory, PromotionPolicy policy) {
    ModelRegistry.Model challenger = registry.model(challengerDirectory);
    ModelRegistry.Decision decision =
        registry.consider(challenger, scores.scores(), scores.championScores(), policy);
    new ModelsTable(spark, warehouse, registry).refresh(decision);
    LOG.info(
        "Nightly {}: challenger {} {} ({})",
        config.runId(),
        challenger.runId(),
        decision.action(),
        decision.reason());
    return decision;
  }

  private void score(
      Stages stages, RunRecorder recorder, Optional<ModelRegistry.Champion> champion) {
    if (champion.isEmpty()) {
      skipUnchanged("score", recorder, stages, "there is no champion to score with");
      return;
    }
    ScoreConfig score = stages.score(champion.get().model().directory());
    String inputVersion = StagedOutput.version(hadoop, score.input()).orElse("unversioned");
    String fingerprint =
        fingerprint(
            stages.settings("score"), identity(champion.get()), score.input(), inputVersion);
    Optional<StageLedger.Entry> last =
        ledger.lastSuccess("score").filter(e -> e.fingerprint().equals(fingerprint));
    if (last.isPresent()) {
      skip("score", recorder, stages, last.get(), last.get().output("output"), null);
      return;
    }
    ScoreResult result =
        runStage(
            "score",
            recorder,
            stages,
            () -> new ScoreStage(spark, score).run(),
            ScoreResult::runOutcome,
            StageOutcome.SUCCEEDED,
            r -> null);
    succeeded("score", score.runId(), fingerprint, Map.of("output", result.predictions()));
  }

  /**
   * The last success of {@code stage} when its fingerprint is {@code fingerprint} and {@code
   * output} still holds what it wrote.
   */
  private Optional<StageLedger.Entry> unchanged(String stage, String fingerprint, String output) {
    return ledger
        .lastSuccess(stage)
        .filter(e -> e.fingerprint().equals(fingerprint))
        .filter(e -> StagedOutput.version(hadoop, output).orElse("").equals(e.output(VERSION)));
  }

  /**
   * The split both models are scored on when none is configured: test when the ingest output has
   * labelled test reviews, else validation (as evaluate chooses), decided once so both agree.
   */
  private String heldOutSplit(String ingestOutput) {
    Map<String, Long> labelled = new LinkedHashMap<>();
    for (Row r :
        spark
            .read()
            .parquet(new Path(ingestOutput, IngestResult.REVIEWS).toString())
            .filter(col("label").isNotNull())
            .groupBy("split")
            .count()
            .collectAsList()) {
      labelled.put(r.getString(0), r.getLong(1));
    }
    return EvaluateConfig.defaultSplit(labelled, ingestOutput);
  }

  /** Records the success of a stage that committed {@code output}; returns the output's version. */
  private String committed(String stage, String runId, String fingerprint, String output) {
    String version =
        StagedOutput.version(hadoop, output)
            .orElseThrow(() -> new IllegalStateException(output + " has no version after commit"));
    succeeded(stage, runId, fingerprint, Map.of("output", output, VERSION, version));
    return version;
  }

  /** The champion as a fingerprint sees it: its model and the decision that made it champion. */
  private static String identity(ModelRegistry.Champion champion) {
    return champion.model().directory() + " decision " + champion.decision();
  }

  private <R> R runStage(
      String stage,
      RunRecorder recorder,
      Stages stages,
      Supplier<R> body,
      Function<R, RunOutcome> outcome,
      String status,
      Function<R, String> detail) {
    String runId = config.stageRunId(stage);
    if (stopReason != null) {
      throw failed(stage, runId, 0, new IllegalStateException("stopped: " + stopReason));
    }
    double start = now();
    LOG.info("Nightly {}: {} starting as {}", config.runId(), stage, runId);
    Supplier<R> tagged =
        () -> {
          // the stage's own Spark jobs, which a stop cancels; the recording's writes stay outside.
          // A tag, not a job group: the stage's Steps own the group, and would replace this one.
          String tag = "polarity-nightly-" + runId;
          spark.sparkContext().addJobTag(tag);
          activeJobTag = tag;
          try {
            return body.get();
          } finally {
            activeJobTag = null;
            spark.sparkContext().removeJobTag(tag);
          }
        };
    try {
      R result = recorder.record(jobOf(stage), runId, stages.json(stage), tagged, outcome);
      outcomes.add(new StageOutcome(stage, runId, status, now() - start, detail.apply(result)));
      return result;
    } catch (Exception e) { // Spark's own failures (SparkException) are checked
      throw failed(stage, runId, now() - start, e);
    }
  }

  private StageFailedException failed(String stage, String runId, double seconds, Throwable e) {
    String why = stopReason != null ? "stopped: " + stopReason : String.valueOf(e.getMessage());
    outcomes.add(new StageOutcome(stage, runId, StageOutcome.FAILED, seconds, why));
    return new StageFailedException(
        stage,
        "stage "
            + stage
            + " ("
            + runId
            + ") failed: "
            + why
            + "; stages: "
            + outcomes.stream().map(StageOutcome::brief).reduce((a, b) -> a + ", " + b).orElse("")
            + ". Rerun with --run-id "
            + config.runId()
            + " to continue from "
            + stage
            + takeover.map(t -> ". Lock: " + t).orElse(""),
        e);
  }

  /** Records a stage skipped because its fingerprint is that of its last success, {@code last}. */
  private void skip(
      String stage,
      RunRecorder recorder,
      Stages stages,
      StageLedger.Entry last,
      String output,
      String more) {
    String detail =
        last.runId().equals(config.stageRunId(stage))
            ? "done by an earlier attempt of this run"
            : "inputs and settings unchanged since "
                + last.runId()
                + (more == null ? "" : "; " + more);
    recordSkip(stage, recorder, stages, output, detail);
  }

  /** Records a stage with nothing to do ({@code why}). */
  private void skipUnchanged(String stage, RunRecorder recorder, Stages stages, String why) {
    recordSkip(stage, recorder, stages, null, why);
  }

  /**
   * Records a skipped stage as {@code skipped} in {@code runs}; a stage that this same run id
   * already did, in an attempt that failed later on, keeps that attempt's row.
   */
  private void recordSkip(
      String stage, RunRecorder recorder, Stages stages, String output, String detail) {
    String runId = config.stageRunId(stage);
    double start = now();
    boolean doneEarlier = ledger.lastSuccess(stage).map(e -> e.runId().equals(runId)).orElse(false);
    if (!doneEarlier) {
      recorder.recordSkipped(
          jobOf(stage),
          runId,
          stages.json(stage),
          new RunOutcome(List.of(), 0, 0, output, null, null, null).withDetail(detail));
    }
    LOG.info("Nightly {}: {} skipped ({})", config.runId(), stage, detail);
    outcomes.add(new StageOutcome(stage, runId, StageOutcome.SKIPPED, now() - start, detail));
  }

  private void succeeded(
      String stage, String runId, String fingerprint, Map<String, String> outputs) {
    ledger.succeeded(
        new StageLedger.Entry(
            stage, runId, fingerprint, Instant.now().toString(), outputs, null, null));
  }

  private boolean exists(Path path) {
    try {
      return path.getFileSystem(hadoop).exists(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot check " + path, e);
    }
  }

  private static final String VERSION = "version";

  private static String jobOf(String stage) {
    return stage.equals(CHAMPION_EVALUATION) ? "evaluate" : stage;
  }

  private static String detail(NightlyResult result) {
    StringBuilder sb = new StringBuilder(result.stageLine());
    result
        .decision()
        .ifPresent(d -> sb.append("; ").append(d.action()).append(": ").append(d.reason()));
    result.lockTakeover().ifPresent(t -> sb.append("; ").append(t));
    return sb.toString();
  }

  private static Map<String, Double> seconds(List<StageOutcome> stages) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (StageOutcome s : stages) {
      seconds.merge(s.stage(), s.seconds(), Double::sum);
    }
    return seconds;
  }

  static String fingerprint(String... parts) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
    for (String part : parts) {
      sha.update(part.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static double now() {
    return System.nanoTime() / 1e9;
  }

  /** Each stage's typed configuration, with the run ids and inputs the nightly run wires in. */
  static final class Stages {
    final Config root;
    final IngestConfig ingest;
    final PreprocessConfig preprocess;
    final TrainConfig train;
    private final NightlyConfig nightly;

    Stages(Config base, NightlyConfig nightly) {
      this.nightly = nightly;
      Config c = base;
      c = ConfigLoader.withValue(c, IngestConfig.RUN_ID, nightly.stageRunId("ingest"));
      c = ConfigLoader.withValue(c, PreprocessConfig.RUN_ID, nightly.stageRunId("preprocess"));
      c = ConfigLoader.withValue(c, TrainConfig.RUN_ID, nightly.stageRunId("train"));
      c = ConfigLoader.withValue(c, TrainConfig.RESUME, false);
      this.ingest = IngestConfig.from(c);
      c = ConfigLoader.withValue(c, PreprocessConfig.INPUT, ingest.output());
      this.preprocess = PreprocessConfig.from(c);
      c = ConfigLoader.withValue(c, TrainConfig.INPUT, preprocess.output());
      this.train = TrainConfig.from(c);
      this.root = c;
      // read now, so that a bad value fails before the lock is taken
      evaluate(nightly.stageRunId("evaluate"), "unused", "test");
      if (nightly.score()) {
        score("unused");
      }
    }

    TrainConfig resumedTrain() {
      return TrainConfig.from(ConfigLoader.withValue(root, TrainConfig.RESUME, true));
    }

    EvaluateConfig evaluate(String runId, String model, String split) {
      Config c = root;
      c = ConfigLoader.withValue(c, EvaluateConfig.RUN_ID, runId);
      c = ConfigLoader.withValue(c, EvaluateConfig.MODEL, model);
      c = ConfigLoader.withValue(c, EvaluateConfig.MODEL_RUN_ID, "");
      c = ConfigLoader.withValue(c, EvaluateConfig.INPUT, ingest.output());
      c = ConfigLoader.withValue(c, EvaluateConfig.SPLIT, split);
      return EvaluateConfig.from(c);
    }

    ScoreConfig score(String model) {
      Config c = root;
      c = ConfigLoader.withValue(c, ScoreConfig.RUN_ID, nightly.stageRunId("score"));
      c = ConfigLoader.withValue(c, ScoreConfig.MODEL, model);
      if (c.getString(ScoreConfig.INPUT).isBlank()) {
        c = ConfigLoader.withValue(c, ScoreConfig.INPUT, ingest.output());
      }
      return ScoreConfig.from(c);
    }

    /** A stage's settings as they decide its result: without its run id and resume flag. */
    String settings(String section) {
      Config s = root.getConfig(section).withoutPath("run-id");
      if (section.equals("train")) {
        s = s.withoutPath("resume");
      }
      if (section.equals("evaluate") || section.equals("score")) {
        s = s.withoutPath("model").withoutPath("model-run-id");
      }
      return s.root().render(ConfigRenderOptions.concise());
    }

    /** The section a stage's runs row records as its configuration. */
    String json(String stage) {
      String section = jobOf(stage);
      if (section.equals("promote")) {
        section = NightlyConfig.SECTION;
      }
      return root.getConfig(section).root().render(ConfigRenderOptions.concise());
    }
  }
}
