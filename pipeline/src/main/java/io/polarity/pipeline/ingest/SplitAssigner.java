package io.polarity.pipeline.ingest;

import java.io.Serializable;

/**
 * Assigns a review to train, validation or test as a pure function of its id (or its group's key)
 * and the configured fractions, so that re-running over a grown corpus keeps every old review in
 * its split.
 *
 * <p>A review maps to a point {@code u} in [0, 1) ({@link ReviewIds#unitInterval}); {@code u <
 * test} is test, {@code u < test + validation} is validation, the rest is train. With {@code
 * byGroup} the point is hashed from the review's group key (a movie, a product), so every review of
 * one group lands in the same split and the validation and test figures measure new groups; a
 * review without a key is a group of its own. A source that designates its own test set (aclImdb's
 * {@code test/}) keeps it: its test reviews are test, and its train reviews never become test
 * (those that would are train).
 */
public record SplitAssigner(double validationFraction, double testFraction, boolean byGroup)
    implements Serializable {
  public static final String TRAIN = "train";
  public static final String VALIDATION = "validation";
  public static final String TEST = "test";

  /** What {@code ingest.split.group-by} may say. */
  public enum GroupBy {
    /** Every review on its own: hashed from its id. */
    REVIEW,
    /** Every review with its group: hashed from the source's group key. */
    GROUP
  }

  /**
   * @param reviewId the stable review id
   * @param groupKey the review's group (ignored unless {@code byGroup}); null or blank: none
   * @param designated the split the source itself puts the review in ({@code "train"}, {@code
   *     "test"}) or {@code null} when it says nothing
   */
  public String assign(String reviewId, String groupKey, String designated) {
    if (TEST.equals(designated)) {
      return TEST;
    }
    boolean grouped = byGroup && hasKey(groupKey);
    // review ids are 16 hex digits, so a prefixed group key never hashes like one
    double u = ReviewIds.unitInterval(grouped ? "group:" + groupKey.strip() : reviewId);
    if (u < testFraction) {
      return designated == null ? TEST : TRAIN;
    }
    return u < testFraction + validationFraction ? VALIDATION : TRAIN;
  }

  /**
   * Whether {@link #assign} splits a review by its group key: null when it needs none (grouping is
   * off, or the source designates the review test), false when it needs one and has none, so that
   * it is split as a group of its own.
   */
  public Boolean grouped(String groupKey, String designated) {
    return byGroup && !TEST.equals(designated) ? hasKey(groupKey) : null;
  }

  private static boolean hasKey(String groupKey) {
    return groupKey != null && !groupKey.isBlank();
  }
}
