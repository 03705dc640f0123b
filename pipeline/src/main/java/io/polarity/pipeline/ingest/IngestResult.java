package io.polarity.pipeline.ingest;

import java.util.Map;
import java.util.TreeMap;

/** The outcome of an ingest run: where it wrote and what it counted, per source. */
public record IngestResult(String runId, String output, Map<String, SourceCounts> bySource) {
  public IngestResult {
    bySource = new TreeMap<>(bySource);
  }

  public static final String REVIEWS = "reviews";
  public static final String QUARANTINE = "quarantine";
  public static final String DATA_QUALITY = "data_quality";

  public long total(java.util.function.ToLongFunction<SourceCounts> metric) {
    return bySource.values().stream().mapToLong(metric).sum();
  }
}
