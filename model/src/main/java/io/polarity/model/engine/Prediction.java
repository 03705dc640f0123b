package io.polarity.model.engine;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/** One scored review: its true label index, the model's probability per class, and its slices. */
public class Prediction implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final Encoder<Prediction> ENCODER = Encoders.bean(Prediction.class);

  private String reviewId;
  private String source;
  private int numTokens;
  private int labelIndex;
  private double[] probabilities;

  public Prediction() {}

  public Prediction(
      String reviewId, String source, int numTokens, int labelIndex, double[] probabilities) {
    this.reviewId = reviewId;
    this.source = source;
    this.numTokens = numTokens;
    this.labelIndex = labelIndex;
    this.probabilities = probabilities;
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

  public int getNumTokens() {
    return numTokens;
  }

  public void setNumTokens(int numTokens) {
    this.numTokens = numTokens;
  }

  public int getLabelIndex() {
    return labelIndex;
  }

  public void setLabelIndex(int labelIndex) {
    this.labelIndex = labelIndex;
  }

  public double[] getProbabilities() {
    return probabilities;
  }

  public void setProbabilities(double[] probabilities) {
    this.probabilities = probabilities;
  }
}
