package io.polarity.pipeline.ingest;

import java.io.Serializable;
import java.util.Map;

/**
 * Turns a raw record into a candidate review or a rejection, applying the checks in a fixed order:
 * reader errors, missing text, invalid encoding, NUL characters, empty text, length, rating, label.
 */
final class RecordValidator implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final char REPLACEMENT = '\uFFFD';

  private final Map<String, LabelRules> labelsBySource;
  private final SplitAssigner splits;
  private final int maxReviewChars;
  private final int rawChars;

  RecordValidator(
      Map<String, LabelRules> labelsBySource, SplitAssigner splits, int maxChars, int rawChars) {
    this.labelsBySource = Map.copyOf(labelsBySource);
    this.splits = splits;
    this.maxReviewChars = maxChars;
    this.rawChars = rawChars;
  }

  ValidatedRecord validate(RawReview raw) {
    if (raw.getReadError() != null) {
      return ValidatedRecord.rejected(
          raw.getSource(),
          raw.getSourceFile(),
          raw.getReadError(),
          raw.getReadErrorDetail(),
          truncate(raw.getRawRecord()));
    }
    String text = raw.getText();
    if (text == null) {
      return reject(raw, QuarantineReason.MISSING_TEXT, "the record has no text field value");
    }
    int bad = text.indexOf(REPLACEMENT);
    if (bad >= 0) {
      return reject(
          raw,
          QuarantineReason.INVALID_ENCODING,
          "text has bytes that are not valid in its source's encoding (ingest.source.encoding),"
              + " near character "
              + bad);
    }
    int nul = text.indexOf('\u0000');
    if (nul >= 0) {
      return reject(
          raw, QuarantineReason.NUL_CHARACTER, "text holds a NUL character at character " + nul);
    }
    if (text.isBlank()) {
      return reject(raw, QuarantineReason.EMPTY_TEXT, "text is empty or only white space");
    }
    if (text.length() > maxReviewChars) {
      return reject(
          raw,
          QuarantineReason.TOO_LONG,
          "text has " + text.length() + " characters, more than the limit of " + maxReviewChars);
    }
    Double rating = null;
    String ratingRaw = raw.getRatingRaw();
    if (ratingRaw != null && !ratingRaw.isBlank()) {
      rating = parseRating(ratingRaw);
      if (rating == null) {
        return reject(
            raw, QuarantineReason.INVALID_RATING, "rating '" + ratingRaw + "' is not a number");
      }
    }
    LabelRules.Resolution label =
        labelsBySource.get(raw.getSource()).resolve(raw.getLabelRaw(), rating);
    if (label.rejection() != null) {
      return reject(raw, label.rejection(), label.detail());
    }
    String reviewId = ReviewIds.reviewId(raw.getSource(), raw.getSourceId(), text);
    return ValidatedRecord.accepted(
        raw,
        reviewId,
        label.label(),
        rating,
        splits.assign(reviewId, raw.getGroupKey(), raw.getDesignatedSplit()),
        splits.grouped(raw.getGroupKey(), raw.getDesignatedSplit()),
        ReviewIds.duplicateKey(text));
  }

  private ValidatedRecord reject(RawReview raw, QuarantineReason reason, String detail) {
    return ValidatedRecord.rejected(
        raw.getSource(), raw.getSourceFile(), reason.code(), detail, truncate(describe(raw)));
  }

  /** The parsed fields of a record, as the quarantine's raw text. */
  private static String describe(RawReview raw) {
    StringBuilder sb = new StringBuilder();
    append(sb, "id", raw.getSourceId());
    append(sb, "label", raw.getLabelRaw());
    append(sb, "rating", raw.getRatingRaw());
    append(sb, "text", raw.getText());
    return sb.toString();
  }

  private static void append(StringBuilder sb, String name, String value) {
    if (value != null) {
      sb.append(sb.length() == 0 ? "" : " | ").append(name).append('=').append(value);
    }
  }

  private String truncate(String value) {
    return QuarantineRecord.cut(value, rawChars);
  }

  private static Double parseRating(String raw) {
    try {
      double value = Double.parseDouble(raw.trim());
      return Double.isFinite(value) ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
