package io.polarity.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.polarity.model.nightly.NightlyConfig;
import io.polarity.pipeline.config.ConfigLoader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The scheduler files under submit-scripts/nightly and the configuration they name. */
class SchedulerFilesTest {
  private static final Path NIGHTLY = Path.of("../submit-scripts/nightly");

  @Test
  void theAirflowDagParsesAsPythonAndRunsTheNightlyCommandOnceAtATime() throws Exception {
    Path dag = NIGHTLY.resolve("polarity_nightly_dag.py");
    String text = Files.readString(dag);
    assertThat(text)
        .contains(
            "SparkSubmitOperator(",
            "java_class=\"io.polarity.jobs.Polarity\"",
            "\"nightly\",",
            "\"--conf\",",
            "\"nightly-{{ ds_nodash }}\"",
            "catchup=False,",
            "max_active_runs=1,",
            "\"retries\": 2,");
    assertThat(Polarity.commandLine().getSubcommands()).containsKey("nightly");

    Process python;
    try {
      python =
          new ProcessBuilder(
                  "python3",
                  "-c",
                  "import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])",
                  dag.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      if ("1".equals(System.getenv("POLARITY_REQUIRE_NOTEBOOKS"))) {
        throw new AssertionError("python3 is needed to parse the DAG (CI installs it)", e);
      }
      throw new org.opentest4j.TestAbortedException(
          "python3 is not installed: the Airflow DAG was not parsed", e);
    }
    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).as(output).isZero();
  }

  @Test
  void theCronEntryAndTheShippedNightlyConfigurationAreValid() throws IOException {
    assertThat(Files.readString(NIGHTLY.resolve("crontab")))
        .contains(
            "submit-scripts/polarity nightly --conf conf/nightly.conf --run-id"
                + " \"nightly-$(date -u +\\%Y\\%m\\%d)\"");
    NightlyConfig nightly =
        NightlyConfig.from(
            ConfigLoader.withValue(
                ConfigLoader.load(new File("../conf/nightly.conf")), NightlyConfig.RUN_ID, "n"));
    assertThat(nightly.score()).isTrue();
    assertThat(nightly.concurrency()).isEqualTo(NightlyConfig.Concurrency.FORBID);
    assertThat(nightly.promotion().minimum()).containsEntry("accuracy", 0.85);
    assertThat(nightly.promotion().maximum()).containsEntry("ece", 0.1);
  }
}
