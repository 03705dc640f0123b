package io.polarity.model.network;

import io.polarity.model.HostArrays;
import java.nio.FloatBuffer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The computation of {@link SparseBagLayer}: for example {@code b}, {@code out[b] = sum over
 * positions t of m[b,t] * W[id[b,t]]}, with {@code m} the mask (1 without one), divided by {@code
 * sum m[b,t]} when pooling by mean. Forward and backward visit only the positions whose weight is
 * not zero, reading and writing the parameter and gradient arrays in place; the work is one
 * multiply-add per present id and output, against the {@code [batch, nOut, length]} arrays, the
 * broadcasts and the scatter that the embedding and pooling layers made of it.
 *
 * <p>With Naive Bayes features each contribution is also multiplied by the fixed {@code S[id, c]}.
 *
 * <p>Arrays are read through their host memory (on a CUDA device, ND4J is first asked to bring them
 * there and told afterwards that the host copy is the newer one). Float networks only.
 */
public class SparseBag extends BaseLayer<SparseBagLayer> {
  private static final String W = DefaultParamInitializer.WEIGHT_KEY;

  public SparseBag(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
    if (dataType != DataType.FLOAT) {
      throw new IllegalArgumentException(
          "the sparse bag layer computes in float; the network's data type is " + dataType);
    }
  }

  /**
   * The present positions of the current input (those whose weight is not zero): for entry k, its
   * example, id and weight (the mask value, divided by the example's total when pooling by mean).
   */
  private record Positions(int batch, int[] examples, int[] ids, float[] weights, int count) {}

  private Positions positions() {
    long[] shape = input.shape();
    if (input.rank() != 3 || shape[1] != 1) {
      throw new IllegalArgumentException(
          "the sparse bag layer takes ids as [batch, 1, length], but got "
              + java.util.Arrays.toString(shape));
    }
    int batch = (int) shape[0];
    int length = (int) shape[2];
    // read in place: a minibatch is padded to its longest review, most of it padding
    FloatBuffer raw = hostFloats(input);
    FloatBuffer mask = null;
    if (maskArray != null) {
      if (maskArray.length() != (long) batch * length) {
        throw new IllegalArgumentException(
            "the sparse bag layer's mask must be [batch, length] = ["
                + batch
                + ", "
                + length
                + "], but got "
                + java.util.Arrays.toString(maskArray.shape()));
      }
      mask = hostFloats(maskArray);
    }
    int present = 0;
    for (int i = 0; i < batch * length; i++) {
      if (mask == null || mask.get(i) != 0f) {
        present++;
      }
    }
    boolean mean = layerConf().getPooling() == SparseBagLayer.Pooling.MEAN;
    long vocabulary = layerConf().getNIn();
    int[] examples = new int[present];
    int[] ids = new int[present];
    float[] weights = new float[present];
    int count = 0;
    for (int b = 0; b < batch; b++) {
      int first = count;
      float total = 0;
      for (int t = 0; t < length; t++) {
        int i = b * length + t;
        float m = mask == null ? 1f : mask.get(i);
        if (m == 0f) {
          continue;
        }
        float value = raw.get(i);
        int id = (int) value;
        if (id < 0 || id >= vocabulary || id != value) {
          throw new IllegalArgumentException(
              "id " + value + " at position " + i + " is outside 0.." + (vocabulary - 1));
        }
        examples[count] = b;
        ids[count] = id;
        weights[count++] = m;
        total += m;
      }
      if (mean && total != 0f) {
        for (int k = first; k < count; k++) {
          weights[k] /= total;
        }
      }
    }
    return new Positions(batch, examples, ids, weights, count);
  }

  /**
   * A float array's elements in row-major order, read in place from its host memory (indexed from
   * 0); a cast or a copy only when it is not one whole float buffer.
   */
  private static FloatBuffer hostFloats(INDArray array) {
    INDArray dense =
        array.dataType() == DataType.FLOAT && HostArrays.whole(array)
            ? array
            : array.castTo(DataType.FLOAT).dup('c');
    Nd4j.getAffinityManager().ensureLocation(dense, AffinityManager.Location.HOST);
    FloatBuffer buffer = dense.data().asNioFloat();
    return buffer.slice(buffer.position(), (int) dense.length());
  }

