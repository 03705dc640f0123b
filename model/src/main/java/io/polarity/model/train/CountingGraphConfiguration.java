package io.polarity.model.train;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;

/**
 * A graph configuration whose {@link #clone()} keeps the iteration and epoch counts.
 *
 * <p>Works around a DL4J 1.0.0-M2.1 bug that DL4J Spark's parameter averaging runs into: {@code
 * ComputationGraphConfiguration.clone()} copies every field but {@code iterationCount} and {@code
 * epochCount} ({@code MultiLayerConfiguration} uses {@code Object.clone} and keeps them), and
 * {@code ParameterAveragingTrainingWorker.getInitialModelGraph} builds each worker's network from a
 * clone of the broadcast configuration. Every worker therefore started at iteration 0 and epoch 0:
 * Adam's bias correction restarted at every averaging round, and epoch-based learning-rate
 * schedules never moved past their first value. The driver advances the counts itself (the master
 * adds the averaging frequency after each split; the trainer sets the epoch), so carrying them
 * through {@code clone()} is all the workers need. The oracle test checks Adam and a decaying rate
 * over several epochs.
 */
final class CountingGraphConfiguration extends ComputationGraphConfiguration {
  private static final long serialVersionUID = 1L;

  private CountingGraphConfiguration(ComputationGraphConfiguration c) {
    vertices = c.getVertices();
    vertexInputs = c.getVertexInputs();
    trainingWorkspaceMode = c.getTrainingWorkspaceMode();
    inferenceWorkspaceMode = c.getInferenceWorkspaceMode();
    cacheMode = c.getCacheMode();
    dataType = c.getDataType();
    validateOutputLayerConfig = c.isValidateOutputLayerConfig();
    networkInputs = c.getNetworkInputs();
    networkOutputs = c.getNetworkOutputs();
    backpropType = c.getBackpropType();
    tbpttFwdLength = c.getTbpttFwdLength();
    tbpttBackLength = c.getTbpttBackLength();
    defaultConfiguration = c.getDefaultConfiguration();
    iterationCount = c.getIterationCount();
    epochCount = c.getEpochCount();
    topologicalOrder = c.getTopologicalOrder();
    topologicalOrderStr = c.getTopologicalOrderStr();
  }

  /** A copy of {@code c} that keeps its counts when cloned. */
  static ComputationGraphConfiguration of(ComputationGraphConfiguration c) {
    return c instanceof CountingGraphConfiguration ? c : new CountingGraphConfiguration(c);
  }

  /**
   * The same network (parameters and updater state shared, not copied) on a counting configuration.
   */
  static ComputationGraph adopt(ComputationGraph graph) {
    if (graph.getConfiguration() instanceof CountingGraphConfiguration) {
      return graph;
    }
    ComputationGraph adopted = new ComputationGraph(of(graph.getConfiguration()));
    adopted.init(graph.params(), false);
    ComputationGraphUpdater updater = graph.getUpdater(false);
    if (updater != null && updater.getStateViewArray() != null) {
      adopted.setUpdater(new ComputationGraphUpdater(adopted, updater.getStateViewArray()));
    }
    return adopted;
  }

  @Override
  public ComputationGraphConfiguration clone() {
    ComputationGraphConfiguration copy = super.clone();
    copy.setIterationCount(iterationCount);
    copy.setEpochCount(epochCount);
    return copy;
  }
}
