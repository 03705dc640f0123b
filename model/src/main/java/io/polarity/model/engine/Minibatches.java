package io.polarity.model.engine;

import io.polarity.model.HostArrays;
import io.polarity.pipeline.preprocess.FeatureRow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Turns feature rows into DL4J minibatches on the executors: ids as {@code [batch, 1, length]}
 * floats padded to the longest row of the batch, a {@code [batch, length]} mask, and one-hot
 * labels. A row without any id (every n-gram out of vocabulary) gets the padding id under a mask of
 * one, so that pooling never divides by zero.
 */
public final class Minibatches {
  /** Which id column a network reads. */
  public enum Input {
    NGRAMS,
    TOKENS
  }

  private Minibatches() {}

  /** Groups a partition's rows into minibatches of at most {@code size} examples, lazily. */
  public static Iterator<DataSet> batches(
      Iterator<FeatureRow> rows, int size, Input input, int classes) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public DataSet next() {
        if (!rows.hasNext()) {
          throw new NoSuchElementException();
        }
        List<FeatureRow> batch = new ArrayList<>(size);
        while (rows.hasNext() && batch.size() < size) {
          batch.add(rows.next());
        }
        return of(batch, input, classes);
      }
    };
  }

  public static DataSet of(List<FeatureRow> rows, Input input, int classes) {
    return of(rows, input, classes, true);
  }

  /**
   * A minibatch to score: unlabelled rows (label index -1) are allowed and get an all-zero label
   * row, which scoring never reads.
   */
  public static DataSet forScoring(List<FeatureRow> rows, Input input, int classes) {
    return of(rows, input, classes, false);
  }

  private static DataSet of(
      List<FeatureRow> rows, Input input, int classes, boolean requireLabels) {
    for (FeatureRow r : rows) {
      if (r.getLabelIndex() != -1 || requireLabels) {
        requireLabel(r, classes);
      }
    }
    return of(rows.size(), i -> ids(rows.get(i), input), i -> rows.get(i).getLabelIndex(), classes);
  }

  /**
   * The minibatch of {@code n} examples whose ids and label indexes (-1: no label, an all-zero
   * label row) the functions give; the labels are checked by the caller.
   */
  static DataSet of(int n, IntFunction<int[]> idsOf, IntUnaryOperator labelOf, int classes) {
    int length = 1;
    for (int i = 0; i < n; i++) {
      length = Math.max(length, idsOf.apply(i).length);
    }
    float[] features = new float[n * length];
    float[] mask = new float[n * length];
    float[] labels = new float[n * classes];
    for (int i = 0; i < n; i++) {
      int[] ids = idsOf.apply(i);
      for (int t = 0; t < ids.length; t++) {
        features[i * length + t] = ids[t];
        mask[i * length + t] = 1f;
      }
      if (ids.length == 0) {
        mask[i * length] = 1f; // the padding id, so that pooling sees one position
      }
      int label = labelOf.applyAsInt(i);
      if (label >= 0) {
        labels[i * classes + label] = 1f;
      }
    }
    return new DataSet(
        HostArrays.floats(features, n, 1, length),
        HostArrays.floats(labels, n, classes),
        HostArrays.floats(mask, n, length),
        null);
  }

  /** Fails unless the row's label index is one of the network's classes. */
  public static void requireLabel(FeatureRow r, int classes) {
    int label = r.getLabelIndex();
    if (label < 0 || label >= classes) {
      throw new IllegalArgumentException(
          "review "
              + r.getReviewId()
              + " has label index "
              + label
              + ", outside 0.."
              + (classes - 1));
    }
  }

  public static int[] ids(FeatureRow r, Input input) {
    return input == Input.NGRAMS ? r.getNgramIds() : r.getTokenIds();
  }
}
