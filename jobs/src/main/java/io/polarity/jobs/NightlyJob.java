package io.polarity.jobs;

import com.typesafe.config.Config;
import io.polarity.model.Nd4jMemory;
import io.polarity.model.nightly.NightlyConfig;
import io.polarity.model.nightly.NightlyLock;
import io.polarity.model.nightly.NightlyResult;
import io.polarity.model.nightly.NightlyRun;
import io.polarity.model.nightly.StageOutcome;
import io.polarity.pipeline.config.ConfigLoader;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code polarity nightly}: the whole batch, incremental, locked, with champion/challenger. */
@Command(
    name = "nightly",
    mixinStandardHelpOptions = true,
    description = {
      "Ingests what is new, preprocesses, trains, evaluates the new model and the champion on the",
      "same held-out reviews, promotes the better one and (nightly.score) scores with it, in one",
      "Spark application. Stages whose inputs and settings did not change are skipped; rerunning",
      "a failed --run-id continues from the stage that failed."
    },
    exitCodeListHeading = "Exit status:%n",
    exitCodeList = {
      "0:done: the challenger was promoted, or the champion kept",
      "1:a stage failed (rerun the same --run-id to continue from it)",
      "2:bad configuration or options; nothing ran",
      "3:another nightly run holds the lock (nightly.concurrency = forbid), or did not stop",
      "4:the new model failed a quality floor (nightly.promotion); the champion stayed"
    })
public final class NightlyJob implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "Run id (nightly.run-id); a failed run's id continues it.")
  String runId;

  @Override
  public Integer call() {
    Config c = ConfigLoader.withFlag(config.load(), NightlyConfig.RUN_ID, runId);
    NightlyConfig nightly = NightlyConfig.from(c);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SparkSession spark = SparkSessions.forTraining(NightlyRun.JOB, Nd4jMemory.from(c));
    try {
      NightlyResult result = new NightlyRun(spark, nightly).run();
      int status = result.belowFloors() ? Polarity.BELOW_FLOORS : 0;
      out.print(summary(result, status));
      out.flush();
      return status;
    } catch (NightlyLock.HeldException e) {
      err.println("polarity nightly " + nightly.runId() + ": " + e.getMessage());
      return Polarity.LOCK_HELD;
    } catch (NightlyRun.StageFailedException e) {
      Failures.log("nightly run " + nightly.runId(), e);
      err.println(
          Failures.terminated("polarity nightly " + nightly.runId())
              .orElse(
                  "polarity nightly "
                      + nightly.runId()
                      + ": "
                      + e.getMessage()
                      + " <- "
                      + Failures.describe(e.getCause())
                      + " (exit "
                      + Polarity.FAILED
                      + "; stack trace in the job log)"));
      return Polarity.FAILED;
    } finally {
      spark.stop();
    }
  }

  static String summary(NightlyResult result, int status) {
    TextTable table = new TextTable("stage", "status", "seconds", "run", "detail");
    table.leftAlign(4);
    for (StageOutcome s : result.stages()) {
      table.row(
          s.stage(),
          s.status(),
          String.format(Locale.ROOT, "%.1f", s.seconds()),
          s.runId(),
          s.detail() == null ? "" : s.detail());
    }
    StringBuilder sb = new StringBuilder();
    sb.append("Nightly run ").append(result.runId()).append('\n').append(table.render());
    result.lockTakeover().ifPresent(t -> sb.append("lock: ").append(t).append('\n'));
    result
        .decision()
        .ifPresent(
            d ->
                sb.append("decision ")
                    .append(d.sequence())
                    .append(": ")
                    .append(d.action())
                    .append(", ")
                    .append(d.reason())
                    .append('\n'));
    sb.append(
        String.format(
            Locale.ROOT,
            "nightly %s: %s; champion %s; %.1f s; exit %d%n",
            result.runId(),
            result.stageLine(),
            result.champion().map(m -> m.runId()).orElse("none"),
            result.seconds(),
            status));
    return sb.toString();
  }
}
