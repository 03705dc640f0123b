package io.polarity.pipeline.generate;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * A synthetic review: index, text, label ({@code null} when unlabelled) and 1-10 rating (0 if
 * none).
 */
public class GeneratedReview implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final Encoder<GeneratedReview> ENCODER = Encoders.bean(GeneratedReview.class);
  public static final String POSITIVE = "positive";
  public static final String NEGATIVE = "negative";

  private long id;
  private String text;
  private String label;
  private int rating;

  public GeneratedReview() {}

  public GeneratedReview(long id, String text, String label, int rating) {
    this.id = id;
    this.text = text;
    this.label = label;
    this.rating = rating;
  }

  public long getId() {
    return id;
  }

  public void setId(long id) {
    this.id = id;
  }

  public String getText() {
    return text;
  }

  public void setText(String text) {
    this.text = text;
  }

  public String getLabel() {
    return label;
  }

  public void setLabel(String label) {
    this.label = label;
  }

  public int getRating() {
    return rating;
  }

  public void setRating(int rating) {
    this.rating = rating;
  }
}
