package io.polarity.pipeline.config;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Run ids: configured ones are validated; a missing one is {@code <job>-<UTC timestamp>-<6 random
 * hex digits>}, so that ids sort by start time and two runs of a job started in the same second (on
 * one machine or two) still get different ids.
 */
public final class RunIds {
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private static final SecureRandom RANDOM = new SecureRandom();

  private RunIds() {}

  /** Whether {@code id} is a valid run id (also safe in paths and Hadoop globs). */
  public static boolean isValid(String id) {
    return id != null && RUN_ID.matcher(id).matches();
  }

  /** A new run id for {@code job}, e.g. {@code ingest-20261125T170312Z-3f9a0c}. */
  public static String generate(String job) {
    return job
        + "-"
        + TIME.format(Instant.now())
        + "-"
        + String.format("%06x", RANDOM.nextInt(1 << 24));
  }

  /** The run id at {@code key} of the section, or a generated one when it is empty. */
  public static String orGenerate(Settings section, String key, String job) {
    String configured = section.optionalString(key);
    if (configured == null) {
      return generate(job);
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
