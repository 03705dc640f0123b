package io.polarity.pipeline.ingest;

import java.util.Locale;

/** Why a raw record was sent to quarantine instead of the review table. */
public enum QuarantineReason {
  /**
   * A whole file that could not be read: an I/O error, a truncated or corrupt compressed file, or
   * binary content. The file is one quarantined record; none of its records is ingested.
   */
  UNREADABLE_FILE,
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
  /**
   * The text holds a NUL character (U+0000), a sign of binary data or corruption that many systems
   * downstream cannot store. Other control characters are kept as written (the normaliser drops
   * them), since real reviews carry a few.
   */
  NUL_CHARACTER,
  /** The text is longer than {@code ingest.max-review-chars}. */
  TOO_LONG,
  /** The label (or rating) matches no label rule and unmatched records are quarantined. */
  UNKNOWN_LABEL,
  /** The rating field is present but not a number. */
  INVALID_RATING,
  /** An aclImdb file whose path is not {@code <split>/<class>/<id>_<rating>.txt}. */
  BAD_FILE_NAME,
  /**
   * A copy of a duplicated text whose copies carry different labels, with {@code
   * ingest.duplicates.conflicting-labels = quarantine} (every copy is quarantined).
   */
  CONFLICTING_LABELS;

  /** The value stored in the quarantine table's {@code reason} column. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
