package io.polarity.model.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polarity.model.engine.Minibatches;
import io.polarity.pipeline.preprocess.FeatureRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The sparse bag against what it replaces: DL4J's embedding layer and masked global pooling, with
 * the same parameters, on padded minibatches of rows of different lengths and repeated ids.
 */
class SparseBagTest {
  private static final int VOCABULARY = 40;
  private static final int CLASSES = 3;

  /** The ngram-bag as it was built before the sparse bag: embedding, then masked pooling. */
  private static ComputationGraph reference(int width, PoolingType pooling) {
    return withOutput(
        graph()
            .addLayer(
                Networks.EMBEDDING,
                new EmbeddingSequenceLayer.Builder()
                    .nIn(VOCABULARY)
                    .nOut(width)
                    .hasBias(false)
                    .build(),
                Networks.INPUT)
            .addLayer("pool", new GlobalPoolingLayer.Builder(pooling).build(), Networks.EMBEDDING),
        "pool",
        width);
  }

  private static ComputationGraphConfiguration.GraphBuilder graph() {
    return new NeuralNetConfiguration.Builder()
        .seed(3)
        .updater(new Sgd(0.1))
        .weightInit(WeightInit.XAVIER)
        .graphBuilder()
        .addInputs(Networks.INPUT);
  }

