package io.polarity.system.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.polarity.system.SparkLine;
import io.polarity.system.Submission;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code submit-scripts/polarity} as a user does: a JVM of its own on the Spark runtime and
 * app jar the build assembled, in local mode with two cores ({@code local[2]}, the UI off), its
 * output kept under {@code target/launcher/<test>/} for when a test fails.
 */
final class Launcher {
  static final Duration LIMIT = Duration.ofMinutes(5);

  /** What one launch did: its exit status, standard output and standard error. */
  record Run(int status, String out, String err, String lastErrorLine) {
    /** The status and stderr's last line, for messages. */
    String brief() {
      return "exit " + status + ": " + lastErrorLine;
    }
  }

  private final Path repository;
  private final Path work;
  private final Map<String, String> env = new HashMap<>();
  private final List<String> spark = new ArrayList<>();
  private int launched;

  /** A launcher whose JVMs run in {@code target/launcher/<name>/}. */
  Launcher(String name) {
    this.repository =
        Path.of(System.getProperty("polarity.home", "..")).toAbsolutePath().normalize();
    assertThat(SparkLine.appJar(repository))
        .as("the app jar (mvn package builds it before this module)")
        .exists();
    assertThat(SparkLine.sparkHome(repository).resolve("jars"))
        .as("the Spark runtime")
        .isDirectory();
    this.work = Path.of("target/launcher").resolve(name).toAbsolutePath();
    try {
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("POLARITY_DRIVER_MEMORY", "2g");
    spark.addAll(
        List.of(
            "--master",
            "local[2]",
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.sql.shuffle.partitions=4"));
  }

  Path repository() {
    return repository;
  }

  /** Adds the jar to every launch's classpath ({@code --jars}): a test's own file system. */
  Launcher withJar(Path jar, String sparkSetting) {
    env.put("POLARITY_EXTRA_JARS", jar.toString());
    spark.addAll(List.of("--conf", sparkSetting));
    return this;
  }

  /** Starts {@code polarity args...}; the caller waits for it. */
  Submission start(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(spark);
    String name = String.format("%02d-%s", ++launched, args.length == 0 ? "none" : args[0]);
    return Submission.start(repository, "polarity", all, env, work, name);
  }

  /**
   * Starts {@code polarity args...} inside {@code wrapper}: a command (such as {@code unshare})
   * whose arguments end with a shell script, run with the launcher's path and then {@code args} as
   * its positional parameters ({@code "$0"} is the launcher: {@code bash "$0" "$@"} runs it).
   */
  Submission startWrapped(List<String> wrapper, String... args) {
    List<String> command = new ArrayList<>(wrapper);
    command.add(repository.resolve("submit-scripts/polarity").toString());
    command.addAll(List.of(args));
    command.addAll(spark);
    String name = String.format("%02d-%s", ++launched, args.length == 0 ? "none" : args[0]);
    return Submission.command(command, env, work, name);
  }

  /** Runs {@code polarity args...} to its end. */
  Run run(String... args) {
    return await(start(args));
  }

  /** Waits for a started launch to end. */
  static Run await(Submission submission) {
    try {
      int status = submission.await(LIMIT);
      return new Run(status, submission.out(), submission.err(), submission.lastErrorLine());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Waits until the started launch printed {@code text} on stderr (its log), while it runs. */
  static void awaitLog(Submission job, String text) {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!job.err().contains(text)) {
      assertThat(job.isAlive())
          .as("ended before logging '" + text + "':\n" + job.console())
          .isTrue();
      assertThat(System.nanoTime()).as("waiting for '" + text + "'").isLessThan(deadline);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** Runs {@code polarity args...}, which must succeed. */
  Run succeed(String... args) {
    Run r = run(args);
    assertThat(r.status()).as(r.err()).isZero();
    return r;
  }
}
