package io.polarity.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import io.polarity.model.GeneratedFeatures;
import io.polarity.model.network.Networks;
import io.polarity.model.network.SparseBagLayer;
import io.polarity.pipeline.SparkTestBase;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.preprocess.Vocabulary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManager;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The trainer on a small generated corpus, taken through generate, ingest and preprocess. */
class SparkTrainerTest extends SparkTestBase {
  @TempDir static Path data;
  @TempDir Path dir;

  @BeforeAll
  static void corpus() {
    GeneratedFeatures.build(spark, data, 0.0);
  }

  static Config conf(String hocon) {
    return GeneratedFeatures.conf(hocon);
  }

  private TrainConfig config(String hocon) {
    return TrainConfig.from(
        conf(
            "train { input = \""
                + data.resolve("features")
                + "\", output = \""
                + dir.resolve("models")
                + "\", run-id = t1 }\n"
                + "warehouse.root = \""
                + dir.resolve("warehouse")
                + "\"\n"
                + hocon));
  }

  @Test
  void theLinearBagLearnsTheGeneratedSentiment() {
    TrainResult result = new SparkTrainer(spark, config("train.epochs = 2")).run();

    assertThat(result.epochs()).hasSize(2);
    // the workers' computing is a part of the fit, measured on the executors
    assertThat(result.epochs().get(1).getWorkerFitSeconds())
        .isPositive()
        .isLessThan(result.epochs().get(1).getFitSeconds());
    // 1,225 training reviews with 2% label noise; chance is 0.5
    assertThat(result.best().getValidationAccuracy()).isGreaterThan(0.85);
    assertThat(result.best().getValidationAuc()).isGreaterThan(0.9);
    assertThat(spark.read().parquet(dir.resolve("warehouse/epoch_metrics").toString()).count())
        .isEqualTo(2);
  }

  @Test
  void theCnnLearnsWellAboveChance() throws Exception {
    TrainConfig c =
        config(
            "train { epochs = 12, model { architecture = cnn, embedding-size = 16, filters = 32,"
                + " widths = [2, 3], learning-rate = 0.05 } }");
    TrainResult result = new SparkTrainer(spark, c).run();

    assertThat(result.best().getValidationAccuracy()).isGreaterThan(0.75);
    // its embedding covers the unigrams only: token sequences hold no longer n-gram
    Vocabulary vocabulary = Vocabulary.load(spark, data.resolve("features/vocabulary").toString());
    assertThat(vocabulary.size()).isGreaterThan(vocabulary.manifest().unigrams() + 2);
    ComputationGraph unigramsOnly =
        new ComputationGraph(
            Networks.create(
                c.hyperparameters(), vocabulary.manifest().unigrams() + 2, 2, c.seed()));
    unigramsOnly.init();
    assertThat(load("t1/model.zip").numParams()).isEqualTo(unigramsOnly.numParams());
  }

  @Test
  void stopsEarlyWhenTheMetricStopsImproving() {
    TrainResult result =
        new SparkTrainer(
                spark,
                config("train { epochs = 20, early-stopping { patience = 1, min-delta = 0.5 } }"))
            .run();

    assertThat(result.stoppedEarly()).isTrue();
    assertThat(result.epochs()).hasSize(2);
    assertThat(result.bestEpoch()).isEqualTo(1);
  }

  @Test
  void aResumedRunEndsLikeAnUninterruptedOne() throws Exception {
    String settings = "train { spark { workers = 1, repartition = never }, ";
    new SparkTrainer(spark, config(settings + "epochs = 3, run-id = whole }")).run();
    new SparkTrainer(spark, config(settings + "epochs = 1, run-id = parts }")).run();
    new SparkTrainer(spark, config(settings + "epochs = 3, run-id = parts, resume = true }")).run();

    ComputationGraph whole = load("whole/checkpoints/epoch-0003/network.zip");
    ComputationGraph parts = load("parts/checkpoints/epoch-0003/network.zip");
    assertThat(parts.params().equalsWithEps(whole.params(), 1e-5)).isTrue();
    // each run rewrote only its own epoch_metrics partition
    assertThat(
            spark
                .read()
                .parquet(dir.resolve("warehouse/epoch_metrics").toString())
                .groupBy("run_id")
                .count()
                .collectAsList())
        .extracting(r -> r.getString(0), r -> r.getLong(1))
        .containsExactlyInAnyOrder(
            org.assertj.core.api.Assertions.tuple("whole", 3L),
            org.assertj.core.api.Assertions.tuple("parts", 3L));
  }

