package io.polarity.model.train;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * A row of the {@code epoch_metrics} table: run id, epoch, mean training loss, validation loss,
 * accuracy and ROC-AUC, training examples per second, seconds for the epoch's fit and for the whole
 * epoch (fit and validation), of the fit the seconds a worker spent computing on average (its
 * minibatches' forward and backward passes and updates; the rest of the fit is averaging,
 * broadcasts and task scheduling), and the training examples the workers fitted (counted as they
 * fitted them; every one of the training set, or the epoch fails). The validation loss is the mean
 * cross-entropy of the validation reviews' true classes (before 2026-12-07: DL4J's score, with the
 * regularisation term). Examples per second count fitted examples.
 */
public class EpochMetrics implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final Encoder<EpochMetrics> ENCODER = Encoders.bean(EpochMetrics.class);

  private String runId;
  private int epoch;
  private double trainLoss;
  private double validationLoss;
  private double validationAccuracy;
  private double validationAuc;
  private double examplesPerSecond;
  private double fitSeconds;
  private double seconds;
  private double workerFitSeconds;
  private long examples;

  public EpochMetrics() {}

  public EpochMetrics(
      String runId,
      int epoch,
      double trainLoss,
      double validationLoss,
      double validationAccuracy,
      double validationAuc,
      double examplesPerSecond,
      double fitSeconds,
      double seconds,
      double workerFitSeconds,
      long examples) {
    this.runId = runId;
    this.epoch = epoch;
    this.trainLoss = trainLoss;
    this.validationLoss = validationLoss;
    this.validationAccuracy = validationAccuracy;
    this.validationAuc = validationAuc;
    this.examplesPerSecond = examplesPerSecond;
    this.fitSeconds = fitSeconds;
    this.seconds = seconds;
    this.workerFitSeconds = workerFitSeconds;
    this.examples = examples;
  }

  /** The value of the metric early stopping watches, oriented so that larger is better. */
  double score(TrainConfig.Metric metric) {
    return switch (metric) {
      case ACCURACY -> validationAccuracy;
      case AUC -> validationAuc;
      case LOSS -> -validationLoss;
    };
  }

  public String getRunId() {
    return runId;
  }

  public void setRunId(String runId) {
    this.runId = runId;
  }

  public int getEpoch() {
    return epoch;
  }

  public void setEpoch(int epoch) {
    this.epoch = epoch;
  }

  public double getTrainLoss() {
    return trainLoss;
  }

  public void setTrainLoss(double trainLoss) {
    this.trainLoss = trainLoss;
  }

  public double getValidationLoss() {
    return validationLoss;
  }

  public void setValidationLoss(double validationLoss) {
    this.validationLoss = validationLoss;
  }

  public double getValidationAccuracy() {
    return validationAccuracy;
  }

  public void setValidationAccuracy(double validationAccuracy) {
    this.validationAccuracy = validationAccuracy;
  }

  public double getValidationAuc() {
    return validationAuc;
  }

  public void setValidationAuc(double validationAuc) {
    this.validationAuc = validationAuc;
  }

  public double getExamplesPerSecond() {
    return examplesPerSecond;
  }

  public void setExamplesPerSecond(double examplesPerSecond) {
    this.examplesPerSecond = examplesPerSecond;
  }

  public double getFitSeconds() {
    return fitSeconds;
  }

  public void setFitSeconds(double fitSeconds) {
    this.fitSeconds = fitSeconds;
  }

  public double getSeconds() {
    return seconds;
  }

  public void setSeconds(double seconds) {
    this.seconds = seconds;
  }

  public double getWorkerFitSeconds() {
    return workerFitSeconds;
  }

  public void setWorkerFitSeconds(double workerFitSeconds) {
    this.workerFitSeconds = workerFitSeconds;
  }

  public long getExamples() {
    return examples;
  }

  public void setExamples(long examples) {
    this.examples = examples;
  }
}
