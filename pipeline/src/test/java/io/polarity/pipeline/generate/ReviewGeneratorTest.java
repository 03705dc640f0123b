package io.polarity.pipeline.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ReviewGeneratorTest {
  @Test
  void aReviewIsAFunctionOfSeedAndIndex() {
    ReviewGenerator a = new ReviewGenerator(7, 0.05, 0.0);
    ReviewGenerator b = new ReviewGenerator(7, 0.05, 0.0);
    ReviewGenerator other = new ReviewGenerator(8, 0.05, 0.0);

    assertThat(b.review(123).getText()).isEqualTo(a.review(123).getText());
    assertThat(other.review(123).getText()).isNotEqualTo(a.review(123).getText());
    assertThat(a.review(124).getText()).isNotEqualTo(a.review(123).getText());
  }

  @Test
  void lengthsRangeFromAFewWordsToSeveralHundred() {
    ReviewGenerator g = new ReviewGenerator(1, 0.0, 0.0);
    int[] words =
        LongStream.range(0, 2000)
            .mapToInt(i -> g.review(i).getText().split("\\s+").length)
            .toArray();

    assertThat(java.util.Arrays.stream(words).min().getAsInt()).isLessThan(20);
    assertThat(java.util.Arrays.stream(words).filter(w -> w > 200).count()).isGreaterThan(20);
    assertThat(java.util.Arrays.stream(words).average().getAsDouble()).isBetween(50.0, 150.0);
  }

  @Test
  void containsNegationsMarkupAndBothSentimentsInOneReview() {
    ReviewGenerator g = new ReviewGenerator(3, 0.0, 0.0);
    String corpus =
        String.join("\n", LongStream.range(0, 300).mapToObj(i -> g.review(i).getText()).toList());

    assertThat(corpus).contains(" was not ", "<br /><br />", "I would not recommend");
  }

  @Test
  void labelNoiseFlipsTheConfiguredShareOfLabels() {
    ReviewGenerator clean = new ReviewGenerator(5, 0.0, 0.0);
    ReviewGenerator noisy = new ReviewGenerator(5, 0.2, 0.0);
    long n = 10_000;
    long flipped =
        LongStream.range(0, n)
            .filter(i -> !clean.review(i).getLabel().equals(noisy.review(i).getLabel()))
            .count();

    assertThat(flipped / (double) n).isBetween(0.18, 0.22);
  }

  @Test
  void ratingsAgreeWithLabelsAndUnlabelledReviewsHaveNone() {
    ReviewGenerator g = new ReviewGenerator(9, 0.1, 0.25);
    long unlabelled = 0;
    for (long i = 0; i < 4000; i++) {
      GeneratedReview r = g.review(i);
      if (r.getLabel() == null) {
        unlabelled++;
        assertThat(r.getRating()).isZero();
      } else if (r.getLabel().equals(GeneratedReview.POSITIVE)) {
        assertThat(r.getRating()).isBetween(7, 10);
      } else {
        assertThat(r.getRating()).isBetween(1, 4);
      }
    }
    assertThat(unlabelled / 4000.0).isBetween(0.22, 0.28);
  }
}
