package io.polarity.pipeline.ingest;

import java.io.Serializable;
import java.util.Objects;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * One count of a job's data-quality summary ({@code data_quality/}): run id, job, source, metric
 * name ({@code read}, {@code accepted}, {@code quarantined}, {@code duplicates}, {@code
 * quarantined.<reason>}, {@code split.<split>}, {@code label.<label>}) and value.
 */
public class DataQualityRow implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final Encoder<DataQualityRow> ENCODER = Encoders.bean(DataQualityRow.class);

  private String runId;
  private String job;
  private String source;
  private String metric;
  private long value;

  public DataQualityRow() {}

  public DataQualityRow(String runId, String job, String source, String metric, long value) {
    this.runId = runId;
    this.job = job;
    this.source = source;
    this.metric = metric;
    this.value = value;
  }

  public String getRunId() {
    return runId;
  }

  public void setRunId(String runId) {
    this.runId = runId;
  }

  public String getJob() {
    return job;
  }

  public void setJob(String job) {
    this.job = job;
  }

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public String getMetric() {
    return metric;
  }

  public void setMetric(String metric) {
    this.metric = metric;
  }

  public long getValue() {
    return value;
  }

  public void setValue(long value) {
    this.value = value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataQualityRow r
        && value == r.value
        && Objects.equals(runId, r.runId)
        && Objects.equals(job, r.job)
        && Objects.equals(source, r.source)
        && Objects.equals(metric, r.metric);
  }

  @Override
  public int hashCode() {
    return Objects.hash(runId, job, source, metric, value);
  }

  @Override
  public String toString() {
    return source + " " + metric + "=" + value;
  }
}
