package io.polarity.pipeline.ingest;

import io.polarity.pipeline.warehouse.RunOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/** The outcome of an ingest run: where it wrote and what it counted, per source. */
public record IngestResult(String runId, String output, Map<String, SourceCounts> bySource) {
  public IngestResult {
    bySource = new TreeMap<>(bySource);
  }

  public static final String REVIEWS = "reviews";

  /** The {@code runs} row's outcome: records read from {@code inputPaths}, reviews accepted. */
  public RunOutcome runOutcome(List<String> inputPaths) {
    return new RunOutcome(
        inputPaths, total(SourceCounts::read), total(SourceCounts::accepted), output, null);
  }

  public static final String QUARANTINE = "quarantine";
  public static final String DATA_QUALITY = "data_quality";

  public long total(ToLongFunction<SourceCounts> metric) {
    return bySource.values().stream().mapToLong(metric).sum();
  }

  /**
   * The counts as data-quality rows, per source: {@code read}, {@code accepted}, {@code
   * quarantined}, {@code duplicates}, {@code conflicting_labels}, {@code files}, {@code
   * files.empty}, {@code split.<split>}, {@code label.<label>}, {@code quarantined.<reason>}, and
   * for a source split by group {@code split.grouped} and {@code split.ungrouped}.
   */
  public List<DataQualityRow> dataQuality() {
    List<DataQualityRow> rows = new ArrayList<>();
    bySource.forEach(
        (source, c) -> {
          rows.add(row(source, "read", c.read()));
          rows.add(row(source, "accepted", c.accepted()));
          rows.add(row(source, "quarantined", c.quarantined()));
          rows.add(row(source, "duplicates", c.duplicates()));
          rows.add(row(source, "conflicting_labels", c.conflictingLabels()));
          rows.add(row(source, "files", c.files()));
          rows.add(row(source, "files.empty", c.emptyFiles()));
          c.bySplit().forEach((k, v) -> rows.add(row(source, "split." + k, v)));
          if (c.grouped() + c.ungrouped() > 0) {
            rows.add(row(source, "split.grouped", c.grouped()));
            rows.add(row(source, "split.ungrouped", c.ungrouped()));
          }
          c.byLabel().forEach((k, v) -> rows.add(row(source, "label." + k, v)));
          c.byReason().forEach((k, v) -> rows.add(row(source, "quarantined." + k, v)));
        });
    return rows;
  }

  private DataQualityRow row(String source, String metric, long value) {
    return new DataQualityRow(runId, IngestStage.JOB, source, metric, value);
  }
}
