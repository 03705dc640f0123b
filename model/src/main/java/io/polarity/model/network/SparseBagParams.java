package io.polarity.model.network;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.params.EmbeddingLayerParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The parameters of a {@link SparseBagLayer}: the trained weights {@code W} as DL4J's embedding
 * layer lays them out and, for a bag with Naive Bayes features, the fixed feature scales {@code S}
 * of the same {@code [nIn, nOut]} shape after them (ones until {@code NaiveBayesInit} sets them),
 * in the same {@code 'f'} order, which DL4J's per-layer {@code setParams} assumes for every
 * parameter. {@code S} is neither a weight nor a bias, so DL4J's L2 leaves it alone.
 */
final class SparseBagParams extends EmbeddingLayerParamInitializer {
  /** The fixed per-(id, output) feature scales. */
  static final String SCALE_KEY = SparseBagLayer.SCALE_KEY;

  private static final SparseBagParams INSTANCE = new SparseBagParams();

  public static SparseBagParams getInstance() {
    return INSTANCE;
  }

  private static boolean scaled(Layer layer) {
    return ((SparseBagLayer) layer).isNaiveBayesFeatures();
  }

  private static long weights(Layer layer) {
    SparseBagLayer bag = (SparseBagLayer) layer;
    return bag.getNIn() * bag.getNOut();
  }

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    return scaled(layer) ? 2 * weights(layer) : weights(layer);
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    return scaled(layer)
        ? List.of(DefaultParamInitializer.WEIGHT_KEY, SCALE_KEY)
        : List.of(DefaultParamInitializer.WEIGHT_KEY);
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return List.of(DefaultParamInitializer.WEIGHT_KEY);
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    return List.of();
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return DefaultParamInitializer.WEIGHT_KEY.equals(key);
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return false;
  }

  @Override
  public Map<String, INDArray> init(
      NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
    Map<String, INDArray> params = super.init(conf, paramsView, initializeParams);
    if (scaled(conf.getLayer())) {
      INDArray scales = second(conf.getLayer(), paramsView);
      if (initializeParams) {
        scales.assign(1);
      }
      params.put(SCALE_KEY, scales);
      conf.addVariable(SCALE_KEY);
    }
    return params;
  }

  @Override
  public Map<String, INDArray> getGradientsFromFlattened(
      NeuralNetConfiguration conf, INDArray gradientView) {
    Map<String, INDArray> gradients = super.getGradientsFromFlattened(conf, gradientView);
    if (scaled(conf.getLayer())) {
      gradients.put(SCALE_KEY, second(conf.getLayer(), gradientView));
    }
    return gradients;
  }

  /** The second {@code [nIn, nOut]} block of a layer's flat view. */
  private static INDArray second(Layer layer, INDArray view) {
    SparseBagLayer bag = (SparseBagLayer) layer;
    long n = weights(layer);
    return view.reshape(view.length())
        .get(NDArrayIndex.interval(n, 2 * n))
        .reshape('f', bag.getNIn(), bag.getNOut());
  }
}
