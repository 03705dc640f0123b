package io.polarity.jobs;

import com.typesafe.config.Config;
import io.polarity.pipeline.config.ConfigLoader;
import io.polarity.pipeline.config.Settings;
import io.polarity.pipeline.ingest.IngestConfig;
import io.polarity.pipeline.ingest.IngestResult;
import io.polarity.pipeline.ingest.IngestStage;
import io.polarity.pipeline.ingest.InputFormat;
import io.polarity.pipeline.ingest.SourceConfig;
import io.polarity.pipeline.ingest.SourceCounts;
import io.polarity.pipeline.warehouse.DataQualityRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code polarity ingest}: raw review corpora into the canonical Parquet review table. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Reads raw review corpora (aclImdb folders, CSV/TSV, JSON Lines) into one canonical",
      "Parquet review table split into train/validation/test, with bad records quarantined."
    })
public final class IngestJob implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--input",
      paramLabel = "PATH",
      description = "Corpus path or glob (replaces ingest.sources).")
  String input;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "aclimdb, csv or jsonl (with --input).")
  InputFormat format;

  @Option(
      names = "--source-name",
      paramLabel = "NAME",
      description = "The source column's value (with --input).")
  String sourceName;

  @Option(
      names = "--output",
      paramLabel = "PATH",
      description = "Output directory (ingest.output).")
  String output;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "Run id (ingest.run-id); default: generated.")
  String runId;

  @Override
  public Integer call() {
    Config c = withFlags(config.load());
    IngestConfig ingest = IngestConfig.from(c);
    Recording run = Recording.of("ingest", ingest.runId(), c);
    return SparkSessions.recorded(
        run,
        null,
        spec,
        // the warehouse rows are written before the output is committed: a run either has both
        spark ->
            new IngestStage(spark, ingest)
                .run(result -> run.writeDataQuality(spark, DataQualityRows.of(spark, result))),
        result -> result.runOutcome(ingest.sources().stream().map(SourceConfig::path).toList()),
        IngestJob::summary);
  }

  Config withFlags(Config base) {
    Config c = base;
    if (input != null) {
      c = ConfigLoader.withValue(c, IngestConfig.SOURCES, List.of());
      c = ConfigLoader.withValue(c, IngestConfig.SOURCE + ".path", input);
      c =
          ConfigLoader.withFlag(
              c,
              IngestConfig.SOURCE + ".format",
              format == null ? null : Settings.configName(format));
      c = ConfigLoader.withFlag(c, IngestConfig.SOURCE + ".name", sourceName);
    } else if (format != null || sourceName != null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--format and --source-name go with --input");
    }
    c = ConfigLoader.withFlag(c, IngestConfig.OUTPUT, output);
    c = ConfigLoader.withFlag(c, IngestConfig.RUN_ID, runId);
    return c;
  }

  static String summary(IngestResult result) {
    TextTable table =
        new TextTable(
            "source",
            "read",
            "accepted",
            "quarantined",
            "duplicates",
            "train",
            "validation",
            "test");
    result
        .bySource()
        .forEach(
            (source, c) ->
                table.row(
                    source,
                    c.read(),
                    c.accepted(),
                    c.quarantined(),
                    c.duplicates(),
                    c.bySplit().getOrDefault("train", 0L),
                    c.bySplit().getOrDefault("validation", 0L),
                    c.bySplit().getOrDefault("test", 0L)));
    StringBuilder sb = new StringBuilder();
    sb.append("Ingest run ")
        .append(result.runId())
        .append(" -> ")
        .append(result.output())
        .append('\n');
    sb.append(table.render());
    result
        .bySource()
        .forEach((source, c) -> notes(c).forEach(n -> sb.append(source + ": " + n + "\n")));
    sb.append("read = accepted + quarantined + duplicates (checked): ")
        .append(result.total(SourceCounts::read))
        .append(" = ")
        .append(result.total(SourceCounts::accepted))
        .append(" + ")
        .append(result.total(SourceCounts::quarantined))
        .append(" + ")
        .append(result.total(SourceCounts::duplicates))
        .append('\n');
    return sb.toString();
  }

  /** What a source's counts call for a look at, one line each (without the source's name). */
  private static List<String> notes(SourceCounts c) {
    List<String> notes = new ArrayList<>();
    if (!c.byReason().isEmpty()) {
      notes.add("quarantined " + c.byReason());
    }
    long badEncoding = c.byReason().getOrDefault("invalid_encoding", 0L);
    if (badEncoding * 2 > c.read()) {
      notes.add(
          "most records ("
              + badEncoding
              + " of "
              + c.read()
              + ") are invalid_encoding: if its files are not UTF-8, set its encoding"
              + " (ingest.source.encoding, or encoding in its ingest.sources entry), e.g."
              + " windows-1252, GBK or Shift_JIS");
    }
    if (c.conflictingLabels() > 0) {
      notes.add(
          c.conflictingLabels() + " records are copies of a text labelled differently elsewhere");
    }
    if (c.emptyFiles() > 0) {
      notes.add(
          c.emptyFiles() + " of " + c.files() + " files held no record (empty, or a header only)");
    }
    if (c.accepted() > 0 && c.byLabel().keySet().equals(Set.of(SourceCounts.NO_LABEL))) {
      notes.add(
          "none of its "
              + c.accepted()
              + " reviews has a label; if it should, check its columns.label, columns.rating and"
              + " labels settings (train needs labelled reviews)");
    }
    if (c.ungrouped() > 0) {
      notes.add(
          c.ungrouped()
              + " of "
              + (c.grouped() + c.ungrouped())
              + " reviews had no group key and were split on their own");
    }
    return notes;
  }
}
