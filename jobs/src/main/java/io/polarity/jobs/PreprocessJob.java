package io.polarity.jobs;

import com.typesafe.config.Config;
import io.polarity.pipeline.config.ConfigLoader;
import io.polarity.pipeline.preprocess.PreprocessConfig;
import io.polarity.pipeline.preprocess.PreprocessResult;
import io.polarity.pipeline.preprocess.PreprocessStage;
import io.polarity.pipeline.preprocess.ReportRow;
import io.polarity.pipeline.warehouse.DataQualityRows;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code polarity preprocess}: tokens, vocabulary and model-ready features in Parquet. */
@Command(
    name = "preprocess",
    mixinStandardHelpOptions = true,
    description = {
      "Normalises and tokenises the review table, builds the vocabulary (and n-grams) from",
      "the train split and writes model-ready features plus the vocabulary artifact."
    })
public final class PreprocessJob implements Callable<Integer> {
  private static final List<String> REPORTED =
      List.of("documents", "tokens.mean", "tokens.p50", "tokens.p90", "tokens.max", "oov-rate");

  @Mixin ConfigOptions config;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--input",
      paramLabel = "PATH",
      description = "Ingest output directory (preprocess.input).")
  String input;

  @Option(
      names = "--output",
      paramLabel = "PATH",
      description = "Output directory (preprocess.output).")
  String output;

  @Option(
      names = "--vocabulary",
      paramLabel = "PATH",
      description = "Reuse this vocabulary directory (preprocess.vocabulary.reuse).")
  String vocabulary;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "Run id (preprocess.run-id); default: generated.")
  String runId;

  @Override
  public Integer call() {
    Config c = withFlags(config.load());
    PreprocessConfig preprocess = PreprocessConfig.from(c);
    Recording run = Recording.of("preprocess", preprocess.runId(), c);
    return SparkSessions.recorded(
        run,
        null,
        spec,
        // the warehouse rows are written before the output is committed: a run either has both
        spark ->
            new PreprocessStage(spark, preprocess)
                .run(
                    result ->
                        run.writeDataQuality(
                            spark, DataQualityRows.of(spark, "preprocess", result))),
        result -> result.runOutcome(preprocess.input()),
        PreprocessJob::summary);
  }

  Config withFlags(Config base) {
    Config c = base;
    c = ConfigLoader.withFlag(c, PreprocessConfig.INPUT, input);
    c = ConfigLoader.withFlag(c, PreprocessConfig.OUTPUT, output);
    c = ConfigLoader.withFlag(c, PreprocessConfig.VOCABULARY, vocabulary);
    c = ConfigLoader.withFlag(c, PreprocessConfig.RUN_ID, runId);
    return c;
  }

  static String summary(PreprocessResult result) {
    TreeSet<String> splits = new TreeSet<>();
    result.report().stream()
        .map(ReportRow::getSplit)
        .filter(s -> !s.equals("all"))
        .forEach(splits::add);
    String[] header = new String[REPORTED.size() + 1];
    header[0] = "split";
    for (int i = 0; i < REPORTED.size(); i++) {
      header[i + 1] = REPORTED.get(i);
    }
    TextTable table = new TextTable(header);
    for (String split : splits) {
      Object[] row = new Object[header.length];
      row[0] = split;
      for (int i = 0; i < REPORTED.size(); i++) {
        double v = result.metric(split, REPORTED.get(i)).getValue();
        row[i + 1] =
            REPORTED.get(i).equals("oov-rate")
                ? String.format(java.util.Locale.ROOT, "%.2f%%", 100 * v)
                : v == Math.rint(v)
                    ? (Object) (long) v
                    : String.format(java.util.Locale.ROOT, "%.1f", v);
      }
      table.row(row);
    }
    return "Preprocess run "
        + result.runId()
        + " -> "
        + result.output()
        + "\n"
        + table.render()
        + "vocabulary "
        + result.vocabulary().version()
        + ": "
        + result.vocabulary().size()
        + " ids ("
        + result.vocabulary().unigrams()
        + " unigrams, n-grams up to "
        + result.vocabulary().ngrams()
        + "), labels "
        + result.vocabulary().labels()
        + "\n"
        + "read = featurized + quarantined (checked): "
        + result.read()
        + " = "
        + result.featurized()
        + " + "
        + result.quarantined()
        + "\n";
  }
}
