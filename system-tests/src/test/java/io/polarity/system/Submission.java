package io.polarity.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One command run as a user runs it: a script of this repository's {@code submit-scripts/} run by
 * bash in its own working directory, its standard output and error captured in files ({@code
 * <name>.out}, {@code <name>.err}). {@link #terminate()} sends SIGTERM to it, {@link #kill()} kills
 * it and everything it started.
 */
public final class Submission {
  private final Process process;
  private final Path out;
  private final Path err;

  private Submission(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /**
   * Starts {@code script} (under submit-scripts/) with {@code args} and {@code env} in {@code
   * workDir}, its output in {@code <workDir>/<name>.out} and {@code .err}. The launcher's Spark
   * runtime is the one the build assembled: {@code SPARK_HOME} is removed unless {@code env} sets
   * it.
   */
  public static Submission start(
      Path repository,
      String script,
      List<String> args,
      Map<String, String> env,
      Path workDir,
      String name) {
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add(repository.resolve("submit-scripts").resolve(script).toString());
    command.addAll(args);
    return command(command, env, workDir, name);
  }

  /** Starts {@code command} as {@link #start} starts a script. */
  public static Submission command(
      List<String> command, Map<String, String> env, Path workDir, String name) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("SPARK_HOME");
    builder.environment().put("POLARITY_SPARK_LINE", SparkLine.name());
    builder.environment().putAll(env);
    try {
      Files.createDirectories(workDir);
      Path out = workDir.resolve(name + ".out");
      Path err = workDir.resolve(name + ".err");
      builder.directory(workDir.toFile());
      builder.redirectOutput(out.toFile());
      builder.redirectError(err.toFile());
      return new Submission(builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /**
   * Waits for the command to end; its exit status. Fails the test if it takes over {@code limit}.
   */
  public int await(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
      kill();
      throw new AssertionError("the command did not end within " + limit + ":\n" + console());
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGTERM, as YARN, Kubernetes and Airflow stop a job (the launcher execs the JVM). */
  public void terminate() {
    process.destroy();
  }

  /**
   * Kills the command and everything it started at once, as a lost node or the OOM killer would.
   */
  public void kill() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor();
  }

  /** What the command printed on standard output. */
  public String out() {
    return read(out);
  }

  /** What the command printed on standard error (the jobs' log lines go there too). */
  public String err() {
    return read(err);
  }

  /** The last line of standard error: where a failed job's one-line reason is. */
  public String lastErrorLine() {
    List<String> lines = err().lines().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  /** Both outputs, the last 6,000 characters of each, for failure messages. */
  public String console() {
    return "stdout:\n" + tail(out()) + "\nstderr:\n" + tail(err());
  }

  private static String tail(String text) {
    return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(nothing: " + e + ")";
    }
  }
}