  /**
   * DL4J's Spark scoring broadcasts the network's parameter array, and Spark closes an
   * AutoCloseable broadcast value when the broadcast is cleaned up. Validation must leave the
   * trainer's own network usable however soon that happens.
   */
  @Test
  void cleaningUpValidationBroadcastsLeavesTheTrainedNetworkIntact() throws Exception {
    TrainConfig c = config("train.epochs = 1");
    Vocabulary vocabulary = Vocabulary.load(spark, data.resolve("features/vocabulary").toString());
    ComputationGraph created =
        new ComputationGraph(Networks.create(c.hyperparameters(), vocabulary.size(), 2, c.seed()));
    created.init();
    // a resumed run's network: restored from its checkpoint, its parameter array closeable
    ByteArrayOutputStream checkpoint = new ByteArrayOutputStream();
    ModelSerializer.writeModel(created, checkpoint, true);
    ComputationGraph graph =
        CountingGraphConfiguration.adopt(
            ModelSerializer.restoreComputationGraph(
                new ByteArrayInputStream(checkpoint.toByteArray()), true));
    INDArray before = graph.params().dup();
    SparkTrainer trainer = new SparkTrainer(spark, c);
    BlockManager blocks = SparkEnv.get().blockManager();
    List<BlockId> earlier = broadcastBlocks(blocks);

    Validation v =
        trainer.validate(
            graph,
            trainer.labelledRows(data.resolve("features/features").toString(), "validation"),
            2);
    // what Spark's ContextCleaner does with whatever broadcast of the validation is left once it
    // is garbage (the scorer removes its own; other tests' are left alone)
    List<BlockId> validations = broadcastBlocks(blocks);
    validations.removeAll(earlier);
    validations.forEach(id -> blocks.removeBlock(id, false));

    assertThat(v.accuracy()).isBetween(0.0, 1.0);
    assertThat(graph.params().wasClosed()).isFalse();
    assertThat(graph.params().equalsWithEps(before, 0.0)).isTrue();
  }

  private static List<BlockId> broadcastBlocks(BlockManager blocks) {
    return new java.util.ArrayList<>(
        scala.collection.JavaConverters.seqAsJavaList(
            blocks.getMatchingBlockIds(id -> id.isBroadcast())));
  }

  /**
   * The production path: Kryo (the test base's session), two workers, four minibatches per
   * averaging round, and three epochs after the resume. DL4J's parameter averaging broadcasts the
   * network at every round, so a resumed network whose arrays were released fails in a later epoch,
   * not the first.
   */
  @Test
  void aResumedRunOnTwoWorkersWithKryoFinishesEveryEpochLeftAndEndsLikeAnUninterruptedOne()
      throws Exception {
    String settings =
        "train { spark { workers = 2, batch-size-per-worker = 16, averaging-frequency = 4 }, ";
    TrainResult whole =
        new SparkTrainer(spark, config(settings + "epochs = 4, run-id = whole2 }")).run();
    new SparkTrainer(spark, config(settings + "epochs = 1, run-id = parts2 }")).run();
    TrainResult parts =
        new SparkTrainer(spark, config(settings + "epochs = 4, run-id = parts2, resume = true }"))
            .run();

    assertThat(parts.epochs()).hasSize(4);
    ComputationGraph wholeModel = load("whole2/model.zip");
    ComputationGraph partsModel = load("parts2/model.zip");
    assertThat(partsModel.params().equalsWithEps(wholeModel.params(), 1e-5)).isTrue();
    for (int i = 0; i < 4; i++) {
      assertThat(parts.epochs().get(i).getValidationAccuracy())
          .isEqualTo(whole.epochs().get(i).getValidationAccuracy());
    }
  }

