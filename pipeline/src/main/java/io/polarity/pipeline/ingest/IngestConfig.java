package io.polarity.pipeline.ingest;

import com.typesafe.config.Config;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.config.Settings;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed configuration of the ingest job, read from the {@code ingest} section.
 *
 * <p>Sources: when {@code ingest.sources} is a non-empty list, each element is a source; otherwise
 * the single {@code ingest.source} is used (the {@code --input}/{@code --format} flags fill that
 * one). See {@link io.polarity.pipeline.config.ConfigLoader} for the precedence of defaults, file,
 * {@code --set} and flags.
 */
public record IngestConfig(
    String runId,
    String output,
    List<SourceConfig> sources,
    SplitAssigner splits,
    int maxReviewChars,
    int quarantineRawChars)
    implements Serializable {

  public static final String SECTION = "ingest";
  public static final String OUTPUT = "ingest.output";
  public static final String RUN_ID = "ingest.run-id";
  public static final String SOURCE = "ingest.source";
  public static final String SOURCES = "ingest.sources";

  private static final Pattern RUN_ID_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** Reads and validates the whole {@code ingest} section. */
  public static IngestConfig from(Config root) {
    Settings s = Settings.of(root, SECTION);
    Settings formats = s.section("formats");
    List<Settings> listed = s.sections("sources");
    List<SourceConfig> sources = new ArrayList<>();
    if (listed.isEmpty()) {
      sources.add(SourceConfig.from(s.section("source"), formats));
    } else {
      for (Settings source : listed) {
        sources.add(SourceConfig.from(source, formats));
      }
    }
    Set<String> names = new HashSet<>();
    for (SourceConfig source : sources) {
      if (!names.add(source.name())) {
        throw new InvalidConfigException(
            "ingest.sources has two sources named '" + source.name() + "'; names must be unique");
      }
    }
    Settings split = s.section("split");
    double validation = split.doubleIn("validation-fraction", 0.0, 1.0);
    double test = split.doubleIn("test-fraction", 0.0, 1.0);
    if (validation + test >= 1.0) {
      throw new InvalidConfigException(
          "ingest.split.validation-fraction + ingest.split.test-fraction must be below 1, but was: "
              + (validation + test));
    }
    return new IngestConfig(
        runId(s.optionalString("run-id"), "ingest"),
        s.string("output"),
        List.copyOf(sources),
        new SplitAssigner(validation, test),
        s.intIn("max-review-chars", 1, 10_000_000),
        s.intIn("quarantine-raw-chars", 16, 1_000_000));
  }

  /** The configured run id, or {@code <job>-<UTC timestamp>} when none is set. */
  static String runId(String configured, String job) {
    if (configured == null) {
      return job + "-" + RUN_ID_TIME.format(Instant.now());
    }
    if (!RUN_ID_PATTERN.matcher(configured).matches()) {
      throw new InvalidConfigException(
          "ingest.run-id must be 1-100 letters, digits, '_', '.' or '-', but was: '"
              + configured
              + "'");
    }
    return configured;
  }
}
