package io.polarity.pipeline.ingest;

import java.util.Locale;

/** Why a raw record was sent to quarantine instead of the review table. */
public enum QuarantineReason {
  /** The bytes are not valid UTF-8 (or were replaced by U+FFFD while decoding). */
  INVALID_ENCODING,
  /** A CSV row whose fields could not be parsed against the header. */
  MALFORMED_CSV,
  /** A line that is not a JSON object. */
  INVALID_JSON,
  /** The text field is absent or null. */
  MISSING_TEXT,
  /** The text is empty or only white space. */
  EMPTY_TEXT,
  /** The text is longer than {@code ingest.max-review-chars}. */
  TOO_LONG,
  /** The label (or rating) matches no label rule and unmatched records are quarantined. */
  UNKNOWN_LABEL,
  /** The rating field is present but not a number. */
  INVALID_RATING,
  /** An aclImdb file whose path is not {@code <split>/<class>/<id>_<rating>.txt}. */
  BAD_FILE_NAME;

  /** The value stored in the quarantine table's {@code reason} column. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