  /**
   * The oracle through the trainer: one worker averaging after every minibatch, each epoch a single
   * minibatch of the whole train split, against a single-JVM fit of that minibatch, over three
   * epochs. Momentum and the per-epoch learning-rate decay depend on the updater state and the
   * epoch count reaching the workers. The engine shuffles the rows, which changes the gradient's
   * summation order only: updaters linear in the gradient agree to 1e-6 (Adam divides a near-zero
   * gradient by its own size, so summation noise decides the step; the engine's oracle, {@code
   * AveragingEngineTest}, fits Adam in the engine's own order).
   */
  @ParameterizedTest
  @CsvSource({"sgd, 1.0", "sgd, 0.5", "nesterovs, 0.5"})
  void oneWorkerMatchesASingleJvmFitOfTheSameMinibatches(String optimizer, double decay)
      throws Exception {
    int epochs = 3;
    TrainConfig c =
        config(
            "train { epochs = "
                + epochs
                + ", model { optimizer = "
                + optimizer
                + ", learning-rate = 0.05, learning-rate-decay = "
                + decay
                + " }, spark { workers = 1, averaging-frequency = 1, repartition = never,"
                + " batch-size-per-worker = 2000 } }");
    SparkTrainer trainer = new SparkTrainer(spark, c);
    Vocabulary vocabulary = Vocabulary.load(spark, data.resolve("features/vocabulary").toString());
    List<DataSet> batches =
        trainer
            .minibatches(data.resolve("features/features").toString(), "train", 2, 2000)
            .collect();
    assertThat(batches).hasSize(1);

    TrainResult result = trainer.run();

    ComputationGraph single = initial(c, vocabulary);
    for (int epoch = 1; epoch <= epochs; epoch++) {
      single.getConfiguration().setEpochCount(epoch - 1);
      single.fit(batches.get(0));
      // the epoch's training loss is the score of its one minibatch as it was fitted
      assertThat(result.epochs().get(epoch - 1).getTrainLoss())
          .as("epoch %d", epoch)
          .isCloseTo(single.score(), within(1e-6));
    }
    INDArray sparkParams = load("t1/checkpoints/epoch-000" + epochs + "/network.zip").params();
    assertThat(sparkParams.equalsWithEps(single.params(), 1e-6)).isTrue();
    assertThat(sparkParams.equalsWithEps(initial(c, vocabulary).params(), 1e-3)).isFalse();
  }

  /**
   * With a learning rate too small to move the parameters, every minibatch's loss is the initial
   * network's: the epoch's training loss must be that network's mean loss over all training
   * examples, whichever of two workers fits which of the minibatches. (One averaging round of up to
   * 30 minibatches per worker holds all 25: with more rounds DL4J fits some examples twice or not
   * at all, see {@link TrainingLoss}.)
   */
  @Test
  void theTrainingLossIsTheMeanOverEveryMinibatchOfTheEpoch() {
    TrainConfig c =
        config(
            "train { epochs = 1, model { optimizer = sgd, learning-rate = 1e-7 },"
                + " spark { workers = 2, batch-size-per-worker = 50, averaging-frequency = 30 } }");
    SparkTrainer trainer = new SparkTrainer(spark, c);
    Vocabulary vocabulary = Vocabulary.load(spark, data.resolve("features/vocabulary").toString());
    ComputationGraph initial = initial(c, vocabulary);
    double lossSum = 0;
    long examples = 0;
    for (DataSet batch :
        trainer
            .minibatches(data.resolve("features/features").toString(), "train", 2, 100)
            .collect()) {
      lossSum += initial.score(batch) * batch.numExamples();
      examples += batch.numExamples();
    }

    TrainResult result = trainer.run();

    assertThat(result.trainExamples()).isEqualTo(examples);
    assertThat(result.epochs().get(0).getTrainLoss()).isCloseTo(lossSum / examples, within(1e-5));
  }

  /**
   * A checkpoint damaged after it was written (a disk fault, a lost block) does not end the run: a
   * resume takes the newest one that reads, says which it skipped, and ends like an uninterrupted
   * run (its state is that of the checkpoint it resumed from).
   */
  @Test
  void aResumeSkipsAnUnreadableNewestCheckpointForTheOneBefore() throws Exception {
    String settings = "train { spark { workers = 1, repartition = never }, ";
    new SparkTrainer(spark, config(settings + "epochs = 3, run-id = whole }")).run();
    new SparkTrainer(spark, config(settings + "epochs = 2, run-id = cut }")).run();
    Path newest = dir.resolve("models/cut/checkpoints/epoch-0002/network.zip");
    Files.write(newest, Arrays.copyOf(Files.readAllBytes(newest), 1000));

    TrainResult resumed =
        new SparkTrainer(spark, config(settings + "epochs = 3, run-id = cut, resume = true }"))
            .run();

    assertThat(resumed.skippedCheckpoints())
        .singleElement()
        .asString()
        .startsWith(dir.resolve("models/cut/checkpoints/epoch-0002") + " (");
    assertThat(resumed.resumeNote()).startsWith("resumed from an older checkpoint: skipped ");
    assertThat(resumed.epochs()).extracting(EpochMetrics::getEpoch).containsExactly(1, 2, 3);
    ComputationGraph whole = load("whole/checkpoints/epoch-0003/network.zip");
    ComputationGraph cut = load("cut/checkpoints/epoch-0003/network.zip");
    assertThat(cut.params().equalsWithEps(whole.params(), 1e-5)).isTrue();
  }

