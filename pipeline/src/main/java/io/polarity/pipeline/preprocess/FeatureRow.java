package io.polarity.pipeline.preprocess;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * A row of the feature table ({@code features/}, partitioned by {@code split}), what the trainer
 * streams into DL4J minibatches.
 *
 * <ul>
 *   <li>{@code token_ids}: the review's unigram ids in order, cut to {@code
 *       preprocess.sequence.max-tokens} at the head or tail; unknown tokens are id 1
 *   <li>{@code ngram_ids}, {@code ngram_counts}: the bag of in-vocabulary n-grams (n = 1..{@code
 *       preprocess.ngrams}) by ascending id, and how often each occurs
 *   <li>{@code label_index}: the label's position in the vocabulary's labels, -1 when unlabelled
 *   <li>{@code num_tokens}, {@code oov_tokens}: length in tokens before cutting, and how many of
 *       them are not in the vocabulary
 * </ul>
 */
public class FeatureRow implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final Encoder<FeatureRow> ENCODER = Encoders.bean(FeatureRow.class);

  private String reviewId;
  private String source;
  private String split;
  private String label;
  private int labelIndex;
  private int[] tokenIds;
  private int[] ngramIds;
  private int[] ngramCounts;
  private int numTokens;
  private int oovTokens;

  public FeatureRow() {}

  public String getReviewId() {
    return reviewId;
  }

  public void setReviewId(String reviewId) {
    this.reviewId = reviewId;
  }

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public String getSplit() {
    return split;
  }

  public void setSplit(String split) {
    this.split = split;
  }

  public String getLabel() {
    return label;
  }

  public void setLabel(String label) {
    this.label = label;
  }

  public int getLabelIndex() {
    return labelIndex;
  }

  public void setLabelIndex(int labelIndex) {
    this.labelIndex = labelIndex;
  }

  public int[] getTokenIds() {
    return tokenIds;
  }

  public void setTokenIds(int[] tokenIds) {
    this.tokenIds = tokenIds;
  }

  public int[] getNgramIds() {
    return ngramIds;
  }

  public void setNgramIds(int[] ngramIds) {
    this.ngramIds = ngramIds;
  }

  public int[] getNgramCounts() {
    return ngramCounts;
  }

  public void setNgramCounts(int[] ngramCounts) {
    this.ngramCounts = ngramCounts;
  }

  public int getNumTokens() {
    return numTokens;
  }

  public void setNumTokens(int numTokens) {
    this.numTokens = numTokens;
  }

  public int getOovTokens() {
    return oovTokens;
  }

  public void setOovTokens(int oovTokens) {
    this.oovTokens = oovTokens;
  }
}
