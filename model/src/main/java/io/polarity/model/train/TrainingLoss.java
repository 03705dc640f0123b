package io.polarity.model.train;

import org.apache.spark.SparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The mean training loss of an epoch over all its minibatches, as the workers fit them: a DL4J
 * Spark training hook that adds each minibatch's score (its mean loss per example, with the
 * regularisation term, computed in the forward pass of its fit) weighted by its examples to Spark
 * accumulators. DL4J's own {@code getScore()} is only the last averaging round's score.
 *
 * <p>The accumulators travel to the executors with the training worker in the task closure. A
 * minibatch is counted again only if Spark re-runs its task (a lost executor), which shifts the
 * mean slightly but never loses it.
 *
 * <p>{@link #examples()} also tells how many examples DL4J actually fitted. It is not always the
 * training set: DL4J 1.0.0-M2 splits an epoch into averaging rounds by minibatch files, re-batches
 * each worker's share, and fits at most {@code averaging-frequency} minibatches per worker and
 * round, so a worker given more than that in a round skips the rest, and the random splits can also
 * hand a file to two rounds. Measured here: 1,188 and once 1,238 of 1,225 examples with 2 workers,
 * batches of 50 and averaging every 3, and 20,468 of 22,221 in every epoch of the shipped IMDB
 * configuration. The trainer fails such an epoch.
 */
final class TrainingLoss implements TrainingHook {
  private static final long serialVersionUID = 1L;

  private final DoubleAccumulator lossSum;
  private final LongAccumulator examples;
  private final LongAccumulator fitNanos;
  private transient long started;

  TrainingLoss(SparkContext sc, int epoch) {
    this.lossSum = sc.doubleAccumulator("train loss sum, epoch " + epoch);
    this.examples = sc.longAccumulator("train examples, epoch " + epoch);
    this.fitNanos = sc.longAccumulator("train worker fit nanoseconds, epoch " + epoch);
  }

  /**
   * Seconds the workers spent fitting minibatches, summed over workers: from DL4J's call before a
   * minibatch's fit to its call after.
   */
  double workerFitSeconds() {
    return fitNanos.value() / 1e9;
  }

  /** The losses of the minibatches fitted so far, each weighted by its examples. */
  double lossSum() {
    return lossSum.value();
  }

  /** Examples fitted so far. */
  long examples() {
    return examples.value();
  }

  @Override
  public void preUpdate(DataSet minibatch, Model model) {
    started = System.nanoTime();
  }

  @Override
  public void postUpdate(DataSet minibatch, Model model) {
    add(model.score(), minibatch.numExamples());
  }

  @Override
  public void preUpdate(MultiDataSet minibatch, Model model) {
    started = System.nanoTime();
  }

  @Override
  public void postUpdate(MultiDataSet minibatch, Model model) {
    add(model.score(), (int) minibatch.getFeatures(0).size(0));
  }

  private void add(double score, int n) {
    fitNanos.add(System.nanoTime() - started);
    lossSum.add(score * n);
    examples.add(n);
  }
}
