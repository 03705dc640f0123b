package io.polarity.model.engine;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * How one epoch of the training set is fitted into the driver's network across the workers:
 * Polarity's own parameter averaging ({@link AveragingEngine}, {@code train.engine = polarity}) or
 * DL4J Spark's training master ({@code train.Dl4jSparkEngine}, {@code dl4j-spark}), the reference
 * it is tested against.
 */
public interface TrainingEngine extends AutoCloseable {
  /**
   * Fits one epoch into {@code network}: its parameters, updater state and iteration count end as
   * the epoch left them.
   */
  EpochFit fit(ComputationGraph network, int epoch);

  /** The training examples of the run (labelled reviews of the train split). */
  long examples();

  /** The workers an epoch is spread over. */
  int workers();

  @Override
  void close();

  /**
   * What an epoch's fit did: the examples the workers fitted (counted as they fitted them), the sum
   * of their minibatches' losses weighted by examples, and the seconds the workers spent computing,
   * summed over workers.
   */
  record EpochFit(long examples, double lossSum, double workerSeconds) {
    public double meanLoss() {
      return examples == 0 ? Double.NaN : lossSum / examples;
    }
  }
}
