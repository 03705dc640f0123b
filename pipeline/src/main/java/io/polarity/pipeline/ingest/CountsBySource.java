package io.polarity.pipeline.ingest;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/**
 * A Spark accumulator of counts per source name, for counting records where a job drops them.
 * Updated in the final stage of a write job, each task's counts are merged exactly once (Spark
 * merges a result task's accumulator updates once, however often it ran).
 */
final class CountsBySource extends AccumulatorV2<String, Map<String, Long>> {
  private static final long serialVersionUID = 1L;
  private final HashMap<String, Long> counts = new HashMap<>();

  @Override
  public boolean isZero() {
    return counts.isEmpty();
  }

  @Override
  public CountsBySource copy() {
    CountsBySource copy = new CountsBySource();
    copy.counts.putAll(counts);
    return copy;
  }

  @Override
  public void reset() {
    counts.clear();
  }

  @Override
  public void add(String source) {
    counts.merge(source, 1L, Long::sum);
  }

  @Override
  public void merge(AccumulatorV2<String, Map<String, Long>> other) {
    other.value().forEach((source, n) -> counts.merge(source, n, Long::sum));
  }

  @Override
  public Map<String, Long> value() {
    return counts;
  }
}
