package io.polarity.model.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.polarity.model.GeneratedFeatures;
import io.polarity.model.network.Networks;
import io.polarity.model.train.TrainConfig;
import io.polarity.pipeline.SparkTestBase;
import io.polarity.pipeline.preprocess.Vocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Polarity's averaging engine against single-JVM fits of the minibatches its plan assigns, on the
 * path production takes: Kryo (the test base's session), workers sharing nothing but broadcasts and
 * task results, several minibatches per round.
 */
class AveragingEngineTest extends SparkTestBase {
  @TempDir static Path data;
  private static Vocabulary vocabulary;
  private static TrainConfig config;

  @BeforeAll
  static void corpus() {
    GeneratedFeatures.build(spark, data, 0.0);
    vocabulary = Vocabulary.load(spark, data.resolve("features/vocabulary").toString());
    config =
        TrainConfig.from(
            GeneratedFeatures.conf(
                "train.model { optimizer = adam, learning-rate = 0.05, learning-rate-decay = 0.5"
                    + " }"));
  }

  private static AveragingEngine engine(int workers, RoundPlan plan) {
    return new AveragingEngine(
        spark,
        new AveragingEngine.Source(
            data.resolve("features/features").toString(),
            Minibatches.Input.NGRAMS,
            2,
            workers,
            StorageLevel.MEMORY_AND_DISK()),
        plan);
  }

  private static ComputationGraph network() {
    ComputationGraph g =
        new ComputationGraph(
            Networks.create(config.hyperparameters(), vocabulary.size(), 2, config.seed()));
    g.init();
    return g;
  }

  /** Worker {@code w}'s shard, in its stable order, as the engine cached it. */
  private static List<TrainingRow> shard(AveragingEngine engine, int w) {
    return engine
        .shards()
        .rows()
        .mapPartitionsWithIndex(
            (i, rows) -> i == w ? rows : java.util.Collections.emptyIterator(), true)
        .collect();
  }

  /**
   * Fits, in {@code network}, worker {@code w}'s minibatches of rounds [first, last) of an epoch.
   */
  private static int fit(
      ComputationGraph network,
      List<TrainingRow> shard,
      RoundPlan plan,
      int epoch,
      int w,
      int firstRound,
      int lastRound) {
    int[] order = plan.order(shard.size(), epoch, w);
    int minibatches = 0;
    for (int round = firstRound; round < lastRound; round++) {
      int to = plan.to(round, shard.size());
      for (int b = plan.from(round, shard.size()); b < to; b += plan.batchSize()) {
        List<TrainingRow> batch = new ArrayList<>();
        for (int i = b; i < Math.min(b + plan.batchSize(), to); i++) {
          batch.add(shard.get(order[i]));
        }
        network.fit(TrainingRow.minibatch(batch, 2));
        minibatches++;
      }
    }
    return minibatches;
  }

  /**
   * The oracle: one worker averaging after every minibatch equals a single-JVM fit of the same
   * minibatches in the same order, over two epochs (Adam's moments and bias correction, and the
   * epoch-decayed rate, carried through the rounds).
   */
  @Test
  void oneWorkerAveragingEveryMinibatchIsASingleJvmFit() {
    RoundPlan plan = new RoundPlan(42, 32, 1);
    ComputationGraph averaged = network();
    ComputationGraph single = network();
    try (AveragingEngine engine = engine(1, plan)) {
      for (int epoch = 1; epoch <= 2; epoch++) {
        averaged.getConfiguration().setEpochCount(epoch - 1);
        TrainingEngine.EpochFit fit = engine.fit(averaged, epoch);
        List<TrainingRow> rows = shard(engine, 0);
        single.getConfiguration().setEpochCount(epoch - 1);
        fit(single, rows, plan, epoch, 0, 0, plan.rounds(new long[] {rows.size()}));
        assertThat(fit.examples()).isEqualTo(rows.size());
      }
    }

    assertThat(averaged.params().equalsWithEps(single.params(), 1e-6)).isTrue();
    assertThat(NetworkState.stateView(averaged).equalsWithEps(NetworkState.stateView(single), 1e-6))
        .isTrue();
    assertThat(averaged.getConfiguration().getIterationCount())
        .isEqualTo(single.getConfiguration().getIterationCount());
    assertThat(averaged.params().equalsWithEps(network().params(), 1e-3)).isFalse();
  }

  /**
   * Two workers, one round of several minibatches each: the example-weighted average of two
   * single-JVM fits of the workers' minibatches from the same start, parameters and updater state.
   */
  @Test
  void twoWorkersInOneRoundAverageTheirFitsWeightedByExamples() {
    RoundPlan plan = new RoundPlan(42, 50, 1000);
    ComputationGraph averaged = network();
    INDArray startParams = averaged.params().dup();
    List<List<TrainingRow>> shards = new ArrayList<>();
    try (AveragingEngine engine = engine(2, plan)) {
      engine.fit(averaged, 1);
      shards.add(shard(engine, 0));
      shards.add(shard(engine, 1));
    }
    long total = shards.get(0).size() + shards.get(1).size();
    INDArray params = null;
    INDArray state = null;
    int minibatches = 0;
    for (int w = 0; w < 2; w++) {
      ComputationGraph worker = network();
      assertThat(worker.params().equalsWithEps(startParams, 0)).isTrue();
      minibatches = Math.max(minibatches, fit(worker, shards.get(w), plan, 1, w, 0, 1));
      double weight = (double) shards.get(w).size() / total;
      INDArray p = worker.params().mul(weight);
      INDArray s = NetworkState.stateView(worker).mul(weight);
      params = params == null ? p : params.addi(p);
      state = state == null ? s : state.addi(s);
    }

    assertThat(shards.get(0)).isNotEmpty();
    assertThat(shards.get(1)).isNotEmpty();
    assertThat(minibatches).as("several minibatches per worker in the round").isGreaterThan(3);
    assertThat(averaged.params().equalsWithEps(params, 1e-6)).isTrue();
    assertThat(NetworkState.stateView(averaged).equalsWithEps(state, 1e-6)).isTrue();
    assertThat(averaged.getConfiguration().getIterationCount()).isEqualTo(minibatches);
  }

  /**
   * Uneven shards, short last minibatches and a short last round over three epochs: every epoch
   * fits every training example once, as the workers count them, and the count is the feature
   * table's own.
   */
  @Test
  void everyEpochFitsEveryTrainingExampleCountedByTheWorkers() {
    RoundPlan plan = new RoundPlan(7, 7, 3);
    long trainRows =
        spark
            .read()
            .parquet(data.resolve("features/features").toString())
            .filter("split = 'train' AND label_index >= 0")
            .count();
    ComputationGraph network = network();
    try (AveragingEngine engine = engine(2, plan)) {
      List<Long> fitted = new ArrayList<>();
      for (int epoch = 1; epoch <= 3; epoch++) {
        fitted.add(engine.fit(network, epoch).examples());
      }
      long[] sizes = engine.shards().sizes();

      assertThat(fitted).containsExactly(trainRows, trainRows, trainRows);
      assertThat(engine.examples()).isEqualTo(trainRows);
      assertThat(sizes[0]).isNotEqualTo(sizes[1]);
      assertThat(sizes[0] % plan.rowsPerRound()).isNotZero(); // a short last round
      assertThat(sizes[0] % plan.batchSize()).isNotZero(); // a short last minibatch
    }
  }
}
