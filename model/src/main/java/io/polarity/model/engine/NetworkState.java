package io.polarity.model.engine;

import java.io.Serializable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's state between averaging rounds, as the driver broadcasts it to the workers: its
 * parameters and updater state (each one flat array, sent whole: ArrayKryoRegistrator), and its
 * iteration and epoch counts (Adam's bias correction and rate schedules read them). A plain class,
 * as Kryo writes it.
 */
final class NetworkState implements Serializable {
  private static final long serialVersionUID = 1L;

  private INDArray parameters;
  private INDArray updaterState; // null for an updater without state (plain SGD)
  private int iteration;
  private int epoch;

  NetworkState() {} // for Kryo

  /**
   * A copy of {@code network}'s state: the broadcast owns it, and Spark closes a broadcast value
   * (an INDArray is AutoCloseable) when it removes the broadcast.
   */
  static NetworkState of(ComputationGraph network) {
    NetworkState s = new NetworkState();
    s.parameters = network.params().dup();
    INDArray state = stateView(network);
    s.updaterState = state == null ? null : state.dup();
    s.iteration = network.getConfiguration().getIterationCount();
    s.epoch = network.getConfiguration().getEpochCount();
    return s;
  }

  /** Makes {@code network} start from this state. */
  void applyTo(ComputationGraph network) {
    network.params().assign(parameters);
    if (updaterState != null) {
      network.getUpdater().getStateViewArray().assign(updaterState);
    }
    network.getConfiguration().setIterationCount(iteration);
    network.getConfiguration().setEpochCount(epoch);
  }

  INDArray parameters() {
    return parameters;
  }

  /** The network's updater state, or null when its updater keeps none. */
  static INDArray stateView(ComputationGraph network) {
    ComputationGraphUpdater updater = network.getUpdater();
    return updater == null ? null : updater.getStateViewArray();
  }
}