  @Test
  void aResumeWithNoReadableCheckpointNamesThemAll() throws Exception {
    String settings = "train { spark { workers = 1 }, run-id = gone, ";
    new SparkTrainer(spark, config(settings + "epochs = 1 }")).run();
    Files.writeString(dir.resolve("models/gone/checkpoints/epoch-0001/state.json"), "{\"epoch\":");

    assertThatThrownBy(
            () -> new SparkTrainer(spark, config(settings + "epochs = 2, resume = true }")).run())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(
            "no checkpoint of "
                + dir.resolve("models/gone/checkpoints")
                + " can be read: "
                + dir.resolve("models/gone/checkpoints/epoch-0001")
                + " (")
        .hasMessageEndingWith(". Start the run again without --resume");
  }

  /**
   * A checkpoint appears in one step: what a run killed while saving leaves (a hidden staging
   * directory, here with only half of its files) is never read, and is removed by the next save.
   * Only the newest, the one before (a fallback) and the best epochs are kept.
   */
  @Test
  void aResumeReadsOnlyWholeCheckpointsAndKeepsTheNewestTheOneBeforeAndTheBest() throws Exception {
    String settings =
        "train { spark { workers = 1 }, run-id = ck,"
            + " early-stopping { patience = 10, min-delta = 0.9 }, ";
    new SparkTrainer(spark, config(settings + "epochs = 2 }")).run();
    Path checkpoints = dir.resolve("models/ck/checkpoints");
    Path killed = Files.createDirectories(checkpoints.resolve(".epoch-3-killed.tmp"));
    Files.write(killed.resolve("network.zip"), new byte[] {'P', 'K'});

    TrainResult resumed =
        new SparkTrainer(spark, config(settings + "epochs = 6, resume = true }")).run();

    assertThat(resumed.epochs()).hasSize(6);
    assertThat(resumed.bestEpoch()).isEqualTo(1); // nothing improves by 0.9
    try (var names = Files.list(checkpoints)) {
      assertThat(names.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("epoch-0001", "epoch-0005", "epoch-0006");
    }
  }

  @Test
  void refusesToResumeACheckpointOfTheEarlierLayout() throws Exception {
    Path old = Files.createDirectories(dir.resolve("models/legacy/checkpoints"));
    Files.writeString(old.resolve("state.json"), "{}");
    Files.writeString(old.resolve("last.zip"), "");

    assertThatThrownBy(
            () -> new SparkTrainer(spark, config("train { run-id = legacy, resume = true }")).run())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "cannot resume from "
                + old
                + ": its checkpoint (last.zip, state.json) was written by an earlier Polarity"
                + " version; resume it with that version, or start a new run");
  }

  @Test
  void aRunThatStoppedEarlyDoesNotTrainOnWhenResumed() {
    String settings =
        "train { run-id = stopped, early-stopping { patience = 1, min-delta = 0.5 }, ";
    TrainResult first = new SparkTrainer(spark, config(settings + "epochs = 20 }")).run();
    assertThat(first.stoppedEarly()).isTrue();

    TrainResult resumed =
        new SparkTrainer(spark, config(settings + "epochs = 20, resume = true }")).run();

    assertThat(resumed.stoppedEarly()).isTrue();
    assertThat(resumed.epochs())
        .extracting(EpochMetrics::getEpoch, EpochMetrics::getValidationAccuracy)
        .containsExactlyElementsOf(
            first.epochs().stream()
                .map(
                    m ->
                        org.assertj.core.api.Assertions.tuple(
                            m.getEpoch(), m.getValidationAccuracy()))
                .toList());
    assertThat(resumed.trainExamples()).isZero(); // nothing exported, nothing fitted
    assertThat(dir.resolve("models/stopped/model.zip")).exists();
  }

