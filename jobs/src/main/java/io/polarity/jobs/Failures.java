package io.polarity.jobs;

import io.polarity.pipeline.config.InvalidConfigException;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.SparkException;

/** How a failed job is reported: its usage error, or one line naming the root cause. */
final class Failures {
  private Failures() {}

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
