package io.polarity.pipeline.config;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/** Run ids: configured ones are validated; a missing one is {@code <job>-<UTC timestamp>}. */
public final class RunIds {
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private RunIds() {}

  /** Whether {@code id} is a valid run id (also safe in paths and Hadoop globs). */
  public static boolean isValid(String id) {
    return id != null && RUN_ID.matcher(id).matches();
  }

  /** The run id at {@code key} of the section, or a generated one when it is empty. */
  public static String orGenerate(Settings section, String key, String job) {
    String configured = section.optionalString(key);
    if (configured == null) {
      return job + "-" + TIME.format(Instant.now());
    }
    if (!RUN_ID.matcher(configured).matches()) {
      throw new InvalidConfigException(
          section.key(key)
              + " must be 1-100 letters, digits, '_', '.' or '-', but was: '"
              + configured
              + "'");
    }
    return configured;
  }
}
