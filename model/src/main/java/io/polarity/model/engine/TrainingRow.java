package io.polarity.model.engine;

import io.polarity.pipeline.preprocess.FeatureRow;
import java.io.Serializable;
import java.util.List;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A training example as a worker keeps it between epochs: its label index and the ids its network
 * reads (n-gram or token ids), nothing else of the feature row. A plain class (Kryo writes it when
 * a shard spills to disk).
 */
final class TrainingRow implements Serializable {
  private static final long serialVersionUID = 1L;

  private int label;
  private int[] ids;

  TrainingRow() {} // for Kryo

  TrainingRow(int label, int[] ids) {
    this.label = label;
    this.ids = ids;
  }

  static TrainingRow of(FeatureRow row, Minibatches.Input input, int classes) {
    Minibatches.requireLabel(row, classes);
    return new TrainingRow(row.getLabelIndex(), Minibatches.ids(row, input));
  }

  int label() {
    return label;
  }

  int[] ids() {
    return ids;
  }

  /** The minibatch of {@code rows}, in their order. */
  static DataSet minibatch(List<TrainingRow> rows, int classes) {
    return Minibatches.of(rows.size(), i -> rows.get(i).ids, i -> rows.get(i).label, classes);
  }
}
