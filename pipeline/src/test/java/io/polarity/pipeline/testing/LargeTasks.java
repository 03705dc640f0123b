package io.polarity.pipeline.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects Spark's warnings about tasks over its recommended size ({@code Stage N contains a task
 * of very large size (X KiB). The maximum recommended task size is 1000 KiB.}), which the scheduler
 * logs when a task's serialised closure and partition exceed 1000 KiB: data that should have
 * travelled as a broadcast or a join. Watch while a stage runs, then assert there were none.
 */
public final class LargeTasks implements AutoCloseable {
  private static final String SCHEDULER = "org.apache.spark.scheduler.TaskSetManager";

  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final LoggerContext context;
  private final Collector collector;
  private final boolean added;

  private LargeTasks() {
    context = (LoggerContext) LogManager.getContext(false);
    Configuration configuration = context.getConfiguration();
    collector = new Collector();
    collector.start();
    added = !configuration.getLoggers().containsKey(SCHEDULER);
    if (added) {
      configuration.addLogger(SCHEDULER, new LoggerConfig(SCHEDULER, Level.WARN, true));
    }
    configuration.getLoggerConfig(SCHEDULER).addAppender(collector, Level.WARN, null);
    context.updateLoggers();
  }

  /** Starts collecting. */
  public static LargeTasks watch() {
    return new LargeTasks();
  }

  /** The warnings seen so far, one line each. */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  public void close() {
    Configuration configuration = context.getConfiguration();
    configuration.getLoggerConfig(SCHEDULER).removeAppender(collector.getName());
    if (added) {
      configuration.removeLogger(SCHEDULER);
    }
    context.updateLoggers();
    collector.stop();
  }

  private final class Collector extends AbstractAppender {
    Collector() {
      super("large-tasks", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      String message = event.getMessage().getFormattedMessage();
      if (message.contains("task of very large size")) {
        warnings.add(message);
      }
    }
  }
}
