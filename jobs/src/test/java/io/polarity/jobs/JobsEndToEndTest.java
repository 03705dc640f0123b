package io.polarity.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.polarity.pipeline.testing.LargeTasks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The jobs as spark-submit runs them: each builds its own SparkSession from the {@code spark.*}
 * system properties (here {@code local[2]}) and stops it when done. No stage of any job may exceed
 * Spark's recommended task size.
 */
@ExtendWith(LocalSpark.class)
class JobsEndToEndTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final LargeTasks largeTasks = LargeTasks.watch();

  @AfterEach
  void noTaskOverTheRecommendedSize() {
    largeTasks.close();
    assertThat(largeTasks.warnings()).as("tasks over Spark's recommended size").isEmpty();
  }

  private int run(String... args) {
    CommandLine cli = Polarity.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void runsThePipelineJobByJobAndPrintsTheSummaries() {
    String corpus = dir.resolve("corpus").toString();
    String tables = dir.resolve("tables").toString();
    String warehouse = dir.resolve("warehouse").toString();

    assertThat(
            run(
                "generate",
                "--output",
                corpus,
                "--format",
                "csv",
                "--reviews",
                "300",
                "--seed",
                "5"))
        .as(err.toString())
        .isZero();
    assertThat(
            run(
                "ingest",
                "--input",
                corpus,
                "--format",
                "csv",
                "--source-name",
                "demo",
                "--output",
                tables,
                "--run-id",
                "e2e-1",
                "--warehouse",
                warehouse,
                "--set",
                "ingest.split.test-fraction=0.2"))
        .as(err.toString())
        .isZero();

    assertThat(out.toString())
        .startsWith("Generated 300 csv reviews (seed 5) in " + corpus + "\n")
        .contains("Ingest run e2e-1 -> " + tables + "\n", "source  read  accepted")
        .containsPattern("\\ndemo +300 +\\d+ +0 +\\d+ +\\d+ +\\d+ +\\d+\\n")
        .contains("read = accepted + quarantined + duplicates (checked): 300 = ");

    String features = dir.resolve("features").toString();
    assertThat(
            run(
                "preprocess",
                "--input",
                tables,
                "--output",
                features,
                "--run-id",
                "p-1",
                "--warehouse",
                warehouse))
        .as(err.toString())
        .isZero();
    assertThat(out.toString())
        .contains("Preprocess run p-1 -> " + features + "\n", "split       documents  tokens.mean")
        .containsPattern("vocabulary v-[0-9a-f]{12}: \\d+ ids \\(\\d+ unigrams, n-grams up to 2\\)")
        .contains("labels [negative, positive]")
        .containsPattern("read = featurized \\+ quarantined \\(checked\\): (\\d+) = \\1 \\+ 0\n");

    // the training session uses Kryo with ND4J's registrator
    String models = dir.resolve("models").toString();
    assertThat(
            run(
                "train",
                "--input",
                features,
                "--output",
                models,
                "--warehouse",
                warehouse,
                "--run-id",
                "t-1",
                "--set",
                "train.epochs=1"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString())
        .contains("Train run t-1 -> " + models + "/t-1\n", "epoch  train loss  val loss")
        .containsPattern("best epoch 1: validation accuracy 0\\.\\d{4}, AUC 0\\.\\d{4}\n");
    assertThat(dir.resolve("models/t-1/model.zip")).isRegularFile();

    // evaluate finds the train run in the warehouse; twice, as two runs to compare
    String evaluations = dir.resolve("evaluations").toString();
    for (String id : new String[] {"ev-1", "ev-2"}) {
      assertThat(
              run(
                  "evaluate",
                  "--warehouse",
                  warehouse,
                  "--run-id",
                  id,
                  "--set",
                  "evaluate.output=" + evaluations))
          .as(err.toString())
          .isZero();
    }
    assertThat(out.toString())
        .contains("Evaluate run ev-1: model t-1 on the test split of " + features + "\n")
        .contains("slice ", "reviews  accuracy  macro F1  ROC-AUC     ECE\n")
        .containsPattern("\nall +\\d+ +0\\.\\d{4} +0\\.\\d{4} +0\\.\\d{4} +0\\.\\d{4}\n")
        .contains("report: " + evaluations + "/ev-1/report.png\n");

    out.getBuffer().setLength(0);
    assertThat(
            run(
                "metrics",
                "--warehouse",
                warehouse,
                "sql",
                "SELECT job, run_id, status FROM runs ORDER BY start_time"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString())
        .isEqualTo(
            "job         run_id  status\n"
                + "ingest      e2e-1   succeeded\n"
                + "preprocess  p-1     succeeded\n"
                + "train       t-1     succeeded\n"
                + "evaluate    ev-1    succeeded\n"
                + "evaluate    ev-2    succeeded\n"
                + "5 rows\n");

    out.getBuffer().setLength(0);
    assertThat(
            run(
                "metrics",
                "--warehouse",
                warehouse,
                "sql",
                "--format",
                "csv",
                "SELECT job, count(*) AS n FROM data_quality GROUP BY job ORDER BY job"))
        .isZero();
    assertThat(out.toString()).matches("job,n\ningest,\\d+\npreprocess,\\d+\n");

    out.getBuffer().setLength(0);
    assertThat(run("metrics", "--warehouse", warehouse, "latest")).as(err.toString()).isZero();
    assertThat(out.toString())
        .startsWith("Latest evaluation ev-2 (")
        .contains("): model t-1 on the test split\nmetric    ")
        .containsPattern("\naccuracy +0\\.\\d+\n")
        .endsWith("8 rows\n");

    out.getBuffer().setLength(0);
    assertThat(run("metrics", "--warehouse", warehouse, "compare", "ev-1", "ev-2"))
        .as(err.toString())
        .isZero();
    // the same model on the same data: every difference is zero
    assertThat(out.toString())
        .startsWith("metric  ")
        .containsPattern("\naccuracy +0\\.\\d+ +0\\.\\d+ +0\n");
    assertThat(err.toString()).isEmpty();

    // the registry: no champion, then the trained model by hand; no earlier one to roll back to
    out.getBuffer().setLength(0);
    assertThat(run("models", "--warehouse", warehouse, "list")).as(err.toString()).isZero();
    assertThat(out.toString()).isEqualTo("no champion yet\n");
    // no champion yet: score needs --model
    String scores = dir.resolve("scores").toString();
    err.getBuffer().setLength(0);
    assertThat(run("score", "--warehouse", warehouse, "--input", tables, "--output", scores))
        .isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "polarity score: score.model is empty and the model registry under "
                + warehouse
                + " has no champion yet: pass --model, or promote one with polarity models"
                + " promote\n");
    err.getBuffer().setLength(0);

    out.getBuffer().setLength(0);
    assertThat(
            run(
                "models",
                "--warehouse",
                warehouse,
                "promote",
                models + "/t-1",
                "--reason",
                "the first model"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString())
        .isEqualTo("decision 1: promoted by hand; champion (none) -> t-1 (the first model)\n");
    out.getBuffer().setLength(0);
    assertThat(run("models", "--warehouse", warehouse, "list")).isZero();
    assertThat(out.toString())
        .startsWith("champion: t-1 (file:" + models + "/t-1), since ")
        .containsPattern("\n1  \\S+  promoted by hand  t-1 +t-1 +the first model\n");
    // every review of the ingest output, labelled or not, scored with the champion
    out.getBuffer().setLength(0);
    assertThat(
            run(
                "score",
                "--warehouse",
                warehouse,
                "--input",
                tables,
                "--output",
                scores,
                "--run-id",
                "s-1"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString())
        .containsPattern(
            "^Score run s-1: the champion t-1 scored (\\d+) of \\1 reviews of "
                + java.util.regex.Pattern.quote(tables)
                + "\npredictions: "
                + java.util.regex.Pattern.quote(scores)
                + "/run_date=\\d{4}-\\d{2}-\\d{2}/run_id=s-1\n$");
    out.getBuffer().setLength(0);
    assertThat(
            run(
                "metrics",
                "--warehouse",
                warehouse,
                "sql",
                "--format",
                "csv",
                "SELECT (SELECT count(*) FROM parquet.`"
                    + tables
                    + "/reviews`) AS reviews, count(*) AS scored, count(DISTINCT review_id) AS ids,"
                    + " sum(CASE WHEN predicted IN ('negative', 'positive') THEN 1 END) AS named,"
                    + " min(model_run_id) AS model FROM parquet.`"
                    + scores
                    + "`"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).matches("reviews,scored,ids,named,model\n(\\d+),\\1,\\1,\\1,t-1\n");

    out.getBuffer().setLength(0);
    assertThat(run("runs", "--warehouse", warehouse, "repair")).as(err.toString()).isZero();
    assertThat(out.toString())
        .isEqualTo(
            "no damaged file in the warehouse tables or the registry\n"
                + "no abandoned run: every run recorded as running is still beating\n");
    assertThat(dir.resolve("warehouse/_heartbeats")).isEmptyDirectory();
    assertThat(run("models", "--warehouse", warehouse, "rollback")).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "polarity models rollback: the champion t-1 is the first one: there is no earlier"
                + " champion to roll back to\n");
  }

  @Test
  void aQueryOverAMissingTableIsAOneLineError() {
    assertThat(
            run(
                "metrics",
                "--warehouse",
                dir.resolve("empty").toString(),
                "sql",
                "SELECT * FROM eval_metrics"))
        .isEqualTo(Polarity.USAGE);
    assertThat(err.toString())
        .startsWith(
            "polarity metrics sql: not a valid query over the warehouse "
                + dir.resolve("empty")
                + " (its views: []): [TABLE_OR_VIEW_NOT_FOUND]")
        .hasLineCount(1);
  }

  @Test
  void theMetricsCommandNamesAnUnknownRun() {
    assertThat(run("metrics", "--warehouse", dir.resolve("empty").toString(), "compare", "x", "y"))
        .isEqualTo(Polarity.USAGE);
    assertThat(err.toString())
        .isEqualTo(
            "polarity metrics compare: the warehouse "
                + dir.resolve("empty")
                + " has no eval_metrics table yet: run the jobs (or point --warehouse at their"
                + " warehouse) first\n");
  }

  @Test
  void aMissingInputIsAOneLineErrorNamingThePath() {
    String missing = dir.resolve("nothing-here").toString();

    assertThat(
            run(
                "ingest",
                "--input",
                missing,
                "--format",
                "jsonl",
                "--output",
                dir.resolve("t").toString(),
                "--warehouse",
                dir.resolve("w").toString()))
        .isEqualTo(Polarity.USAGE);
    // the run is on record as failed, with the reason
    assertThat(dir.resolve("w/runs")).isDirectory();
    assertThat(err.toString())
        .isEqualTo(
            "polarity ingest: ingest source 'jsonl': input path does not exist: " + missing + "\n");
  }
}
