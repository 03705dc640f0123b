package io.polarity.model.engine;

import java.io.Serializable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the workers of an averaging round send back, summed on the way ({@code treeAggregate}): each
 * worker's parameters and updater state weighted by its share of the round's examples (so the sum
 * is the example-weighted average), and the examples, minibatches, loss and computing time it
 * counted as it fitted them. A worker without examples in the round adds nothing. A plain class, as
 * Kryo writes it.
 */
final class RoundSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private int workers;
  private long examples;
  private int minibatches; // the most any worker fitted: the round's sequential updates
  private double lossSum;
  private long computeNanos;
  private INDArray parameters;
  private INDArray updaterState;

  RoundSum() {} // the empty sum, and for Kryo

  /**
   * A worker's share: its network after fitting {@code examples} examples in {@code minibatches}
   * minibatches, weighted by {@code weight} (its examples over the round's).
   */
  static RoundSum of(
      ComputationGraph network,
      double weight,
      long examples,
      int minibatches,
      double lossSum,
      long computeNanos) {
    RoundSum s = new RoundSum();
    s.workers = 1;
    s.examples = examples;
    s.minibatches = minibatches;
    s.lossSum = lossSum;
    s.computeNanos = computeNanos;
    s.parameters = network.params().mul(weight);
    INDArray state = NetworkState.stateView(network);
    s.updaterState = state == null ? null : state.mul(weight);
    return s;
  }

  /** This sum with {@code other} added (in place). */
  RoundSum add(RoundSum other) {
    if (other.workers == 0) {
      return this;
    }
    if (workers == 0) {
      return other;
    }
    workers += other.workers;
    examples += other.examples;
    minibatches = Math.max(minibatches, other.minibatches);
    lossSum += other.lossSum;
    computeNanos += other.computeNanos;
    parameters.addi(other.parameters);
    if (updaterState != null) {
      updaterState.addi(other.updaterState);
    }
    return this;
  }

  /** Makes {@code network} the round's average, its iteration count advanced by the round. */
  void applyTo(ComputationGraph network) {
    network.params().assign(parameters);
    if (updaterState != null) {
      NetworkState.stateView(network).assign(updaterState);
    }
    network
        .getConfiguration()
        .setIterationCount(network.getConfiguration().getIterationCount() + minibatches);
  }

  int workers() {
    return workers;
  }

  long examples() {
    return examples;
  }

  double lossSum() {
    return lossSum;
  }

  long computeNanos() {
    return computeNanos;
  }
}
