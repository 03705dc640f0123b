package io.polarity.pipeline.ingest;

import java.util.Map;
import java.util.TreeMap;

/**
 * What ingest did with one source's records: {@code read = accepted + quarantined + duplicates}.
 * The maps break the accepted reviews down by split and label ({@code "(none)"} when unlabelled)
 * and the quarantined records by reason code.
 */
public record SourceCounts(
    long read,
    long accepted,
    long quarantined,
    long duplicates,
    Map<String, Long> bySplit,
    Map<String, Long> byLabel,
    Map<String, Long> byReason) {

  public static final String NO_LABEL = "(none)";

  public SourceCounts {
    bySplit = new TreeMap<>(bySplit);
    byLabel = new TreeMap<>(byLabel);
    byReason = new TreeMap<>(byReason);
  }
}
