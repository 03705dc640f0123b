package io.polarity.pipeline.ingest;

import java.io.Serializable;
import java.util.Objects;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * A row of the canonical review table ({@code reviews/}, partitioned by {@code split}).
 *
 * <ul>
 *   <li>{@code review_id}: 16 hex digits, stable across runs ({@link ReviewIds#reviewId})
 *   <li>{@code source}: the configured source name; {@code source_id}: the record's own id, if any
 *   <li>{@code source_file}: the file the record came from
 *   <li>{@code text}: the review as written (HTML kept; preprocessing normalises it)
 *   <li>{@code label}: the label name, null when unlabelled; {@code rating}: the raw rating, if any
 *   <li>{@code split}: train, validation or test; {@code run_id}: the ingest run that wrote it
 * </ul>
 */
public class Review implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final Encoder<Review> ENCODER = Encoders.bean(Review.class);

  private String reviewId;
  private String source;
  private String sourceId;
  private String sourceFile;
  private String text;
  private String label;
  private Double rating;
  private String split;
  private String runId;

  public Review() {}

  public Review(
      String reviewId,
      String source,
      String sourceId,
      String sourceFile,
      String text,
      String label,
      Double rating,
      String split,
      String runId) {
    this.reviewId = reviewId;
    this.source = source;
    this.sourceId = sourceId;
    this.sourceFile = sourceFile;
    this.text = text;
    this.label = label;
    this.rating = rating;
    this.split = split;
    this.runId = runId;
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

  public String getSourceId() {
    return sourceId;
  }

  public void setSourceId(String sourceId) {
    this.sourceId = sourceId;
  }

  public String getSourceFile() {
    return sourceFile;
  }

  public void setSourceFile(String sourceFile) {
    this.sourceFile = sourceFile;
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

  public Double getRating() {
    return rating;
  }

  public void setRating(Double rating) {
    this.rating = rating;
  }

  public String getSplit() {
    return split;
  }

  public void setSplit(String split) {
    this.split = split;
  }

  public String getRunId() {
    return runId;
  }

  public void setRunId(String runId) {
    this.runId = runId;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Review r)) {
      return false;
    }
    return Objects.equals(reviewId, r.reviewId)
        && Objects.equals(source, r.source)
        && Objects.equals(sourceId, r.sourceId)
        && Objects.equals(sourceFile, r.sourceFile)
        && Objects.equals(text, r.text)
        && Objects.equals(label, r.label)
        && Objects.equals(rating, r.rating)
        && Objects.equals(split, r.split)
        && Objects.equals(runId, r.runId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reviewId, source, sourceId, text, label, rating, split, runId);
  }

  @Override
  public String toString() {
    return "Review{"
        + reviewId
        + ", "
        + source
        + "/"
        + sourceId
        + ", label="
        + label
        + ", rating="
        + rating
        + ", split="
        + split
        + "}";
  }
}
