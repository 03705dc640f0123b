package io.polarity.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.polarity.model.engine.Minibatches;
import io.polarity.pipeline.preprocess.FeatureRow;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class NetworksTest {
  static final Hyperparameters LINEAR =
      new Hyperparameters(
          Architecture.NGRAM_BAG,
          Hyperparameters.Optimizer.ADAM,
          0.05,
          1.0,
          0.0,
          0.0,
          0,
          8,
          new int[] {3},
          1.0,
          false);
  static final Hyperparameters BAG =
      new Hyperparameters(
          Architecture.NGRAM_BAG,
          Hyperparameters.Optimizer.ADAM,
          0.05,
          1.0,
          0.0,
          0.2,
          16,
          8,
          new int[] {3},
          1.0,
          false);
  static final Hyperparameters CNN = cnn(0.9);

  /** The CNN's hyperparameters with a learning-rate decay of {@code decay}. */
  private static Hyperparameters cnn(double decay) {
    return new Hyperparameters(
        Architecture.CNN,
        Hyperparameters.Optimizer.ADAM,
        0.01,
        decay,
        1e-4,
        0.5,
        16,
        8,
        new int[] {2, 3},
        1.0,
        false);
  }

  static FeatureRow row(int label, int... ids) {
    FeatureRow r = new FeatureRow();
    r.setReviewId("r" + label + ids.length);
    r.setLabelIndex(label);
    r.setNgramIds(ids);
    r.setTokenIds(ids);
    return r;
  }

  private static INDArray scores(Hyperparameters h, Minibatches.Input input) {
    ComputationGraph graph = new ComputationGraph(Networks.create(h, 20, 3, 7));
    graph.init();
    DataSet batch = Minibatches.of(List.of(row(0, 2, 3, 4), row(2, 5), row(1)), input, 3);
    return graph
        .output(
            false,
            new INDArray[] {batch.getFeatures()},
            new INDArray[] {batch.getFeaturesMaskArray()})[0];
  }

  @Test
  void eachArchitectureGivesOneDistributionPerReview() {
    for (Hyperparameters h : List.of(LINEAR, BAG, CNN)) {
      INDArray out = scores(h, h == CNN ? Minibatches.Input.TOKENS : Minibatches.Input.NGRAMS);
      assertThat(out.shape()).as(h.toString()).containsExactly(3, 3);
      assertThat(out.sum(1).toDoubleVector())
          .as(h.toString())
          .containsExactly(new double[] {1, 1, 1}, org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void theSameSeedGivesTheSameParameters() {
    ComputationGraph a = new ComputationGraph(Networks.create(CNN, 50, 2, 11));
    ComputationGraph b = new ComputationGraph(Networks.create(CNN, 50, 2, 11));
    a.init();
    b.init();
    assertThat(a.params().equalsWithEps(b.params(), 0)).isTrue();
    assertThat(a.numParams())
        .isEqualTo(50 * 16 + (2 * 16 * 8 + 8) + (3 * 16 * 8 + 8) + (16 * 2 + 2));
  }

  @Test
  void hyperparametersAreEqualByValueWithTheirWidthsAndHashAlike() {
    // a new instance with its own widths array
    Hyperparameters copy = cnn(0.9);
    assertThat(copy.widths()).isNotSameAs(CNN.widths());
    assertThat(copy).isEqualTo(CNN).hasSameHashCodeAs(CNN);
    Hyperparameters otherDecay = cnn(0.8);
    assertThat(otherDecay).isNotEqualTo(CNN);
    assertThat(otherDecay.hashCode()).isNotEqualTo(CNN.hashCode());
  }
}