  @Test
  void refusesToResumeWithChangedSettingsNamingThem() {
    String settings = "train { run-id = changed, spark { workers = 2 }, ";
    new SparkTrainer(spark, config(settings + "epochs = 1 }")).run();

    assertThatThrownBy(
            training(
                settings
                    + "epochs = 3, resume = true, model.learning-rate = 0.02,"
                    + " spark.workers = 1 }"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "cannot resume run 'changed' with changed settings: train.model.learning-rate was"
                + " 0.01, now 0.02; train.spark.workers was 2, now 1. A resume may change"
                + " train.epochs and where files are read, written and staged, nothing that"
                + " decides the result; resume with the run's settings, or start a new run");
  }

  /**
   * A checkpoint written before a setting existed resumes while the setting has the value that runs
   * then implicitly had, and is refused, naming it, once it has another.
   */
  @Test
  void aCheckpointFromBeforeASettingExistedResumesAtItsImplicitValue() throws Exception {
    String settings = "train { run-id = older, spark { workers = 1 }, ";
    new SparkTrainer(spark, config(settings + "epochs = 1 }")).run();
    Path state = dir.resolve("models/older/checkpoints/epoch-0001/state.json");
    String json = Files.readString(state);
    String older = json.replaceAll("\\s*\"train\\.model\\.naive-bayes-[a-z]+\" : \"[^\"]*\",?", "");
    assertThat(older).isNotEqualTo(json).doesNotContain("naive-bayes");
    Files.writeString(state, older);

    assertThatThrownBy(
            training(settings + "epochs = 2, resume = true, model.naive-bayes-scale = 0.5 }"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(
            "cannot resume run 'older' with changed settings: train.model.naive-bayes-scale was"
                + " not recorded (the checkpoint predates it), now 0.5.");
    assertThatThrownBy(
            training(settings + "epochs = 2, resume = true, model.naive-bayes-features = true }"))
        .hasMessageStartingWith(
            "cannot resume run 'older' with changed settings: train.model.naive-bayes-features was"
                + " not recorded (the checkpoint predates it), now true.");
    TrainResult resumed =
        new SparkTrainer(spark, config(settings + "epochs = 2, resume = true }")).run();
    assertThat(resumed.epochs()).hasSize(2);
  }

  /**
   * The export directory setting is a parent: each run writes its minibatches into a directory of
   * its own there and removes only that (and what a killed attempt of the same run left, which
   * Polarity marked as its own).
   */
  @Test
  void eachRunExportsIntoItsOwnDirectoryAndRemovesOnlyWhatItMade() throws Exception {
    Path parent = Files.createDirectories(dir.resolve("scratch"));
    Files.writeString(parent.resolve("keep.txt"), "someone else's");
    Path foreign = Files.createDirectories(parent.resolve("ex-foreign"));
    Path killed = Files.createDirectories(parent.resolve("ex-0a1b2c3d"));
    Files.createFile(killed.resolve(Dl4jSparkEngine.EXPORT_MARK));
    Files.createFile(killed.resolve("0-0_16.bin"));

    new SparkTrainer(
            spark,
            config(
                "train { run-id = ex, epochs = 1, engine = dl4j-spark, spark { workers = 1,"
                    + " averaging-frequency = 1000, export-directory = \""
                    + parent
                    + "\" } }"))
        .run();

    try (var names = Files.list(parent)) {
      assertThat(names.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("keep.txt", "ex-foreign");
    }
    assertThat(foreign).isEmptyDirectory();
  }

  @Test
  void refusesToResumeOnAnotherVocabulary() throws Exception {
    String settings = "train { spark { workers = 1 }, run-id = vocab, ";
    new SparkTrainer(spark, config(settings + "epochs = 1 }")).run();
    Path state = dir.resolve("models/vocab/checkpoints/epoch-0001/state.json");
    String version =
        Vocabulary.load(spark, data.resolve("features/vocabulary").toString()).manifest().version();
    Files.writeString(state, Files.readString(state).replace(version, "v-000000000000"));

    assertThatThrownBy(
            () -> new SparkTrainer(spark, config(settings + "epochs = 2, resume = true }")).run())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "cannot resume run 'vocab': its checkpoint was trained with vocabulary v-000000000000,"
                + " but train.input "
                + data.resolve("features")
                + " now has vocabulary "
                + version
                + " (preprocessed again since?); start a new run, or resume on the features the"
                + " run started with");
  }

  private static ComputationGraph initial(TrainConfig c, Vocabulary vocabulary) {
    ComputationGraph g =
        new ComputationGraph(Networks.create(c.hyperparameters(), vocabulary.size(), 2, c.seed()));
    g.init();
    NaiveBayesInit.apply(g, vocabulary, 1.0);
    return g;
  }

  @Test
  void theArtifactLoadsBackAndPredictsLikeTheTrainedNetwork() throws Exception {
    new SparkTrainer(spark, config("train.epochs = 1")).run();

    ComputationGraph model = load("t1/model.zip");
    ComputationGraph best = load("t1/checkpoints/epoch-0001/network.zip");
    DataSet batch =
        new SparkTrainer(spark, config("train.epochs = 1"))
            .minibatches(data.resolve("features/features").toString(), "validation", 2, 50)
            .first();
    INDArray[] in = {batch.getFeatures()};
    INDArray[] mask = {batch.getFeaturesMaskArray()};
    assertThat(
            model.output(false, in, mask)[0].equalsWithEps(best.output(false, in, mask)[0], 1e-6))
        .isTrue();
    assertThat(dir.resolve("models/t1/model-card.json"))
        .content()
        .contains("\"vocabulary_version\"");
  }

  /**
   * The bag with Naive Bayes features on the production path (two workers, Kryo, four minibatches
   * per averaging round, two epochs): it learns, and its feature scales come back from every
   * averaging round as the log-count ratios computed here from the vocabulary, while its weights
   * have moved from their start.
   */
  @Test
  void naiveBayesFeaturesStayFixedThroughParameterAveraging() throws Exception {
    TrainResult result =
        new SparkTrainer(
                spark,
                config(
                    "train { epochs = 2, run-id = nbf, model { naive-bayes-features = true },"
                        + " spark { workers = 2, batch-size-per-worker = 16,"
                        + " averaging-frequency = 4 } }"))
            .run();

    assertThat(result.best().getValidationAccuracy()).isGreaterThan(0.85);
    Vocabulary vocabulary = Vocabulary.load(spark, data.resolve("features/vocabulary").toString());
    ComputationGraph model = load("nbf/model.zip");
    org.deeplearning4j.nn.api.Layer bag = model.getLayer(Networks.EMBEDDING);
    // Adam keeps two moments for every trained parameter and none for the fixed scales
    long scales = bag.getParam(SparseBagLayer.SCALE_KEY).length();
    assertThat(model.getUpdater().getStateViewArray().length())
        .isEqualTo(2 * (model.numParams() - scales));
    assertThat(
            bag.getParam(SparseBagLayer.SCALE_KEY)
                .equalsWithEps(NaiveBayesInit.ratios(vocabulary, 1.0), 1e-6))
        .isTrue();
    INDArray start = Nd4j.onesLike(bag.getParam("W"));
    assertThat(bag.getParam("W").equalsWithEps(start, 1e-2)).isFalse();
  }

  /**
   * DL4J's direct approach (minibatches kept in Spark storage) on two workers over two epochs, in
   * one averaging round each (so DL4J fits every example): it learns, and it leaves no persisted
   * RDD behind. DL4J persisted a new copy of the minibatches at every epoch's fit and never
   * released it, while the trainer rebuilt them from Parquet.
   */
  @Test
  void dl4jsDirectApproachLearnsAndReleasesWhatItPersisted() {
    int persisted = spark.sparkContext().getPersistentRDDs().size();

    TrainResult result =
        new SparkTrainer(
                spark,
                config(
                    "train { epochs = 2, run-id = direct, engine = dl4j-spark, spark {"
                        + " approach = direct, workers = 2, batch-size-per-worker = 16,"
                        + " averaging-frequency = 1000 } }"))
            .run();

    assertThat(result.epochs()).hasSize(2);
    assertThat(result.best().getValidationAccuracy()).isGreaterThan(0.85);
    assertThat(spark.sparkContext().getPersistentRDDs().size()).isEqualTo(persisted);
  }

  /** Polarity's engine keeps the workers' shards for the run, and releases them at its end. */
  @Test
  void theAveragingEngineReleasesItsShards() {
    int persisted = spark.sparkContext().getPersistentRDDs().size();

    TrainResult result =
        new SparkTrainer(
                spark,
                config(
                    "train { epochs = 2, run-id = shards, spark { workers = 2,"
                        + " batch-size-per-worker = 16, averaging-frequency = 4 } }"))
            .run();

    assertThat(result.epochs())
        .extracting(EpochMetrics::getExamples)
        .containsOnly(result.trainExamples());
    assertThat(spark.sparkContext().getPersistentRDDs().size()).isEqualTo(persisted);
  }

  /**
   * Where DL4J's training master drops nothing (one worker, one minibatch an epoch), both engines
   * train the same network: the same start, gradient and updater steps (Nesterov momentum: state
   * that a round must carry), epoch after epoch.
   */
  @Test
  void bothEnginesTrainTheSameNetworkWhereDl4jDropsNothing() throws Exception {
    // one feature file, so that DL4J exports the train split as one minibatch
    Path one = dir.resolve("one-file");
    spark
        .read()
        .parquet(data.resolve("features/features").toString())
        .coalesce(1)
        .write()
        .partitionBy("split")
        .parquet(one.resolve("features").toString());
    org.apache.commons.io.FileUtils.copyDirectory(
        data.resolve("features/vocabulary").toFile(), one.resolve("vocabulary").toFile());
    String settings =
        "train { input = \""
            + one
            + "\", epochs = 3, model { optimizer = nesterovs, learning-rate = 0.05 },"
            + " spark { workers = 1, batch-size-per-worker = 5000, averaging-frequency = 1 }, ";

    new SparkTrainer(spark, config(settings + "engine = polarity, run-id = ours }")).run();
    new SparkTrainer(spark, config(settings + "engine = dl4j-spark, run-id = dl4j }")).run();

    ComputationGraph ours = load("ours/checkpoints/epoch-0003/network.zip");
    ComputationGraph dl4j = load("dl4j/checkpoints/epoch-0003/network.zip");
    assertThat(ours.params().equalsWithEps(dl4j.params(), 1e-6)).isTrue();
    assertThat(
            ours.getUpdater()
                .getStateViewArray()
                .equalsWithEps(dl4j.getUpdater().getStateViewArray(), 1e-6))
        .isTrue();
  }

  /** An epoch in which DL4J's training master drops examples fails, naming both counts. */
  @Test
  void dl4jsMasterFailsAnEpochInWhichItDropsExamples() {
    assertThatThrownBy(
            training(
                "train { run-id = drops, epochs = 1, engine = dl4j-spark, spark { workers = 2,"
                    + " batch-size-per-worker = 50, averaging-frequency = 3 } }"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageMatching(
            "epoch 1 fitted \\d+ of the \\d+ training examples \\(DL4J's training master fits at"
                + " most train.spark.averaging-frequency minibatches a worker and round of its"
                + " random split, and drops the rest; train.engine = polarity fits every"
                + " example\\)");
  }

  @Test
  void validatesItsConfiguration() {
    assertThatThrownBy(() -> config("train.spark.batch-size-per-worker = 0"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("train.spark.batch-size-per-worker must be between 1 and 65536, but was: 0");
    assertThatThrownBy(() -> config("train.spark.storage-level = lots"))
        .hasMessage(
            "train.spark.storage-level must be one of [memory-only, memory-only-ser, memory-and-disk,"
                + " memory-and-disk-ser, disk-only], but was: lots");
    assertThatThrownBy(() -> config("train.engine = spark"))
        .hasMessage("train.engine must be one of [polarity, dl4j-spark], but was: spark");
    assertThatThrownBy(() -> config("train.model.architecture = rnn"))
        .hasMessage("train.model.architecture must be one of [ngram-bag, cnn], but was: rnn");
    assertThatThrownBy(
            () ->
                config(
                    "train.model { naive-bayes-features = true, architecture = cnn,"
                        + " embedding-size = 16 }"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "train.model.naive-bayes-features applies to the linear ngram-bag (embedding-size = 0)"
                + " only, but the model is cnn with embedding-size = 16");
    assertThatThrownBy(
            () -> new SparkTrainer(spark, config("train { resume = true, run-id = none }")).run())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("nothing to resume for run id 'none'");
  }

  /** A training run of these settings, for assertions on how it fails. */
  private ThrowingCallable training(String hocon) {
    return () -> new SparkTrainer(spark, config(hocon)).run();
  }

  private ComputationGraph load(String name) throws Exception {
    return ModelSerializer.restoreComputationGraph(
        dir.resolve("models").resolve(name).toFile(), true);
  }
}
