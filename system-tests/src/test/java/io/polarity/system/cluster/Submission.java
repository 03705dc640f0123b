package io.polarity.system.cluster;

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
 * One job submitted as a user would: a submit script of this repository run by bash, in its own
 * working directory, its console captured in a file. {@link #kill()} kills the driver JVM.
 */
final class Submission {
  private final Process process;
  private final Path console;

  private Submission(Process process, Path console) {
    this.process = process;
    this.console = console;
  }

  /** Starts {@code script} (under submit-scripts/) with {@code args} and {@code env}. */
  static Submission start(
      Path repository, String script, List<String> args, Map<String, String> env, Path console) {
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add(repository.resolve("submit-scripts").resolve(script).toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("SPARK_HOME"); // the runtime the build assembled
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    try {
      Files.createDirectories(console.getParent());
      builder.directory(console.getParent().toFile());
      builder.redirectOutput(console.toFile());
      return new Submission(builder.start(), console);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** Waits for the job to end; its exit status. Fails the test if it takes over {@code limit}. */
  int await(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
      kill();
      throw new AssertionError("the job did not end within " + limit + ":\n" + console());
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Kills the driver JVM (and the script around it) at once, as a lost node or OOM killer would.
   */
  void kill() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor();
  }

  /** What the job printed, the last 6,000 characters of it. */
  String console() {
    try {
      String text = Files.readString(console, StandardCharsets.UTF_8);
      return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    } catch (IOException e) {
      return "(no console output: " + e + ")";
    }
  }
}
