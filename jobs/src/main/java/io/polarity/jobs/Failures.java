package io.polarity.jobs;

import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.io.Termination;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.SparkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a failed job is reported: its usage error, or one line naming the root cause on the console
 * and the stack trace in the job log (this class's logger writes to the log file only: {@code
 * conf/log4j2.properties}).
 */
final class Failures {
  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

  private Failures() {}

  /**
   * The one line of a job stopped by a signal ({@link Termination}), whatever exception its stage
   * ended with; empty when no signal came.
   */
  static Optional<String> terminated(String name) {
    return Termination.signal()
        .map(
            signal ->
                name
                    + ": terminated by signal "
                    + signal
                    + "; the run is recorded as failed (stack trace in the job log)");
  }

  /** Writes {@code what} failed, with the stack trace, to the job log. */
  static void log(String what, Throwable e) {
    LOG.error("{} failed", what, e);
  }

  /**
   * The usage error behind {@code e} (itself or a cause), or null when it is not one. One thrown
   * inside a Spark task (under a {@link SparkException}) was found while running: not a usage
   * error.
   */
  static InvalidConfigException usageError(Throwable e) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = e;
        t != null && !(t instanceof SparkException) && seen.add(t);
        t = t.getCause()) {
      if (t instanceof InvalidConfigException usage) {
        return usage;
      }
    }
    return null;
  }

  /**
   * One line: the exception and, when the innermost cause differs, that cause too ("SparkException:
   * Job aborted ... <- EOFException: Unexpected end of input stream"). An exception without a
   * message is named by its class and the place it was thrown, so the line always says what failed.
   */
  static String describe(Throwable e) {
    Throwable root = e;
    Set<Throwable> seen = new HashSet<>();
    while (root.getCause() != null && seen.add(root)) {
      root = root.getCause();
    }
    String outer = oneLine(e);
    return root == e || outer.contains(oneLine(root)) ? outer : outer + " <- " + oneLine(root);
  }

  private static String oneLine(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      StackTraceElement[] trace = t.getStackTrace();
      return t.getClass().getName()
          + (trace.length == 0 ? "" : " at " + trace[0])
          + " (no message)";
    }
    String first = message.strip().lines().findFirst().orElse("");
    if (first.length() > 500) {
      first = first.substring(0, 500) + "...";
    }
    return t.getClass().getSimpleName() + ": " + first;
  }
}
