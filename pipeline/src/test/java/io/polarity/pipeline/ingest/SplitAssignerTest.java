package io.polarity.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitAssignerTest {
  private final SplitAssigner splits = new SplitAssigner(0.1, 0.2, false);

  @Test
  void isAFunctionOfTheIdAlone() {
    SplitAssigner other = new SplitAssigner(0.1, 0.2, false);
    for (int i = 0; i < 1000; i++) {
      String id = ReviewIds.reviewId("src", "id-" + i, null);
      assertThat(other.assign(id, null, null)).isEqualTo(splits.assign(id, null, null));
    }
  }

  @Test
  void followsTheConfiguredFractions() {
    Map<String, Integer> counts = new HashMap<>();
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      counts.merge(
          splits.assign(ReviewIds.reviewId("src", "id-" + i, null), null, null), 1, Integer::sum);
    }
    // binomial standard deviations at n = 20,000 are about 0.003; 0.01 is over three of them
    assertThat(counts.get("test") / (double) n).isBetween(0.19, 0.21);
    assertThat(counts.get("validation") / (double) n).isBetween(0.09, 0.11);
    assertThat(counts.get("train") / (double) n).isBetween(0.69, 0.71);
  }

  @Test
  void keepsASourcesOwnTestSetAndNeverMovesItsTrainReviewsToTest() {
    int validation = 0;
    for (int i = 0; i < 5000; i++) {
      String id = ReviewIds.reviewId("imdb", "train/pos/" + i, null);
      assertThat(splits.assign(id, null, "test")).isEqualTo("test");
      String split = splits.assign(id, null, "train");
      assertThat(split).isIn("train", "validation");
      validation += split.equals("validation") ? 1 : 0;
    }
    assertThat(validation / 5000.0).isBetween(0.08, 0.12);
  }

  @Test
  void duplicateKeysIgnoreMarkupCaseAndSpacing() {
    assertThat(ReviewIds.duplicateKey("Great  movie!<br /><br />Loved it"))
        .isEqualTo(ReviewIds.duplicateKey("great movie! loved IT"))
        .isNotEqualTo(ReviewIds.duplicateKey("great movie! hated it"))
        .hasSize(32);
    assertThat(ReviewIds.reviewId("a", "1", "x"))
        .hasSize(16)
        .isNotEqualTo(ReviewIds.reviewId("b", "1", "x"));
  }

  @Test
  void byGroupEveryReviewOfAGroupSharesItsSplitAndAReviewWithoutAKeyIsItsOwnGroup() {
    SplitAssigner grouped = new SplitAssigner(0.3, 0.3, true);
    Map<String, Integer> counts = new HashMap<>();
    for (int g = 0; g < 200; g++) {
      String first = grouped.assign(ReviewIds.reviewId("src", g + "-0", null), "tt" + g, null);
      for (int i = 1; i < 10; i++) {
        String id = ReviewIds.reviewId("src", g + "-" + i, null);
        assertThat(grouped.assign(id, "tt" + g, null)).isEqualTo(first);
        assertThat(grouped.assign(id, " tt" + g + " ", null)).isEqualTo(first);
      }
      counts.merge(first, 1, Integer::sum);
    }
    assertThat(counts.keySet()).containsExactlyInAnyOrder("train", "validation", "test");
    SplitAssigner sameFractions = new SplitAssigner(0.1, 0.2, true);
    for (int i = 0; i < 1000; i++) {
      String id = ReviewIds.reviewId("src", "id-" + i, null);
      assertThat(sameFractions.assign(id, null, null)).isEqualTo(splits.assign(id, null, null));
      assertThat(sameFractions.assign(id, "  ", "train"))
          .isEqualTo(splits.assign(id, null, "train"));
      assertThat(splits.assign(id, "tt1", null)).isEqualTo(splits.assign(id, null, null));
    }
  }

  @Test
  void saysWhetherAReviewWasSplitByItsGroupKey() {
    SplitAssigner grouped = new SplitAssigner(0.1, 0.2, true);
    assertThat(grouped.grouped("tt1", null)).isTrue();
    assertThat(grouped.grouped("tt1", "train")).isTrue();
    assertThat(grouped.grouped(null, null)).isFalse();
    assertThat(grouped.grouped(" ", "train")).isFalse();
    // a source's own test set needs no key, and without grouping none does
    assertThat(grouped.grouped(null, "test")).isNull();
    assertThat(splits.grouped("tt1", null)).isNull();
  }
}