  /**
   * A 2-D parameter or gradient array read and written in place through its host memory: element
   * {@code [row, c]} is at {@code at(row, c)} of {@code buffer}.
   */
  private record Rows(FloatBuffer buffer, int base, long rowStride, long colStride) {
    static Rows of(INDArray array) {
      Nd4j.getAffinityManager().ensureLocation(array, AffinityManager.Location.HOST);
      FloatBuffer buffer = array.data().asNioFloat();
      return new Rows(buffer, buffer.position(), array.stride(0), array.stride(1));
    }

    int at(int row, int c) {
      return (int) (base + row * rowStride + c * colStride);
    }

    float get(int row, int c) {
      return buffer.get(at(row, c));
    }

    void add(int row, int c, float value) {
      int i = at(row, c);
      buffer.put(i, buffer.get(i) + value);
    }
  }

  /** The fixed feature scales {@code S}, or null for a bag without Naive Bayes features (ones). */
  private Rows scales() {
    return layerConf().isNaiveBayesFeatures() ? Rows.of(getParam(SparseBagParams.SCALE_KEY)) : null;
  }

  /** The elements of an array in row-major order, copied in one bulk read of its host memory. */
  private static float[] floats(INDArray array) {
    INDArray dense =
        array.dataType() == DataType.FLOAT && HostArrays.whole(array)
            ? array
            : array.castTo(DataType.FLOAT).dup('c');
    Nd4j.getAffinityManager().ensureLocation(dense, AffinityManager.Location.HOST);
    FloatBuffer buffer = dense.data().asNioFloat();
    float[] values = new float[(int) dense.length()];
    buffer.get(buffer.position(), values);
    return values;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    Positions p = positions();
    int width = (int) layerConf().getNOut();
    Rows weights = Rows.of(getParam(W));
    Rows scales = scales();
    float[] out = new float[p.batch() * width];
    for (int k = 0; k < p.count(); k++) {
      int id = p.ids()[k];
      int at = p.examples()[k] * width;
      float m = p.weights()[k];
      for (int c = 0; c < width; c++) {
        out[at + c] += m * (scales == null ? 1f : scales.get(id, c)) * weights.get(id, c);
      }
    }
    INDArray ret =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATIONS, DataType.FLOAT, new long[] {p.batch(), width}, 'c');
    FloatBuffer target = ret.data().asNioFloat();
    target.put(target.position(), out);
    Nd4j.getAffinityManager().tagLocation(ret, AffinityManager.Location.HOST);
    return ret;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    Positions p = positions();
    int width = (int) layerConf().getNOut();
    float[] eps = floats(epsilon);
    INDArray gradient = gradientViews.get(W);
    gradient.assign(0);
    Rows g = Rows.of(gradient);
    Rows scales = scales();
    for (int k = 0; k < p.count(); k++) {
      int id = p.ids()[k];
      int from = p.examples()[k] * width;
      float m = p.weights()[k];
      for (int c = 0; c < width; c++) {
        g.add(id, c, m * (scales == null ? 1f : scales.get(id, c)) * eps[from + c]);
      }
    }
    Nd4j.getAffinityManager().tagLocation(gradient, AffinityManager.Location.HOST);
    Gradient ret = new DefaultGradient();
    ret.gradientForVariable().put(W, gradient);
    if (layerConf().isNaiveBayesFeatures()) {
      // fixed: its gradient view stays zero and its updater is NoOp
      ret.gradientForVariable()
          .put(SparseBagParams.SCALE_KEY, gradientViews.get(SparseBagParams.SCALE_KEY));
    }
    return new Pair<>(ret, null);
  }

  /** The mask is used up here: the output has one row per example and no positions. */
  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArray(
      INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
    this.maskArray = maskArray;
    this.maskState = currentMaskState;
    return null;
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public Type type() {
    return Type.FEED_FORWARD;
  }

  @Override
  public boolean hasBias() {
    return false;
  }
}
