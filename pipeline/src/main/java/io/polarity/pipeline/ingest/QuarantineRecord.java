package io.polarity.pipeline.ingest;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * A row of the quarantine table ({@code quarantine/}): a record that did not become a review, with
 * the source file, the reason ({@link QuarantineReason#code()}), a human-readable detail and the
 * raw record truncated to {@code ingest.quarantine-raw-chars}.
 */
public class QuarantineRecord implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final Encoder<QuarantineRecord> ENCODER = Encoders.bean(QuarantineRecord.class);

  private String runId;
  private String source;
  private String sourceFile;
  private String reason;
  private String detail;
  private String rawRecord;

  public QuarantineRecord() {}

  public QuarantineRecord(
      String runId, String source, String sourceFile, String reason, String detail, String raw) {
    this.runId = runId;
    this.source = source;
    this.sourceFile = sourceFile;
    this.reason = reason;
    this.detail = detail;
    this.rawRecord = raw;
  }

  /**
   * A raw record as the quarantine keeps it: cut to {@code rawChars}, with how much was cut ({@code
   * ...[N more chars]}).
   */
  static String cut(String raw, int rawChars) {
    if (raw == null || raw.length() <= rawChars) {
      return raw;
    }
    return raw.substring(0, rawChars) + "...[" + (raw.length() - rawChars) + " more chars]";
  }

  public String getRunId() {
    return runId;
  }

  public void setRunId(String runId) {
    this.runId = runId;
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
