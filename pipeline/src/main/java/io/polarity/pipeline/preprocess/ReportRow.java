package io.polarity.pipeline.preprocess;

import java.io.Serializable;
import java.util.Objects;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * A row of the corpus report ({@code corpus_report/}): run id, split ({@code all} for corpus-wide
 * figures), metric and value. Metrics: {@code documents}, {@code label.<label>}, {@code
 * tokens.mean}, {@code tokens.p50}, {@code tokens.p90}, {@code tokens.p99}, {@code tokens.max},
 * {@code oov-rate}; for {@code all}: {@code vocabulary.size}, {@code vocabulary.unigrams}, {@code
 * quarantined}.
 */
public class ReportRow implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final Encoder<ReportRow> ENCODER = Encoders.bean(ReportRow.class);

  private String runId;
  private String split;
  private String metric;
  private double value;

  public ReportRow() {}

  public ReportRow(String runId, String split, String metric, double value) {
    this.runId = runId;
    this.split = split;
    this.metric = metric;
    this.value = value;
  }

  public String getRunId() {
    return runId;
  }

  public void setRunId(String runId) {
    this.runId = runId;
  }

  public String getSplit() {
    return split;
  }

  public void setSplit(String split) {
    this.split = split;
  }

  public String getMetric() {
    return metric;
  }

  public void setMetric(String metric) {
    this.metric = metric;
  }

  public double getValue() {
    return value;
  }

  public void setValue(double value) {
    this.value = value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReportRow r
        && value == r.value
        && Objects.equals(runId, r.runId)
        && Objects.equals(split, r.split)
        && Objects.equals(metric, r.metric);
  }

  @Override
  public int hashCode() {
    return Objects.hash(runId, split, metric, value);
  }

  @Override
  public String toString() {
    return split + " " + metric + "=" + value;
  }
}
