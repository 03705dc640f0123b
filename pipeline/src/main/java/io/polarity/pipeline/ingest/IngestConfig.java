package io.polarity.pipeline.ingest;

import com.typesafe.config.Config;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.config.RunIds;
import io.polarity.pipeline.config.Settings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
    int quarantineRawChars,
    OnUnreadableFile onUnreadableFile,
    ConflictingLabels conflictingLabels)
    implements Serializable {

  /** What a file that cannot be read does to the run. */
  public enum OnUnreadableFile {
    /** The file is one quarantined record ({@code unreadable_file}); the run goes on. */
    QUARANTINE,
    /** The run stops, naming the file; the previous output stays. */
    FAIL
  }

  /** What happens to a duplicated text whose copies carry different labels. */
  public enum ConflictingLabels {
    /** One copy is kept, chosen as for any duplicate (labelled first, then smallest id). */
    KEEP_ONE,
    /** Every copy is quarantined ({@code conflicting_labels}). */
    QUARANTINE
  }

  public static final String SECTION = "ingest";
  public static final String OUTPUT = "ingest.output";
  public static final String RUN_ID = "ingest.run-id";
  public static final String SOURCE = "ingest.source";
  public static final String SOURCES = "ingest.sources";

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
    boolean byGroup =
        split.oneOf("group-by", SplitAssigner.GroupBy.class) == SplitAssigner.GroupBy.GROUP;
    if (byGroup) {
      for (SourceConfig source : sources) {
        requireGroup(source);
      }
    }
    return new IngestConfig(
        RunIds.orGenerate(s, "run-id", "ingest"),
        s.string("output"),
        List.copyOf(sources),
        new SplitAssigner(validation, test, byGroup),
        s.intIn("max-review-chars", 1, 10_000_000),
        s.intIn("quarantine-raw-chars", 16, 1_000_000),
        s.oneOf("on-unreadable-file", OnUnreadableFile.class),
        s.section("duplicates").oneOf("conflicting-labels", ConflictingLabels.class));
  }

  /** With {@code group-by = group}, every source must say what its group is. */
  private static void requireGroup(SourceConfig source) {
    boolean hasGroup =
        switch (source.format()) {
          case ACLIMDB -> true; // the movie, from train/urls_<class>.txt
          case CSV, JSONL -> source.columns().group() != null;
          case LINES -> false;
        };
    if (!hasGroup) {
      throw new InvalidConfigException(
          "ingest.split.group-by = group, but source '"
              + source.name()
              + "' (format "
              + Settings.configName(source.format())
              + ") has no group: "
              + (source.format() == InputFormat.LINES
                  ? "a lines file has no fields; use group-by = review"
                  : "set its columns.group to the field that names the group (e.g. a product id)"));
    }
  }
}
