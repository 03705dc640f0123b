package io.polarity.model.train;

import io.polarity.model.engine.Prediction;
import java.util.List;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.evaluation.classification.ROCMultiClass;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's scores on the validation split after an epoch, from its predictions: accuracy,
 * ROC-AUC (exact; one-vs-rest macro average for more than two classes) and loss (the mean
 * cross-entropy of the true class, as evaluate's log_loss).
 */
record Validation(double accuracy, double auc, double loss) {
  /** Below this, a probability counts as this (a certain mistake would be an infinite loss). */
  private static final double FLOOR = 1e-15;

  static Validation of(List<Prediction> predictions, int classes) {
    int n = predictions.size();
    if (n == 0) {
      return new Validation(Double.NaN, Double.NaN, Double.NaN);
    }
    double[] probabilities = new double[n * classes];
    double[] labels = new double[n * classes];
    long correct = 0;
    double loss = 0;
    for (int i = 0; i < n; i++) {
      Prediction p = predictions.get(i);
      double[] probs = p.getProbabilities();
      int label = p.getLabelIndex();
      int argmax = 0;
      for (int c = 0; c < classes; c++) {
        probabilities[i * classes + c] = probs[c];
        if (probs[c] > probs[argmax]) {
          argmax = c;
        }
      }
      labels[i * classes + label] = 1;
      correct += argmax == label ? 1 : 0;
      loss -= Math.log(Math.max(probs[label], FLOOR));
    }
    INDArray out = Nd4j.create(probabilities, new long[] {n, classes}, DataType.DOUBLE);
    INDArray truth = Nd4j.create(labels, new long[] {n, classes}, DataType.DOUBLE);
    double auc;
    if (classes == 2) {
      ROC roc = new ROC(0);
      roc.eval(truth, out);
      auc = roc.calculateAUC();
    } else {
      ROCMultiClass roc = new ROCMultiClass(0);
      roc.eval(truth, out);
      auc = roc.calculateAverageAUC();
    }
    return new Validation((double) correct / n, auc, loss / n);
  }
}
