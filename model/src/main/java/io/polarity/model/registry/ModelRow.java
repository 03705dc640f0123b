package io.polarity.model.registry;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.Map;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * A row of the warehouse's {@code models} table: one model the registry has decided on (its run id
 * is the row's {@code run_id}), with its scores at its last decision and its status now.
 */
public class ModelRow implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final Encoder<ModelRow> ENCODER = Encoders.bean(ModelRow.class);

  /** The model the champion pointer names. */
  public static final String CHAMPION = "champion";

  /** A former champion, replaced by a better one (or by hand). */
  public static final String RETIRED = "retired";

  /** A former champion that a rollback stepped back from. */
  public static final String ROLLED_BACK = "rolled back";

  private String path;
  private String vocabularyVersion;
  private Map<String, Double> metrics;
  private String status;
  private Timestamp promotedAt;
  private Timestamp decidedAt;
  private long decision;
  private String reason;

  public ModelRow() {}

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getVocabularyVersion() {
    return vocabularyVersion;
  }

  public void setVocabularyVersion(String vocabularyVersion) {
    this.vocabularyVersion = vocabularyVersion;
  }

  /** Its whole-split scores when it was last a challenger; null when promoted by hand. */
  public Map<String, Double> getMetrics() {
    return metrics;
  }

  public void setMetrics(Map<String, Double> metrics) {
    this.metrics = metrics;
  }

  /** champion, retired, rolled back, or the decision that kept it out: kept or rejected. */
  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  /** When it last became champion; null if it never did. */
  public Timestamp getPromotedAt() {
    return promotedAt;
  }

  public void setPromotedAt(Timestamp promotedAt) {
    this.promotedAt = promotedAt;
  }

  public Timestamp getDecidedAt() {
    return decidedAt;
  }

  public void setDecidedAt(Timestamp decidedAt) {
    this.decidedAt = decidedAt;
  }

  /** The number of the last decision about it. */
  public long getDecision() {
    return decision;
  }

  public void setDecision(long decision) {
    this.decision = decision;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }
}
