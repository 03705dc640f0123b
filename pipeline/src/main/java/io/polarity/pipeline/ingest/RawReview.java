package io.polarity.pipeline.ingest;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * One record as a reader found it, before validation: fields are raw strings, and a reader that
 * could not parse the record sets {@code readError} and keeps the raw text in {@code rawRecord}.
 */
public class RawReview implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final Encoder<RawReview> ENCODER = Encoders.bean(RawReview.class);

  private String source;
  private String sourceFile;
  private String sourceId;
  private String text;
  private String labelRaw;
  private String ratingRaw;
  private String designatedSplit;
  private String groupKey;
  private String rawRecord;
  private String readError;
  private String readErrorDetail;

  public RawReview() {}

  /** A record whose fields were read. */
  public static RawReview parsed(
      String source,
      String sourceFile,
      String sourceId,
      String text,
      String labelRaw,
      String ratingRaw,
      String designatedSplit) {
    RawReview r = new RawReview();
    r.source = source;
    r.sourceFile = sourceFile;
    r.sourceId = sourceId;
    r.text = text;
    r.labelRaw = labelRaw;
    r.ratingRaw = ratingRaw;
    r.designatedSplit = designatedSplit;
    return r;
  }

  /** This record with its group key (a movie, a product), which may decide its split. */
  public RawReview withGroup(String key) {
    this.groupKey = key;
    return this;
  }

  /** A record the reader could not parse; {@code rawRecord} is what it saw. */
  public static RawReview unreadable(
      String source, String sourceFile, QuarantineReason reason, String detail, String rawRecord) {
    RawReview r = new RawReview();
    r.source = source;
    r.sourceFile = sourceFile;
    r.readError = reason.code();
    r.readErrorDetail = detail;
    r.rawRecord = rawRecord;
    return r;
  }

  /**
   * A whole file that could not be read (an I/O error, a truncated or corrupt compressed file,
   * binary content): one record standing for the file, with the reason in {@code detail}.
   */
  public static RawReview unreadableFile(String source, String sourceFile, String detail) {
    return unreadable(source, sourceFile, QuarantineReason.UNREADABLE_FILE, detail, null);
  }

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public String getSourceFile() {
    return sourceFile;
  }

  public void setSourceFile(String sourceFile) {
    this.sourceFile = sourceFile;
  }

  public String getSourceId() {
    return sourceId;
  }

  public void setSourceId(String sourceId) {
    this.sourceId = sourceId;
  }

  public String getText() {
    return text;
  }

  public void setText(String text) {
    this.text = text;
  }

  public String getLabelRaw() {
    return labelRaw;
  }

  public void setLabelRaw(String labelRaw) {
    this.labelRaw = labelRaw;
  }

  public String getRatingRaw() {
    return ratingRaw;
  }

  public void setRatingRaw(String ratingRaw) {
    this.ratingRaw = ratingRaw;
  }

  public String getDesignatedSplit() {
    return designatedSplit;
  }

  public void setDesignatedSplit(String designatedSplit) {
    this.designatedSplit = designatedSplit;
  }

  public String getGroupKey() {
    return groupKey;
  }

  public void setGroupKey(String groupKey) {
    this.groupKey = groupKey;
  }

  public String getRawRecord() {
    return rawRecord;
  }

  public void setRawRecord(String rawRecord) {
    this.rawRecord = rawRecord;
  }

  public String getReadError() {
    return readError;
  }

  public void setReadError(String readError) {
    this.readError = readError;
  }

  public String getReadErrorDetail() {
    return readErrorDetail;
  }

  public void setReadErrorDetail(String readErrorDetail) {
    this.readErrorDetail = readErrorDetail;
  }
}
