package io.polarity.pipeline.ingest;

import java.util.Map;
import java.util.TreeMap;

/**
 * What ingest did with one source's records, each count taken where its records are ({@link
 * IngestCounts}), so that {@code read = accepted + quarantined + duplicates} is a check that fails
 * when a record goes missing. The maps break the accepted reviews down by split and label ({@code
 * "(none)"} when unlabelled) and the quarantined records by reason code. {@code conflictingLabels}
 * counts the records whose text has copies with other labels (kept, removed or quarantined); {@code
 * files} the files listed, {@code emptyFiles} those readable but without any record (empty, or a
 * header only). With {@code ingest.split.group-by = group}, {@code grouped} counts the records read
 * whose split came from their group key and {@code ungrouped} those that had no key and were split
 * on their own (both before duplicates are removed; a source's own test set needs no key).
 */
public record SourceCounts(
    long read,
    long accepted,
    long quarantined,
    long duplicates,
    long conflictingLabels,
    long files,
    long emptyFiles,
    long grouped,
    long ungrouped,
    Map<String, Long> bySplit,
    Map<String, Long> byLabel,
    Map<String, Long> byReason) {

  public static final String NO_LABEL = "(none)";

  public SourceCounts {
    bySplit = new TreeMap<>(bySplit);
    byLabel = new TreeMap<>(byLabel);
    byReason = new TreeMap<>(byReason);
  }

  /** Whether {@code read = accepted + quarantined + duplicates} holds. */
  public boolean balanced() {
    return read == accepted + quarantined + duplicates;
  }
}