  private static ComputationGraph withOutput(
      ComputationGraphConfiguration.GraphBuilder g, String last, int width) {
    ComputationGraph graph =
        new ComputationGraph(
            g.addLayer(
                    Networks.OUTPUT,
                    new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX)
                        .nIn(width)
                        .nOut(CLASSES)
                        .build(),
                    last)
                .setOutputs(Networks.OUTPUT)
                .build());
    graph.init();
    return graph;
  }

  private static ComputationGraph sparse(int width, SparseBagLayer.Pooling pooling) {
    return withOutput(
        graph()
            .addLayer(
                Networks.EMBEDDING, SparseBagLayer.of(VOCABULARY, width, pooling), Networks.INPUT),
        Networks.EMBEDDING,
        width);
  }

  /** Rows of 0 to 12 ids (repeats allowed), so that every minibatch is padded. */
  private static DataSet batch(long seed) {
    Random random = new Random(seed);
    List<FeatureRow> rows = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      int[] ids = new int[random.nextInt(13)];
      for (int t = 0; t < ids.length; t++) {
        ids[t] = 1 + random.nextInt(VOCABULARY - 1);
      }
      FeatureRow row = new FeatureRow();
      row.setReviewId("r" + i);
      row.setLabelIndex(random.nextInt(CLASSES));
      row.setNgramIds(ids);
      rows.add(row);
    }
    return Minibatches.of(rows, Minibatches.Input.NGRAMS, CLASSES);
  }

  private static INDArray output(ComputationGraph graph, DataSet batch) {
    return graph
        .output(
            false,
            new INDArray[] {batch.getFeatures()},
            new INDArray[] {batch.getFeaturesMaskArray()})[0];
  }

  private static INDArray gradient(ComputationGraph graph, DataSet batch) {
    graph.setInputs(batch.getFeatures());
    graph.setLabels(batch.getLabels());
    graph.setLayerMaskArrays(new INDArray[] {batch.getFeaturesMaskArray()}, null);
    graph.computeGradientAndScore();
    graph.clearLayerMaskArrays();
    return graph.gradient().gradient().dup();
  }

  @Test
  void computesWhatTheEmbeddingAndMaskedPoolingComputed() {
    for (int width : new int[] {CLASSES, 8}) {
      for (boolean mean : new boolean[] {false, true}) {
        ComputationGraph before = reference(width, mean ? PoolingType.AVG : PoolingType.SUM);
        ComputationGraph after =
            sparse(width, mean ? SparseBagLayer.Pooling.MEAN : SparseBagLayer.Pooling.SUM);
        assertThat(after.numParams()).isEqualTo(before.numParams());
        after.setParams(before.params().dup());
        String what = (mean ? "mean" : "sum") + " over width " + width;
        for (long seed = 1; seed <= 5; seed++) {
          DataSet batch = batch(seed);
          assertThat(output(after, batch).equalsWithEps(output(before, batch), 1e-5))
              .as(what + ", output of batch " + seed)
              .isTrue();
          assertThat(gradient(after, batch).equalsWithEps(gradient(before, batch), 1e-5))
              .as(what + ", gradient of batch " + seed)
              .isTrue();
        }
        // and after training both on the same minibatches, the same parameters
        for (long seed = 6; seed <= 10; seed++) {
          before.fit(batch(seed));
          after.fit(batch(seed));
        }
        assertThat(after.params().equalsWithEps(before.params(), 1e-5))
            .as(what + ", parameters after five SGD steps")
            .isTrue();
      }
    }
  }

  @Test
  void survivesDl4jsModelFileAndJsonConfiguration() throws IOException {
    ComputationGraph graph = sparse(4, SparseBagLayer.Pooling.MEAN);
    graph.fit(batch(1));
    ComputationGraph restored = throughModelFile(graph);
    DataSet batch = batch(2);
    assertThat(output(restored, batch).equalsWithEps(output(graph, batch), 0)).isTrue();
    assertThat(restored.getLayer(Networks.EMBEDDING).conf().getLayer())
        .isEqualTo(graph.getLayer(Networks.EMBEDDING).conf().getLayer());
    assertThat(
            ComputationGraphConfiguration.fromJson(graph.getConfiguration().toJson())
                .getVertices()
                .toString())
        .contains("MEAN");
  }

  /**
   * With Naive Bayes features, id i adds S[i, c] * W[i, c] to output c: the same outputs as the
   * plain bag whose weights are S * W, gradients for W that are S times the plain bag's, and S
   * never moves under the updater or L2, while W does.
   */
  @Test
  void scalesEachIdByItsFixedNaiveBayesValue() {
    ComputationGraph plain = sparse(CLASSES, SparseBagLayer.Pooling.SUM);
    ComputationGraph scaled = scaled();
    assertThat(scaled.numParams()).isEqualTo(plain.numParams() + VOCABULARY * CLASSES);
    INDArray s = uniform(5).subi(0.5).muli(4);
    INDArray w = uniform(6).subi(0.5);
    scaled.getLayer(Networks.EMBEDDING).setParam(SparseBagLayer.SCALE_KEY, s);
    scaled.getLayer(Networks.EMBEDDING).setParam("W", w);
    plain.getLayer(Networks.EMBEDDING).setParam("W", w.mul(s));
    INDArray out = plain.getLayer(Networks.OUTPUT).getParam("W");
    scaled.getLayer(Networks.OUTPUT).setParam("W", out.dup());
    for (long seed = 1; seed <= 3; seed++) {
      DataSet batch = batch(seed);
      assertThat(output(scaled, batch).equalsWithEps(output(plain, batch), 1e-5))
          .as("output of batch " + seed)
          .isTrue();
      gradient(plain, batch);
      INDArray plainW = plain.gradient().getGradientFor("embedding_W").dup();
      gradient(scaled, batch);
      assertThat(scaled.gradient().getGradientFor("embedding_W").equalsWithEps(plainW.mul(s), 1e-5))
          .as("gradient of W for batch " + seed)
          .isTrue();
    }
    for (long seed = 4; seed <= 6; seed++) {
      scaled.fit(batch(seed));
    }
    INDArray bag = scaled.getLayer(Networks.EMBEDDING).getParam("W");
    assertThat(scaled.getLayer(Networks.EMBEDDING).getParam(SparseBagLayer.SCALE_KEY)).isEqualTo(s);
    assertThat(bag.equalsWithEps(w, 1e-3)).as("W moved").isFalse();
  }

  @Test
  void keepsItsNaiveBayesScalesThroughDl4jsModelFile() throws IOException {
    ComputationGraph graph = scaled();
    INDArray s = uniform(7);
    graph.getLayer(Networks.EMBEDDING).setParam(SparseBagLayer.SCALE_KEY, s);
    graph.fit(batch(1));
    ComputationGraph restored = throughModelFile(graph);
    assertThat(restored.getLayer(Networks.EMBEDDING).getParam(SparseBagLayer.SCALE_KEY))
        .isEqualTo(s);
    assertThat(
            ((SparseBagLayer) restored.getLayer(Networks.EMBEDDING).conf().getLayer())
                .isNaiveBayesFeatures())
        .isTrue();
    DataSet batch = batch(2);
    assertThat(output(restored, batch).equalsWithEps(output(graph, batch), 0)).isTrue();
    // Adam keeps two moments for W and the output layer, none for S
    assertThat(restored.getUpdater().getStateViewArray().length())
        .isEqualTo(2 * (graph.numParams() - s.length()));
    // and the updater state goes on from where it was
    restored.fit(batch(3));
    graph.fit(batch(3));
    assertThat(restored.params().equalsWithEps(graph.params(), 1e-6)).isTrue();
  }

  /** The graph written to DL4J's model file (with its updater state) and read back. */
  private static ComputationGraph throughModelFile(ComputationGraph graph) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(graph, bytes, true);
    return ModelSerializer.restoreComputationGraph(
        new ByteArrayInputStream(bytes.toByteArray()), true);
  }

  /** A {@code [VOCABULARY, CLASSES]} array of uniform values in [0, 1). */
  private static INDArray uniform(long seed) {
    Random random = new Random(seed);
    float[] values = new float[VOCABULARY * CLASSES];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextFloat();
    }
    return Nd4j.create(values, new long[] {VOCABULARY, CLASSES}, DataType.FLOAT);
  }

  /**
   * The linear bag with Naive Bayes features, with Adam (state to carry through the model file) and
   * L2, so that a regularised S would move.
   */
  private static ComputationGraph scaled() {
    return withOutput(
        new NeuralNetConfiguration.Builder()
            .seed(3)
            .updater(new Adam(0.05))
            .l2(0.01)
            .weightInit(WeightInit.XAVIER)
            .graphBuilder()
            .addInputs(Networks.INPUT)
            .addLayer(
                Networks.EMBEDDING,
                SparseBagLayer.of(VOCABULARY, CLASSES, SparseBagLayer.Pooling.SUM)
                    .withNaiveBayesFeatures(),
                Networks.INPUT),
        Networks.EMBEDDING,
        CLASSES);
  }

  @Test
  void refusesAnIdOutsideTheVocabulary() {
    ComputationGraph graph = sparse(CLASSES, SparseBagLayer.Pooling.SUM);
    FeatureRow row = new FeatureRow();
    row.setReviewId("r");
    row.setLabelIndex(0);
    row.setNgramIds(new int[] {3, VOCABULARY});
    DataSet batch = Minibatches.of(List.of(row), Minibatches.Input.NGRAMS, CLASSES);
    assertThatThrownBy(() -> output(graph, batch))
        .hasMessageContaining("id 40.0 at position 1 is outside 0..39");
  }
}
