package io.polarity.model.engine;

import io.polarity.pipeline.io.Termination;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polarity's parameter-averaging engine, on Spark's Java API and DL4J's core. Each worker keeps a
 * shard of the training set in executor memory for the whole run ({@link Shards}); an epoch is a
 * series of averaging rounds ({@link RoundPlan}). In a round, the driver broadcasts its network's
 * parameters and updater state (one bulk array each), every worker with examples left starts from
 * them, fits its next {@code averaging-frequency} minibatches, and sends back its parameters and
 * updater state weighted by its share of the round's examples; their sum ({@code treeAggregate})
 * becomes the driver's network. A worker counts the examples it fitted, and an epoch whose count
 * differs from its shards' fails the run, naming both.
 *
 * <p>A task lost with its executor is run again by Spark from the same broadcast, on a shard
 * recomputed the same way, and only one result per shard enters the sum: no example is fitted twice
 * into the average.
 */
public final class AveragingEngine implements TrainingEngine {
  private static final Logger LOG = LoggerFactory.getLogger(AveragingEngine.class);

  private final SparkSession spark;
  private final JavaSparkContext sc;
  private final Source source;
  private final RoundPlan plan;
  private Shards shards;
  private Broadcast<String> configuration;

  /**
   * The training set: the labelled train split of the feature table at {@code featuresPath}, read
   * as {@code input} ids for a network of {@code classes} classes, kept at {@code level} in {@code
   * workers} shards.
   */
  public record Source(
      String featuresPath, Minibatches.Input input, int classes, int workers, StorageLevel level) {}

  /** An engine over {@code source}; its shards are read and cached by the first epoch's fit. */
  public AveragingEngine(SparkSession spark, Source source, RoundPlan plan) {
    this.spark = spark;
    this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.source = source;
    this.plan = plan;
  }

  /**
   * The training examples, 0 before the first fit (a run with nothing left to train reads none).
   */
  @Override
  public long examples() {
    return shards == null ? 0 : shards.examples();
  }

  /** The shards, read and cached the first time. */
  Shards shards() {
    if (shards == null) {
      shards =
          Shards.build(
              spark,
              source.featuresPath(),
              source.workers(),
              source.input(),
              source.classes(),
              source.level());
    }
    return shards;
  }

  @Override
  public int workers() {
    return source.workers();
  }

  @Override
  public EpochFit fit(ComputationGraph network, int epoch) {
    Shards shards = shards();
    if (configuration == null) {
      configuration = sc.broadcast(NetworkPool.configuration(network));
    }
    long[] sizes = shards.sizes();
    int rounds = plan.rounds(sizes);
    long examples = 0;
    double lossSum = 0;
    long computeNanos = 0;
    for (int round = 0; round < rounds; round++) {
      Termination.check();
      long roundRows = 0;
      for (long n : sizes) {
        roundRows += plan.to(round, (int) n) - plan.from(round, (int) n);
      }
      RoundSum sum =
          round(shards, network, new Round(plan, epoch, round, roundRows, source.classes()));
      sum.applyTo(network);
      examples += sum.examples();
      lossSum += sum.lossSum();
      computeNanos += sum.computeNanos();
    }
    if (examples != shards.examples()) {
      throw new IllegalStateException(
          "epoch "
              + epoch
              + " fitted "
              + examples
              + " examples, but the training set has "
              + shards.examples()
              + " (its shards: "
              + Arrays.toString(sizes)
              + ")");
    }
    LOG.debug("epoch {}: {} rounds over shards of {} rows", epoch, rounds, Arrays.toString(sizes));
    return new EpochFit(examples, lossSum, computeNanos / 1e9);
  }

  /** One averaging round: the network broadcast, every worker's fit, the weighted sum. */
  private RoundSum round(Shards shards, ComputationGraph network, Round round) {
    long started = System.nanoTime();
    Broadcast<NetworkState> start = sc.broadcast(NetworkState.of(network));
    long broadcast = System.nanoTime();
    Broadcast<String> conf = configuration;
    try {
      RoundSum sum =
          shards
              .rows()
              .mapPartitionsWithIndex(
                  (worker, shard) -> fit(worker, shard, round, conf.value(), start.value()), true)
              .treeAggregate(new RoundSum(), RoundSum::add, RoundSum::add);
      LOG.debug(
          "epoch {} round {}: broadcast {} ms, job {} ms, workers computing {} ms in all",
          round.epoch(),
          round.round(),
          (broadcast - started) / 1_000_000,
          (System.nanoTime() - broadcast) / 1_000_000,
          sum.computeNanos() / 1_000_000);
      return sum;
    } finally {
      start.destroy();
    }
  }

  /** The round a worker fits: the plan, epoch and round, and the round's examples in all. */
  record Round(RoundPlan plan, int epoch, int round, long rows, int classes)
      implements Serializable {}

  /**
   * A worker's part of a round, on its executor: its round's slice of its shuffled shard, fitted
   * minibatch by minibatch from the broadcast state; nothing when its shard has no rows left.
   */
  static Iterator<RoundSum> fit(
      int worker,
      Iterator<TrainingRow> shardRows,
      Round round,
      String configuration,
      NetworkState start) {
    List<TrainingRow> shard = Shards.drain(shardRows);
    int from = round.plan().from(round.round(), shard.size());
    int to = round.plan().to(round.round(), shard.size());
    if (from >= to) {
      return Collections.emptyIterator();
    }
    long started = System.nanoTime();
    int[] order = round.plan().order(shard.size(), round.epoch(), worker);
    ComputationGraph network = NetworkPool.borrow(configuration);
    try {
      start.applyTo(network);
      double lossSum = 0;
      int minibatches = 0;
      long examples = 0;
      int batchSize = round.plan().batchSize();
      for (int b = from; b < to; b += batchSize) {
        List<TrainingRow> batch = new ArrayList<>(batchSize);
        for (int i = b; i < Math.min(b + batchSize, to); i++) {
          batch.add(shard.get(order[i]));
        }
        DataSet minibatch = TrainingRow.minibatch(batch, round.classes());
        network.fit(minibatch);
        lossSum += network.score() * batch.size();
        examples += batch.size();
        minibatches++;
      }
      return List.of(
              RoundSum.of(
                  network,
                  (double) examples / round.rows(),
                  examples,
                  minibatches,
                  lossSum,
                  System.nanoTime() - started))
          .iterator();
    } finally {
      NetworkPool.release(configuration, network);
    }
  }

  @Override
  public void close() {
    if (shards != null) {
      shards.close();
    }
    if (configuration != null) {
      configuration.destroy();
    }
  }
}
