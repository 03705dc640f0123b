package io.polarity.model.network;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Configuration of the bag of n-grams as one layer: ids {@code [batch, 1, length]} with a {@code
 * [batch, length]} mask in, {@code [batch, nOut]} out, each example's output the mask-weighted sum
 * (or mean) of the weight rows of its ids. It computes what DL4J's {@link EmbeddingSequenceLayer}
 * followed by a masked {@code GlobalPoolingLayer} computes for a 0/1 mask, without the {@code
 * [batch, nOut, length]} activations, the broadcast masking and the scatter of the gradient over
 * padded positions, which took most of the linear bag's training time (README, Performance).
 *
 * <p>It extends the embedding layer's configuration for its parameters only: one weight matrix
 * {@code W} of {@code [nIn, nOut]} and no bias, initialised and regularised as DL4J does for that
 * layer. The computation is {@link SparseBag}.
 *
 * <p>With Naive Bayes features (Wang and Manning's NBSVM features, as a feature value rather than a
 * start) it has a second, fixed matrix {@code S} of the same shape: id {@code i} contributes {@code
 * m * S[i, c] * W[i, c]} to output {@code c}, so that each output is a linear model of the present
 * n-grams scaled by their class-{@code c} log-count ratio. {@code S} has no gradient, DL4J's {@link
 * NoOp} updater (so no Adam moments to store and average) and no L2. L2 on {@code W} then penalises
 * an n-gram's effective weight {@code v = S * W} as {@code (v / S)^2}: n-grams with large ratios
 * are shrunk less. Parameter averaging averages identical copies of {@code S}, which gives them
 * back exactly for 1, 2 or 4 workers and to within float rounding otherwise.
 */
public class SparseBagLayer extends EmbeddingSequenceLayer {
  private static final long serialVersionUID = 1L;

  /** How the weight rows of an example's ids are pooled. */
  public enum Pooling {
    /** The mask-weighted sum: a linear model's score per class. */
    SUM,
    /** The mask-weighted mean: a fastText-style averaged embedding. */
    MEAN
  }

  /** The name of the fixed feature scales' parameter. */
  public static final String SCALE_KEY = "S";

  private Pooling pooling = Pooling.SUM;
  private boolean naiveBayesFeatures;

  /** For DL4J's JSON and Java deserialisation. */
  public SparseBagLayer() {}

  /** A bag over {@code vocabularySize} ids with {@code width} outputs. */
  public static SparseBagLayer of(long vocabularySize, long width, Pooling pooling) {
    if (vocabularySize * width > Integer.MAX_VALUE) {
      // SparseBag addresses the weights through a FloatBuffer, which has int indexes
      throw new IllegalArgumentException(
          "the n-gram bag's "
              + vocabularySize
              + " ids x "
              + width
              + " outputs exceed 2^31 weights; use a smaller vocabulary or embedding size");
    }
    SparseBagLayer layer = new SparseBagLayer();
    layer.setNIn(vocabularySize);
    layer.setNOut(width);
    layer.setHasBias(false);
    layer.setActivationFn(Activation.IDENTITY.getActivationFunction());
    layer.setPooling(pooling);
    return layer;
  }

  public Pooling getPooling() {
    return pooling;
  }

  public void setPooling(Pooling pooling) {
    this.pooling = pooling;
  }

  /** Whether each id's contribution is scaled by the fixed matrix {@code S}. */
  public boolean isNaiveBayesFeatures() {
    return naiveBayesFeatures;
  }

  public void setNaiveBayesFeatures(boolean naiveBayesFeatures) {
    this.naiveBayesFeatures = naiveBayesFeatures;
  }

  /** This bag with the fixed feature scales {@code S} (ones until set). */
  public SparseBagLayer withNaiveBayesFeatures() {
    if (2 * getNIn() * getNOut() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "the n-gram bag's "
              + getNIn()
              + " ids x "
              + getNOut()
              + " outputs with their Naive Bayes scales exceed 2^31 floats; use a smaller"
              + " vocabulary");
    }
    setNaiveBayesFeatures(true);
    return this;
  }

  /** Never a bias (SparseBag computes none; the parameters are W, and S after it). */
  @Override
  public boolean hasBias() {
    return false;
  }

  @Override
  public ParamInitializer initializer() {
    return SparseBagParams.getInstance();
  }

  @Override
  public IUpdater getUpdaterByParam(String paramName) {
    return SparseBagParams.SCALE_KEY.equals(paramName)
        ? new NoOp()
        : super.getUpdaterByParam(paramName);
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    SparseBag layer = new SparseBag(conf, networkDataType);
    layer.setListeners(trainingListeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputType.feedForward(nOut);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparseBagLayer other
        && super.equals(o)
        && pooling == other.pooling
        && naiveBayesFeatures == other.naiveBayesFeatures;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), pooling, naiveBayesFeatures);
  }

  @Override
  public String toString() {
    return "SparseBagLayer("
        + pooling
        + (naiveBayesFeatures ? ", naive Bayes features, " : ", ")
        + super.toString()
        + ")";
  }
}
