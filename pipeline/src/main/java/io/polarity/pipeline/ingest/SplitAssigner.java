package io.polarity.pipeline.ingest;

import java.io.Serializable;

/**
 * Assigns a review to train, validation or test as a pure function of its id and the configured
 * fractions, so that re-running over a grown corpus keeps every old review in its split.
 *
 * <p>A review id maps to a point {@code u} in [0, 1) ({@link ReviewIds#unitInterval}); {@code u <
 * test} is test, {@code u < test + validation} is validation, the rest is train. A source that
 * designates its own test set (aclImdb's {@code test/}) keeps it: its test reviews are test, and
 * its train reviews never become test (those that would are train).
 */
public record SplitAssigner(double validationFraction, double testFraction)
    implements Serializable {
  public static final String TRAIN = "train";
  public static final String VALIDATION = "validation";
  public static final String TEST = "test";

  /**
   * @param reviewId the stable review id
   * @param designated the split the source itself puts the review in ({@code "train"}, {@code
   *     "test"}) or {@code null} when it says nothing
   */
  public String assign(String reviewId, String designated) {
    if (TEST.equals(designated)) {
      return TEST;
    }
    double u = ReviewIds.unitInterval(reviewId);
    if (u < testFraction) {
      return designated == null ? TEST : TRAIN;
    }
    return u < testFraction + validationFraction ? VALIDATION : TRAIN;
  }
}
