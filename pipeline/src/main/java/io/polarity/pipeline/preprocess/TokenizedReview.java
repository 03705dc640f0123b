package io.polarity.pipeline.preprocess;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/** A review after normalisation, inside the preprocess stage: its tokens and label index. */
public class TokenizedReview implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final Encoder<TokenizedReview> ENCODER = Encoders.bean(TokenizedReview.class);

  private String reviewId;
  private String source;
  private String split;
  private String label;
  private int labelIndex;
  private String[] tokens;
  private String emptyText;

  public TokenizedReview() {}

  public TokenizedReview(
      String reviewId, String source, String split, String label, int labelIndex, String[] tokens) {
    this.reviewId = reviewId;
    this.source = source;
    this.split = split;
    this.label = label;
    this.labelIndex = labelIndex;
    this.tokens = tokens;
  }

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

  public String[] getTokens() {
    return tokens;
  }

  public void setTokens(String[] tokens) {
    this.tokens = tokens;
  }

  /** The original text, kept only when normalisation left no token (for the quarantine). */
  public String getEmptyText() {
    return emptyText;
  }

  public void setEmptyText(String emptyText) {
    this.emptyText = emptyText;
  }
}
