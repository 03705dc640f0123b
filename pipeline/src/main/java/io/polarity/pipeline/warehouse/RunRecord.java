package io.polarity.pipeline.warehouse;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/** A row of the warehouse's {@code runs} table: one job run (partition columns added on write). */
public class RunRecord implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final Encoder<RunRecord> ENCODER = Encoders.bean(RunRecord.class);

  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  /** A nightly run's stage whose inputs and settings had not changed since it last succeeded. */
  public static final String SKIPPED = "skipped";

  /** Found still running after its driver stopped beating ({@link RunRecorder#repair}). */
  public static final String ABANDONED = "abandoned";

  private String job;
  private String status;
  private Timestamp startTime;
  private Timestamp endTime;
  private String appVersion;
  private String config;
  private List<String> inputPaths;
  private long inputRows;
  private long outputRows;
  private String outputPath;
  private String modelPath;
  private String error;
  private String parentRunId;
  private String detail;
  private Map<String, Double> stageSeconds;

  public RunRecord() {}

  public String getJob() {
    return job;
  }

  public void setJob(String job) {
    this.job = job;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public Timestamp getStartTime() {
    return startTime;
  }

  public void setStartTime(Timestamp startTime) {
    this.startTime = startTime;
  }

  public Timestamp getEndTime() {
    return endTime;
  }

  public void setEndTime(Timestamp endTime) {
    this.endTime = endTime;
  }

  public String getAppVersion() {
    return appVersion;
  }

  public void setAppVersion(String appVersion) {
    this.appVersion = appVersion;
  }

  public String getConfig() {
    return config;
  }

  public void setConfig(String config) {
    this.config = config;
  }

  public List<String> getInputPaths() {
    return inputPaths;
  }

  public void setInputPaths(List<String> inputPaths) {
    this.inputPaths = inputPaths;
  }

  public long getInputRows() {
    return inputRows;
  }

  public void setInputRows(long inputRows) {
    this.inputRows = inputRows;
  }

  public long getOutputRows() {
    return outputRows;
  }

  public void setOutputRows(long outputRows) {
    this.outputRows = outputRows;
  }

  public String getOutputPath() {
    return outputPath;
  }

  public void setOutputPath(String outputPath) {
    this.outputPath = outputPath;
  }

  public String getModelPath() {
    return modelPath;
  }

  public void setModelPath(String modelPath) {
    this.modelPath = modelPath;
  }

  public String getError() {
    return error;
  }

  public void setError(String error) {
    this.error = error;
  }

  /** The nightly run this run was a stage of; null for a job run on its own. */
  public String getParentRunId() {
    return parentRunId;
  }

  public void setParentRunId(String parentRunId) {
    this.parentRunId = parentRunId;
  }

  /** What the run decided or why it was skipped, in words (null when there is nothing to say). */
  public String getDetail() {
    return detail;
  }

  public void setDetail(String detail) {
    this.detail = detail;
  }

  /** A nightly run: each stage's seconds, skipped stages included; null for the others. */
  public Map<String, Double> getStageSeconds() {
    return stageSeconds;
  }

  public void setStageSeconds(Map<String, Double> stageSeconds) {
    this.stageSeconds = stageSeconds;
  }
}
