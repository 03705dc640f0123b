package io.polarity.model.registry;

import io.polarity.pipeline.config.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * When a challenger takes the champion's place: it must pass every absolute bound ({@code minimum}
 * for metrics where higher is better, {@code maximum} for those where lower is), and beat the
 * champion on {@code metric} by at least {@code margin}. Without a champion, passing the bounds is
 * enough.
 */
public record PromotionPolicy(
    String metric, double margin, Map<String, Double> minimum, Map<String, Double> maximum) {
  /** Evaluation metrics where higher is better; the others known here are lower-is-better. */
  static final Set<String> HIGHER_IS_BETTER =
      new TreeSet<>(Set.of("accuracy", "roc_auc", "pr_auc", "macro_f1"));

  static final Set<String> LOWER_IS_BETTER = new TreeSet<>(Set.of("log_loss", "ece", "brier"));

  public PromotionPolicy {
    requireMetric("the promotion metric", metric);
    if (!(margin >= 0) || Double.isInfinite(margin)) {
      throw new InvalidConfigException(
          "the promotion margin must be a number >= 0, but was " + margin);
    }
    minimum = new TreeMap<>(minimum);
    maximum = new TreeMap<>(maximum);
    minimum.keySet().forEach(m -> requireMetric("a minimum bound", m));
    maximum.keySet().forEach(m -> requireMetric("a maximum bound", m));
  }

  /**
   * The whole-split scores of an evaluation that a policy can compare: every known metric the
   * report defines (NaN ones, such as an AUC on one class, are left out).
   */
  public static Map<String, Double> scores(
      io.polarity.model.evaluate.MetricsReport report, String slice) {
    Map<String, Double> scores = new TreeMap<>();
    for (Set<String> metrics : List.of(HIGHER_IS_BETTER, LOWER_IS_BETTER)) {
      for (String metric : metrics) {
        double v = report.value(slice, metric);
        if (!Double.isNaN(v)) {
          scores.put(metric, v);
        }
      }
    }
    return scores;
  }

  /**
   * The outcome for a challenger scored {@code challenger}, against a champion's scores or none.
   */
  public Verdict decide(Map<String, Double> challenger, Map<String, Double> champion) {
    List<String> failed = new ArrayList<>();
    minimum.forEach(
        (m, bound) -> {
          Double v = challenger.get(m);
          if (v == null) {
            failed.add(m + " missing (minimum " + format(bound) + ")");
          } else if (!(v >= bound)) {
            failed.add(m + " " + format(v) + " < minimum " + format(bound));
          }
        });
    maximum.forEach(
        (m, bound) -> {
          Double v = challenger.get(m);
          if (v == null) {
            failed.add(m + " missing (maximum " + format(bound) + ")");
          } else if (!(v <= bound)) {
            failed.add(m + " " + format(v) + " > maximum " + format(bound));
          }
        });
    if (!failed.isEmpty()) {
      return new Verdict(false, true, "below the quality bounds: " + String.join("; ", failed));
    }
    Double score = challenger.get(metric);
    if (score == null || score.isNaN()) {
      return new Verdict(false, true, "the challenger has no " + metric);
    }
    if (champion == null) {
      return new Verdict(true, false, "no champion yet; the challenger passes the quality bounds");
    }
    Double held = champion.get(metric);
    if (held == null || held.isNaN()) {
      return new Verdict(true, false, "the champion has no " + metric + " on this data");
    }
    double gain = HIGHER_IS_BETTER.contains(metric) ? score - held : held - score;
    String compared =
        metric
            + " "
            + format(score)
            + " against the champion's "
            + format(held)
            + " (margin "
            + format(margin)
            + ")";
    return gain >= margin && gain > 0
        ? new Verdict(true, false, "better: " + compared)
        : new Verdict(false, false, "not better by the margin: " + compared);
  }

  /** A decision: promote or not, whether a quality bound failed, and why, for people. */
  public record Verdict(boolean promote, boolean belowBounds, String reason) {}

  private static void requireMetric(String key, String metric) {
    if (!HIGHER_IS_BETTER.contains(metric) && !LOWER_IS_BETTER.contains(metric)) {
      throw new InvalidConfigException(
          key
              + " must name an evaluation metric, one of "
              + String.join(", ", HIGHER_IS_BETTER)
              + " (higher is better) or "
              + String.join(", ", LOWER_IS_BETTER)
              + " (lower is better), but was '"
              + metric
              + "'");
    }
  }

  private static String format(Double v) {
    return v == null ? "(none)" : String.format(Locale.ROOT, "%.4f", v);
  }
}
