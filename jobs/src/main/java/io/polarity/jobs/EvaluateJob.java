package io.polarity.jobs;

import com.typesafe.config.Config;
import io.polarity.model.Nd4jMemory;
import io.polarity.model.evaluate.ClassificationMetrics;
import io.polarity.model.evaluate.EvaluateConfig;
import io.polarity.model.evaluate.EvaluateResult;
import io.polarity.model.evaluate.Evaluator;
import io.polarity.model.evaluate.MetricsReport;
import io.polarity.pipeline.config.ConfigLoader;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code polarity evaluate}: a trained model scored on held-out data, metrics to the warehouse. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Scores a trained model on a held-out split on the executors and writes accuracy, per-class",
      "precision/recall/F1, ROC/PR-AUC, log loss, Brier, calibration and confusion matrix, per",
      "slice, to the metrics warehouse."
    })
public final class EvaluateJob implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "PATH",
      description = "Train run directory (evaluate.model); default: the latest train run.")
  String model;

  @Option(
      names = "--model-run-id",
      paramLabel = "ID",
      description = "Train run id under train.output (evaluate.model-run-id).")
  String modelRunId;

  @Option(
      names = "--input",
      paramLabel = "PATH",
      description = "Preprocess output (evaluate.input); default: the model's own.")
  String input;

  @Option(
      names = "--split",
      paramLabel = "SPLIT",
      description =
          "train, validation, test or all (every labelled review) (evaluate.split); default:"
              + " test, else validation.")
  String split;

  @Option(names = "--run-id", paramLabel = "ID", description = "Run id (evaluate.run-id).")
  String runId;

  @Override
  public Integer call() {
    Config c = withFlags(config.load());
    EvaluateConfig evaluate = EvaluateConfig.from(c);
    return SparkSessions.recorded(
        Recording.of("evaluate", evaluate.runId(), c),
        Nd4jMemory.from(c),
        spec,
        spark -> new Evaluator(spark, evaluate).run(),
        result -> result.runOutcome(evaluate.output()),
        EvaluateJob::summary);
  }

  Config withFlags(Config base) {
    Config c = base;
    c = ConfigLoader.withFlag(c, EvaluateConfig.MODEL, model);
    c = ConfigLoader.withFlag(c, EvaluateConfig.MODEL_RUN_ID, modelRunId);
    c = ConfigLoader.withFlag(c, EvaluateConfig.INPUT, input);
    c = ConfigLoader.withFlag(c, EvaluateConfig.SPLIT, split);
    c = ConfigLoader.withFlag(c, EvaluateConfig.RUN_ID, runId);
    return c;
  }

  static String summary(EvaluateResult result) {
    MetricsReport r = result.report();
    TextTable table = new TextTable("slice", "reviews", "accuracy", "macro F1", "ROC-AUC", "ECE");
    r.metrics().stream()
        .map(MetricsReport.Metric::slice)
        .distinct()
        .forEach(
            slice ->
                table.row(
                    slice,
                    Math.round(r.value(slice, "count")),
                    f(r.value(slice, "accuracy")),
                    f(r.value(slice, "macro_f1")),
                    f(r.value(slice, "roc_auc")),
                    f(r.value(slice, "ece"))));
    String all = ClassificationMetrics.ALL;
    return "Evaluate run "
        + result.runId()
        + ": model "
        + result.modelRunId()
        + " on the "
        + result.split()
        + " split of "
        + result.input()
        + "\n"
        + table.render()
        + String.format(
            Locale.ROOT,
            "accuracy %.4f, ROC-AUC %.4f, PR-AUC %.4f, log loss %.4f, Brier %.4f%n",
            r.value(all, "accuracy"),
            r.value(all, "roc_auc"),
            r.value(all, "pr_auc"),
            r.value(all, "log_loss"),
            r.value(all, "brier"))
        + (result.reportImage() == null ? "" : "report: " + result.reportImage() + "\n")
        + "tables: "
        + result.warehouse()
        + " (query them with: polarity metrics sql \"SELECT ...\")\n";
  }

  private static String f(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }
}
