package io.polarity.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Option handling; every case here fails or prints help before a SparkSession exists. */
class PolarityCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Polarity.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void printsHelpForEachJob() {
    assertThat(run("ingest", "--help")).isZero();
    assertThat(out.toString())
        .contains(
            "Usage: polarity ingest",
            "--input=PATH",
            "--format=FORMAT",
            "--conf=FILE",
            "--set=KEY=VALUE");
  }

  @Test
  void anUnknownOptionIsOneLineNamingIt() {
    assertThat(run("ingest", "--inptu", "x")).isEqualTo(Polarity.USAGE);
    assertThat(err.toString())
        .isEqualTo(
            "polarity ingest: Unknown options: '--inptu', 'x' (see polarity ingest --help)\n");
  }

  @Test
  void aWrongFormatNamesTheValueAndTheAllowedOnes() {
    assertThat(run("ingest", "--input", "x", "--format", "parquet")).isEqualTo(Polarity.USAGE);
    assertThat(err.toString())
        .isEqualTo(
            "polarity ingest: Invalid value for option '--format': expected one of"
                + " [aclimdb, csv, jsonl, lines] but was 'parquet' (see polarity ingest --help)\n");
  }

  @Test
  void aBadConfigurationValueFailsBeforeSparkStarts() {
    assertThat(
            run("ingest", "--input", "x", "--format", "csv", "--set", "ingest.max-review-chars=0"))
        .isEqualTo(Polarity.USAGE);
    assertThat(err.toString())
        .isEqualTo(
            "polarity ingest: ingest.max-review-chars must be between 1 and 10000000, but was: 0\n");
  }

  @Test
  void formatWithoutInputIsRefused() {
    assertThat(run("ingest", "--format", "csv")).isEqualTo(Polarity.USAGE);
    assertThat(err.toString())
        .isEqualTo(
            "polarity ingest: --format and --source-name go with --input (see polarity ingest --help)\n");
  }

  @Test
  void generateValidatesItsCount() {
    assertThat(run("generate", "--reviews", "0")).isEqualTo(Polarity.USAGE);
    assertThat(err.toString())
        .isEqualTo(
            "polarity generate: generate.reviews must be between 1 and 10000000000, but was: 0\n");
    assertThat(run("generate", "--reviews", "many")).isEqualTo(Polarity.USAGE);
    assertThat(err.toString())
        .contains("Invalid value for option '--reviews': 'many' is not a long");
  }

  @Test
  void preprocessNamesABadSetting() {
    assertThat(run("preprocess", "--set", "preprocess.ngrams=4")).isEqualTo(Polarity.USAGE);
    assertThat(err.toString())
        .isEqualTo("polarity preprocess: preprocess.ngrams must be between 1 and 3, but was: 4\n");
  }

  @Test
  void trainNeedsARunIdToResume() {
    assertThat(run("train", "--resume")).isEqualTo(Polarity.USAGE);
    assertThat(err.toString())
        .isEqualTo(
            "polarity train: --resume needs --run-id of the run to continue (see polarity train --help)\n");
    assertThat(run("train", "--set", "train.spark.averaging-frequency=0"))
        .isEqualTo(Polarity.USAGE);
    assertThat(err.toString())
        .endsWith("train.spark.averaging-frequency must be between 1 and 100000, but was: 0\n");
  }

  @Test
  void noJobIsAUsageError() {
    assertThat(run()).isEqualTo(Polarity.USAGE);
    assertThat(err.toString())
        .isEqualTo(
            "polarity: name a job: generate, ingest, preprocess, train, evaluate, score, nightly, metrics, models, runs or info (see polarity --help)\n");
  }
}
