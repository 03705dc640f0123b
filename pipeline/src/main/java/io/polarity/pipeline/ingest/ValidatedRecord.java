package io.polarity.pipeline.ingest;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * A raw record after validation, inside the ingest stage: either a candidate review (no {@code
 * reason}) with its duplicate key, or a rejected record with its reason and raw text. {@code
 * grouped} says whether a candidate's split came from its group key ({@link
 * SplitAssigner#grouped}).
 */
public class ValidatedRecord implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final Encoder<ValidatedRecord> ENCODER = Encoders.bean(ValidatedRecord.class);

  private String reviewId;
  private String source;
  private String sourceId;
  private String sourceFile;
  private String text;
  private String label;
  private Double rating;
  private String split;
  private Boolean grouped;
  private String duplicateKey;
  private String reason;
  private String detail;
  private String rawRecord;

  public ValidatedRecord() {}

  static ValidatedRecord rejected(
      String source, String sourceFile, String reason, String detail, String rawRecord) {
    ValidatedRecord r = new ValidatedRecord();
    r.source = source;
    r.sourceFile = sourceFile;
    r.reason = reason;
    r.detail = detail;
    r.rawRecord = rawRecord;
    return r;
  }

  static ValidatedRecord accepted(
      RawReview raw,
      String reviewId,
      String label,
      Double rating,
      String split,
      Boolean grouped,
      String dupKey) {
    ValidatedRecord r = new ValidatedRecord();
    r.reviewId = reviewId;
    r.source = raw.getSource();
    r.sourceId = raw.getSourceId();
    r.sourceFile = raw.getSourceFile();
    r.text = raw.getText();
    r.label = label;
    r.rating = rating;
    r.split = split;
    r.grouped = grouped;
    r.duplicateKey = dupKey;
    return r;
  }

  Review toReview(String runId) {
    return new Review(reviewId, source, sourceId, sourceFile, text, label, rating, split, runId);
  }

  QuarantineRecord toQuarantine(String runId) {
    return new QuarantineRecord(runId, source, sourceFile, reason, detail, rawRecord);
  }

  /** A conflicting copy's quarantine row: its label and text (cut to {@code rawChars}) as raw. */
  QuarantineRecord toConflictQuarantine(String runId, int rawChars) {
    String raw = QuarantineRecord.cut("label=" + label + " | text=" + text, rawChars);
    return new QuarantineRecord(runId, source, sourceFile, reason, detail, raw);
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

  public Boolean getGrouped() {
    return grouped;
  }

  public void setGrouped(Boolean grouped) {
    this.grouped = grouped;
  }

  public String getDuplicateKey() {
    return duplicateKey;
  }

  public void setDuplicateKey(String duplicateKey) {
    this.duplicateKey = duplicateKey;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getDetail() {
    return detail;
  }

  public void setDetail(String detail) {
    this.detail = detail;
  }

  public String getRawRecord() {
    return rawRecord;
  }

  public void setRawRecord(String rawRecord) {
    this.rawRecord = rawRecord;
  }
}
