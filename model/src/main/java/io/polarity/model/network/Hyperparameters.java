package io.polarity.model.network;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What a network factory needs besides vocabulary size, class count and seed.
 *
 * @param embeddingSize 0 selects the linear n-gram bag
 * @param filters convolution filters per width (CNN)
 * @param widths convolution filter widths in tokens (CNN)
 * @param dropout probability of dropping an activation before the output layer (0: none)
 * @param learningRateDecay factor applied to the learning rate after every epoch (1: constant)
 * @param naiveBayesScale linear n-gram bag: its weights start at the Naive Bayes log-count ratios
 *     times this (0: at zero); with Naive Bayes features, at this value
 * @param naiveBayesFeatures linear n-gram bag: each present n-gram enters as its Naive Bayes
 *     log-count ratio, a fixed feature value (NBSVM-style), instead of as 1
 */
public record Hyperparameters(
    Architecture architecture,
    Optimizer optimizer,
    double learningRate,
    double learningRateDecay,
    double l2,
    double dropout,
    int embeddingSize,
    int filters,
    int[] widths,
    double naiveBayesScale,
    boolean naiveBayesFeatures)
    implements Serializable {

  /** The updaters the configuration can name. */
  public enum Optimizer {
    ADAM,
    NESTEROVS,
    SGD,
    ADAGRAD
  }

  /** Component-wise, as a record's own equality is (doubles by {@link Double#compare}). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Hyperparameters h
        && architecture == h.architecture
        && optimizer == h.optimizer
        && Double.compare(learningRate, h.learningRate) == 0
        && Double.compare(learningRateDecay, h.learningRateDecay) == 0
        && Double.compare(l2, h.l2) == 0
        && Double.compare(dropout, h.dropout) == 0
        && embeddingSize == h.embeddingSize
        && filters == h.filters
        && Arrays.equals(widths, h.widths)
        && Double.compare(naiveBayesScale, h.naiveBayesScale) == 0
        && naiveBayesFeatures == h.naiveBayesFeatures;
  }

  @Override
  public int hashCode() {
    return 31
            * java.util.Objects.hash(
                architecture,
                optimizer,
                learningRate,
                learningRateDecay,
                l2,
                dropout,
                embeddingSize,
                filters,
                naiveBayesScale,
                naiveBayesFeatures)
        + Arrays.hashCode(widths);
  }

  @Override
  public String toString() {
    return architecture
        + "{"
        + optimizer
        + " lr="
        + learningRate
        + " decay="
        + learningRateDecay
        + " l2="
        + l2
        + " dropout="
        + dropout
        + " embedding="
        + embeddingSize
        + " filters="
        + filters
        + " widths="
        + Arrays.toString(widths)
        + " nb-scale="
        + naiveBayesScale
        + (naiveBayesFeatures ? " nb-features" : "")
        + "}";
  }
}
