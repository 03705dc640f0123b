package io.polarity.jobs;

import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.config.Settings;
import io.polarity.pipeline.ingest.InputFormat;
import io.polarity.pipeline.io.Termination;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The spark-submit main class: {@code polarity <job> [options]} dispatches to one job. */
@Command(
    name = "polarity",
    mixinStandardHelpOptions = true,
    versionProvider = Polarity.Version.class,
    description = "Batch training of review-sentiment models on Apache Spark.",
    subcommands = {
      GenerateJob.class,
      IngestJob.class,
      PreprocessJob.class,
      TrainJob.class,
      EvaluateJob.class,
      ScoreJob.class,
      NightlyJob.class,
      MetricsJob.class,
      ModelsJob.class,
      RunsJob.class,
      InfoJob.class
    })
public final class Polarity implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Exit status of a usage error: a wrong or missing option, configuration value or named input,
   * found before any data is read ({@link InvalidConfigException}).
   */
  static final int USAGE = 2;

  /** Exit status of any other failure: a job that started and failed. */
  static final int FAILED = 1;

  /** Exit status of a nightly run that found another one holding the lock. */
  static final int LOCK_HELD = 3;

  /** Exit status of a nightly run whose new model failed a quality floor (nightly.promotion). */
  static final int BELOW_FLOORS = 4;

  /**
   * Exit status of a job stopped by SIGTERM (128 + 15, as Java exits on it), after recording its
   * run as failed and removing its heartbeat and staging ({@link Termination}).
   */
  static final int TERMINATED = 143;

  public static void main(String[] args) {
    Termination.install();
    int status = commandLine().execute(args);
    if (inYarnApplicationMaster()) {
      // YARN's application master reports the application's outcome when main returns or throws;
      // a System.exit before that reads as a crash ("Shutdown hook called before final status was
      // reported"), even after a job that succeeded. The status reaches spark-submit as the
      // application's final status, and the message as its diagnostics.
      if (status != 0) {
        throw new IllegalStateException(
            "polarity " + String.join(" ", args) + " ended with exit status " + status);
      }
      return;
    }
    System.exit(status);
  }

  /** Whether this driver runs in YARN's application master (YARN's cluster deploy mode). */
  static boolean inYarnApplicationMaster() {
    return "cluster".equals(System.getProperty("spark.submit.deployMode"))
        && System.getProperty("spark.master", "").startsWith("yarn");
  }

  /** The command line with Polarity's error handling: one line for usage errors. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Polarity());
    cli.registerConverter(InputFormat.class, Polarity::inputFormat);
    cli.setParameterExceptionHandler(
        (e, args) -> {
          PrintWriter err = e.getCommandLine().getErr();
          String name = e.getCommandLine().getCommandSpec().qualifiedName();
          err.println(name + ": " + e.getMessage() + " (see " + name + " --help)");
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          String name = commandLine.getCommandSpec().qualifiedName();
          InvalidConfigException usage = Failures.usageError(e);
          if (usage != null) {
            err.println(name + ": " + usage.getMessage());
            return USAGE;
          }
          Failures.log(name, e);
          err.println(
              Failures.terminated(name)
                  .orElse(
                      name + " failed: " + Failures.describe(e) + " (stack trace in the job log)"));
          return FAILED;
        });
    return cli;
  }

  private static InputFormat inputFormat(String value) {
    for (InputFormat format : InputFormat.values()) {
      if (Settings.configName(format).equalsIgnoreCase(value)) {
        return format;
      }
    }
    throw new CommandLine.TypeConversionException(
        "expected one of " + Settings.allowed(InputFormat.class) + " but was '" + value + "'");
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "name a job: generate, ingest, preprocess, train, evaluate, score, nightly, metrics, models,"
            + " runs or info");
  }

  /** The application version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Polarity.class.getPackage().getImplementationVersion();
      return new String[] {"polarity " + (version == null ? "(development build)" : version)};
    }
  }
}
