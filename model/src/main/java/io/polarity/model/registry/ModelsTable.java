package io.polarity.model.registry;

import io.polarity.pipeline.io.Tables;
import io.polarity.pipeline.warehouse.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The warehouse's {@code models} table, derived from the registry's decisions (which stay the
 * record): one row per model, partitioned by its train run id, rewritten for the models a decision
 * touches, so that SQL and notebooks see each model's scores and status.
 */
public final class ModelsTable {
  private final SparkSession spark;
  private final Warehouse warehouse;
  private final ModelRegistry registry;

  public ModelsTable(SparkSession spark, Warehouse warehouse, ModelRegistry registry) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.registry = registry;
  }

  /**
   * Rewrites the rows of the models {@code decision} was about: challenger, old and new champion.
   */
  public void refresh(ModelRegistry.Decision decision) {
    Set<String> touched = new LinkedHashSet<>();
    if (decision.challenger() != null) {
      touched.add(decision.challenger().runId());
    }
    if (decision.championBefore() != null) {
      touched.add(decision.championBefore());
    }
    if (decision.championAfter() != null) {
      touched.add(decision.championAfter());
    }
    write(touched);
  }

  /** Rewrites every model's row. */
  public void rebuild() {
    write(rows().keySet());
  }

  private void write(Set<String> runIds) {
    Map<String, ModelRow> rows = rows();
    for (String runId : runIds) {
      ModelRow row = rows.get(runId);
      if (row != null) {
        warehouse.replaceRun(
            Warehouse.MODELS,
            runId,
            Tables.toTable(spark.createDataset(List.of(row), ModelRow.ENCODER)));
      }
    }
  }

  /** Every model's row, by run id, from the decisions in order. */
  Map<String, ModelRow> rows() {
    Map<String, ModelRow> rows = new LinkedHashMap<>();
    for (ModelRegistry.Entry entry : registry.history()) {
      ModelRegistry.Decision d = entry.decision();
      Timestamp at = Timestamp.from(Instant.parse(d.at()));
      if (d.challenger() != null) {
        ModelRow row = rows.computeIfAbsent(d.challenger().runId(), id -> new ModelRow());
        row.setPath(d.challenger().directory());
        row.setVocabularyVersion(d.challenger().vocabularyVersion());
        if (d.challengerScores() != null) {
          row.setMetrics(d.challengerScores());
        }
        row.setDecision(d.sequence());
        row.setDecidedAt(at);
        row.setReason(d.reason());
        if (!d.changesChampion() && !d.challenger().runId().equals(d.championAfter())) {
          row.setStatus(d.action());
        }
      }
      if (d.changesChampion() && entry.applied()) {
        ModelRow before = d.championBefore() == null ? null : rows.get(d.championBefore());
        if (before != null) {
          before.setStatus(
              d.action().equals(ModelRegistry.ROLLED_BACK)
                  ? ModelRow.ROLLED_BACK
                  : ModelRow.RETIRED);
        }
        ModelRow after = rows.get(d.championAfter());
        if (after != null) {
          after.setStatus(ModelRow.CHAMPION);
          after.setPromotedAt(at);
          after.setDecision(d.sequence());
          after.setDecidedAt(at);
          after.setReason(d.reason());
        }
      } else if (d.changesChampion() && d.challenger() != null) {
        rows.get(d.challenger().runId()).setStatus("not applied");
      }
    }
    return rows;
  }
}
