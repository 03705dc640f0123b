package io.polarity.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitAssignerTest {
  private final SplitAssigner splits = new SplitAssigner(0.1, 0.2);

  @Test
  void isAFunctionOfTheIdAlone() {
    SplitAssigner other = new SplitAssigner(0.1, 0.2);
    for (int i = 0; i < 1000; i++) {
      String id = ReviewIds.reviewId("src", "id-" + i, null);
      assertThat(other.assign(id, null)).isEqualTo(splits.assign(id, null));
    }
  }

  @Test
  void followsTheConfiguredFractions() {
    Map<String, Integer> counts = new HashMap<>();
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      counts.merge(
          splits.assign(ReviewIds.reviewId("src", "id-" + i, null), null), 1, Integer::sum);
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
      assertThat(splits.assign(id, "test")).isEqualTo("test");
      String split = splits.assign(id, "train");
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
}
