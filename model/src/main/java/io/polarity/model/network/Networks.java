package io.polarity.model.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Network factories: hyperparameters, vocabulary size, class count and seed in, a DL4J graph
 * configuration out. Every network has one input, {@value #INPUT}: ids as {@code [batch, 1,
 * length]} with a {@code [batch, length]} mask, and one softmax output, {@value #OUTPUT}.
 *
 * <p>Every layer's input size is set explicitly: with {@code setInputTypes(recurrent(1))} DL4J
 * infers the embedding layer's nIn as 1, the width of the id input, instead of the vocabulary size,
 * and out-of-range ids then corrupt native memory instead of failing.
 */
public final class Networks {
  public static final String INPUT = "ids";
  public static final String OUTPUT = "out";

  /** The embedding layer's name; the linear bag's weights live there. */
  public static final String EMBEDDING = "embedding";

  private Networks() {}

  public static ComputationGraphConfiguration create(
      Hyperparameters h, int vocabularySize, int classes, long seed) {
    return switch (h.architecture()) {
      case NGRAM_BAG -> ngramBag(h, vocabularySize, classes, seed);
      case CNN -> cnn(h, vocabularySize, classes, seed);
    };
  }

  static ComputationGraphConfiguration ngramBag(
      Hyperparameters h, int vocabularySize, int classes, long seed) {
    boolean linear = h.embeddingSize() == 0;
    int width = linear ? classes : h.embeddingSize();
    ComputationGraphConfiguration.GraphBuilder g =
        base(h, seed).addInputs(INPUT).addLayer(EMBEDDING, bag(h, vocabularySize, width), INPUT);
    String last = dropout(g, h, EMBEDDING);
    return g.addLayer(
            OUTPUT,
            new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX)
                .nIn(width)
                .nOut(classes)
                // the linear bag's scores pass through unchanged at first (identity, no bias)
                .weightInit(linear ? WeightInit.IDENTITY : WeightInit.XAVIER)
                .build(),
            last)
        .setOutputs(OUTPUT)
        .build();
  }

  private static SparseBagLayer bag(Hyperparameters h, int vocabularySize, int width) {
    if (h.embeddingSize() > 0) {
      return SparseBagLayer.of(vocabularySize, width, SparseBagLayer.Pooling.MEAN);
    }
    SparseBagLayer linear = SparseBagLayer.of(vocabularySize, width, SparseBagLayer.Pooling.SUM);
    return h.naiveBayesFeatures() ? linear.withNaiveBayesFeatures() : linear;
  }

  static ComputationGraphConfiguration cnn(
      Hyperparameters h, int vocabularySize, int classes, long seed) {
    ComputationGraphConfiguration.GraphBuilder g =
        base(h, seed)
            .addInputs(INPUT)
            .addLayer(
                EMBEDDING,
                new EmbeddingSequenceLayer.Builder()
                    .nIn(vocabularySize)
                    .nOut(h.embeddingSize())
                    .hasBias(false)
                    .build(),
                INPUT);
    String[] pooled = new String[h.widths().length];
    for (int i = 0; i < pooled.length; i++) {
      int width = h.widths()[i];
      g.addLayer(
          "conv" + width,
          new Convolution1DLayer.Builder()
              .kernelSize(width)
              .nIn(h.embeddingSize())
              .nOut(h.filters())
              .convolutionMode(ConvolutionMode.Same)
              .activation(Activation.RELU)
              .build(),
          EMBEDDING);
      pooled[i] = "max" + width;
      g.addLayer(
          pooled[i], new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), "conv" + width);
    }
    String merged = pooled[0];
    if (pooled.length > 1) {
      g.addVertex("merge", new MergeVertex(), pooled);
      merged = "merge";
    }
    String last = dropout(g, h, merged);
    return g.addLayer(
            OUTPUT,
            new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX)
                .nIn(h.filters() * h.widths().length)
                .nOut(classes)
                .build(),
            last)
        .setOutputs(OUTPUT)
        .build();
  }

  private static ComputationGraphConfiguration.GraphBuilder base(Hyperparameters h, long seed) {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .updater(updater(h))
        .weightInit(WeightInit.XAVIER)
        .l2(h.l2())
        .graphBuilder();
  }

  private static String dropout(
      ComputationGraphConfiguration.GraphBuilder g, Hyperparameters h, String input) {
    if (h.dropout() <= 0) {
      return input;
    }
    // DL4J's dropout(p) is the probability of keeping an activation
    g.addLayer("dropout", new DropoutLayer.Builder(1.0 - h.dropout()).build(), input);
    return "dropout";
  }

  private static IUpdater updater(Hyperparameters h) {
    ISchedule rate =
        new ExponentialSchedule(ScheduleType.EPOCH, h.learningRate(), h.learningRateDecay());
    return switch (h.optimizer()) {
      case ADAM -> new Adam(rate);
      case NESTEROVS -> new Nesterovs(rate, 0.9);
      case SGD -> new Sgd(rate);
      case ADAGRAD -> new AdaGrad(rate);
    };
  }
}
