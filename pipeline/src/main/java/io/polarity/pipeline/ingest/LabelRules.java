package io.polarity.pipeline.ingest;

import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.config.Settings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a raw record's label field or rating becomes a canonical label.
 *
 * <p>With {@code from = label}, the raw label value is matched (trimmed, case-insensitive) against
 * {@code values}: {@code {positive = [pos, "1"], negative = [neg, "0"]}}; values listed in {@code
 * unlabeled-values} make the review explicitly unlabelled. With {@code from = rating}, the numeric
 * rating is matched against inclusive {@code rating-ranges}: {@code {negative = [1, 4], positive =
 * [7, 10]}}. With {@code from = fixed}, every record of the source gets the label {@code fixed}
 * (empty: unlabelled), e.g. a file of positive sentences. Anything else is handled by {@code
 * unmatched}: kept unlabelled or quarantined. Raw values match whatever their case and spacing
 * ({@code " Very Positive "} matches {@code very positive}). Label names come from the
 * configuration, so star-rating classes need no code.
 */
public final class LabelRules implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  /** Where the label comes from. */
  public enum From {
    LABEL,
    RATING,
    FIXED
  }

  /** What happens to a record whose label or rating matches no rule. */
  public enum Unmatched {
    UNLABELED,
    QUARANTINE
  }

  /** The outcome for one record: a label, explicitly no label, or a quarantine reason. */
  public record Resolution(String label, QuarantineReason rejection, String detail) {
    static final Resolution NONE = new Resolution(null, null, null);

    static Resolution of(String label) {
      return new Resolution(label, null, null);
    }

    static Resolution reject(QuarantineReason reason, String detail) {
      return new Resolution(null, reason, detail);
    }
  }

  private final From from;
  private final Map<String, String> labelByValue;
  private final List<String> unlabeledValues;
  private final Map<String, double[]> ratingRanges;
  private final Unmatched unmatched;
  private final String fixed;

  public LabelRules(
      From from,
      Map<String, List<String>> values,
      List<String> unlabeledValues,
      Map<String, double[]> ratingRanges,
      Unmatched unmatched,
      String fixed) {
    this.from = from;
    this.fixed = fixed;
    this.labelByValue = new HashMap<>();
    values.forEach((label, raws) -> raws.forEach(raw -> labelByValue.put(normalise(raw), label)));
    this.unlabeledValues = unlabeledValues.stream().map(LabelRules::normalise).toList();
    this.ratingRanges = new LinkedHashMap<>(ratingRanges);
    this.unmatched = unmatched;
  }

  /** Reads and validates the {@code labels} section of a source. */
  public static LabelRules from(Settings labels) {
    From from = labels.oneOf("from", From.class);
    Map<String, List<String>> values = labels.stringListMap("values");
    Map<String, double[]> ranges = labels.numberListMap("rating-ranges");
    values.keySet().forEach(name -> requireLabelName(labels.key("values"), name));
    ranges.keySet().forEach(name -> requireLabelName(labels.key("rating-ranges"), name));
    validateValues(labels.key("values"), values);
    validateRanges(labels.key("rating-ranges"), ranges);
    if (from == From.LABEL && values.isEmpty()) {
      throw new InvalidConfigException(
          labels.key("values")
              + " must map at least one label to its raw values when "
              + labels.key("from")
              + " = label, but was empty");
    }
    String fixed = labels.optionalString("fixed");
    if (fixed != null) {
      requireLabelName(labels.key("fixed"), fixed);
    }
    if (from == From.RATING && ranges.isEmpty()) {
      throw new InvalidConfigException(
          labels.key("rating-ranges")
              + " must give at least one label a [min, max] range when "
              + labels.key("from")
              + " = rating, but was empty");
    }
    return new LabelRules(
        from,
        values,
        labels.strings("unlabeled-values"),
        ranges,
        labels.oneOf("unmatched", Unmatched.class),
        fixed);
  }

  public From from() {
    return from;
  }

  /** Resolves one record; {@code rating} is already parsed (null when absent). */
  public Resolution resolve(String rawLabel, Double rating) {
    if (from == From.FIXED) {
      return fixed == null ? Resolution.NONE : Resolution.of(fixed);
    }
    if (from == From.LABEL) {
      String key = normalise(rawLabel == null ? "" : rawLabel);
      String label = labelByValue.get(key);
      if (label != null) {
        return Resolution.of(label);
      }
      if (unlabeledValues.contains(key)) {
        return Resolution.NONE;
      }
      return unmatched("label value '" + (rawLabel == null ? "" : rawLabel) + "' matches no rule");
    }
    if (rating != null) {
      for (Map.Entry<String, double[]> range : ratingRanges.entrySet()) {
        if (rating >= range.getValue()[0] && rating <= range.getValue()[1]) {
          return Resolution.of(range.getKey());
        }
      }
    }
    return unmatched("rating " + rating + " is in no rating range");
  }

  private Resolution unmatched(String detail) {
    return unmatched == Unmatched.UNLABELED
        ? Resolution.NONE
        : Resolution.reject(QuarantineReason.UNKNOWN_LABEL, detail);
  }

  private static String normalise(String raw) {
    return SPACES.matcher(raw.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
  }

  private static void requireLabelName(String key, String name) {
    if (!LABEL_NAME.matcher(name).matches()) {
      throw new InvalidConfigException(
          key + " has a label name that is not letters, digits, '_' or '-': '" + name + "'");
    }
  }

  private static void validateValues(String key, Map<String, List<String>> values) {
    Map<String, String> seen = new HashMap<>();
    values.forEach(
        (label, raws) -> {
          for (String raw : raws) {
            String previous = seen.put(normalise(raw), label);
            if (previous != null && !previous.equals(label)) {
              throw new InvalidConfigException(
                  key + " maps the raw value '" + raw + "' to both " + previous + " and " + label);
            }
          }
        });
  }

  private static void validateRanges(String key, Map<String, double[]> ranges) {
    List<Map.Entry<String, double[]>> checked = new ArrayList<>();
    for (Map.Entry<String, double[]> range : ranges.entrySet()) {
      double[] r = range.getValue();
      if (r.length != 2 || !(r[0] <= r[1])) {
        throw new InvalidConfigException(
            key
                + "."
                + range.getKey()
                + " must be [min, max] with min <= max, but was: "
                + java.util.Arrays.toString(r));
      }
      for (Map.Entry<String, double[]> other : checked) {
        double[] o = other.getValue();
        if (r[0] <= o[1] && o[0] <= r[1]) {
          throw new InvalidConfigException(
              key
                  + " ranges of "
                  + other.getKey()
                  + " and "
                  + range.getKey()
                  + " overlap: "
                  + java.util.Arrays.toString(o)
                  + " and "
                  + java.util.Arrays.toString(r));
        }
      }
      checked.add(range);
    }
  }
}
