package io.polarity.model.network;

/** The network families the trainer can build, chosen by {@code train.model.architecture}. */
public enum Architecture {
  /**
   * A bag of n-gram ids (the feature table's {@code ngram_ids}): with {@code embedding-size = 0} a
   * linear model (one weight per n-gram and class, summed, Naive-Bayes initialised), otherwise a
   * fastText-style averaged embedding bag followed by a softmax layer.
   */
  NGRAM_BAG,
  /**
   * A Kim-style convolutional network over the token sequence ({@code token_ids}): embeddings, one
   * 1-D convolution per filter width, masked global max pooling, dropout, softmax.
   */
  CNN
}
