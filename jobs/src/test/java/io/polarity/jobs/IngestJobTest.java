package io.polarity.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.polarity.pipeline.ingest.IngestResult;
import io.polarity.pipeline.ingest.SourceCounts;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestJobTest {
  /** Counts of a source that read {@code accepted} reviews and kept them all, 6 to train. */
  private static SourceCounts counts(
      long accepted, long grouped, long ungrouped, Map<String, Long> byLabel) {
    return new SourceCounts(
        accepted,
        accepted,
        0,
        0,
        0,
        1,
        0,
        grouped,
        ungrouped,
        Map.of("train", 6L, "validation", accepted - 6),
        byLabel,
        Map.of());
  }

  @Test
  void theSummaryNamesASourceWithoutLabelsAndReviewsWithoutAGroup() {
    IngestResult result =
        new IngestResult(
            "r1",
            "/out",
            Map.of(
                "dump", counts(10, 0, 0, Map.of(SourceCounts.NO_LABEL, 10L)),
                "shop", counts(8, 5, 3, Map.of("positive", 4L, SourceCounts.NO_LABEL, 4L))));

    String summary = IngestJob.summary(result);

    assertThat(summary)
        .contains(
            "dump: none of its 10 reviews has a label; if it should, check its columns.label,"
                + " columns.rating and labels settings (train needs labelled reviews)\n")
        .contains("shop: 3 of 8 reviews had no group key and were split on their own\n")
        .doesNotContain("shop: none of")
        .doesNotContain("dump: 0 of")
        .contains("read = accepted + quarantined + duplicates (checked): 18 = 18 + 0 + 0\n");
  }
}
