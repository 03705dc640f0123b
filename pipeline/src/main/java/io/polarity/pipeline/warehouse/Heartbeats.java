package io.polarity.pipeline.warehouse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.io.Termination;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeats of running jobs: while a run is recorded as running, its driver rewrites {@code
 * <warehouse>/_heartbeats/<run-id>} every {@code interval}; the file's modification time is the
 * last beat, its text names the host and process. A run still {@code running} whose last beat (or
 * start, without a file) is older than {@code abandonedAfter} lost its driver.
 */
public final class Heartbeats {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);
  static final String DIRECTORY = "_heartbeats";

  /** How often a run beats, and after how long without a beat it counts as abandoned. */
  public record Liveness(Duration interval, Duration abandonedAfter) {
    public static final Liveness DEFAULT =
        new Liveness(Duration.ofSeconds(30), Duration.ofMinutes(10));

    public Liveness {
      if (interval.isNegative() || interval.isZero()) {
        throw new InvalidConfigException(
            "warehouse.heartbeat-interval must be positive, but was " + interval);
      }
      if (abandonedAfter.compareTo(interval.multipliedBy(3)) < 0) {
        throw new InvalidConfigException(
            "warehouse.abandoned-after must be at least three heartbeat intervals ("
                + interval.multipliedBy(3)
                + "), but was "
                + abandonedAfter);
      }
    }

    /** {@code warehouse.heartbeat-interval} and {@code warehouse.abandoned-after}. */
    public static Liveness from(Config config) {
      return new Liveness(
          duration(config, "warehouse.heartbeat-interval"),
          duration(config, "warehouse.abandoned-after"));
    }
  }

  /** The duration at {@code key}, e.g. 30s or 10m; a missing or malformed one names the key. */
  public static Duration duration(Config config, String key) {
    try {
      return config.getDuration(key);
    } catch (ConfigException.Missing e) {
      throw new InvalidConfigException(key + " must be set", e);
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      throw new InvalidConfigException(
          key + " must be a duration such as 30s or 10m, but was: " + config.getValue(key).render(),
          e);
    }
  }

  /** A run's last beat: when, and from which host and process (null when unreadable). */
  public record Beat(Instant at, String from) {}

  private final Path directory;
  private final org.apache.hadoop.conf.Configuration hadoop;
  private final Liveness liveness;

  public Heartbeats(
      org.apache.hadoop.conf.Configuration hadoop, String warehouseRoot, Liveness liveness) {
    this.hadoop = hadoop;
    this.directory = new Path(warehouseRoot, DIRECTORY);
    this.liveness = liveness;
  }

  public Liveness liveness() {
    return liveness;
  }

  /** Beats for {@code runId} now and every interval until closed; closing removes the file. */
  public AutoCloseable start(String runId) {
    beat(runId);
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "polarity-heartbeat-" + runId);
              t.setDaemon(true); // never keeps a finished driver alive
              return t;
            });
    long every = liveness.interval().toMillis();
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            beat(runId);
          } catch (RuntimeException e) {
            // a missed beat is not the run's failure; enough of them make it look abandoned
            LOG.warn("Heartbeat of run {} not written: {}", runId, e.toString());
          }
        },
        every,
        every,
        TimeUnit.MILLISECONDS);
    // a JVM stopped by a signal leaves no heartbeat that says its run is alive
    Termination.Registration fallback =
        Termination.cleanup("remove the heartbeat of run " + runId, () -> remove(runId));
    return () -> {
      fallback.close();
      timer.shutdownNow();
      try {
        timer.awaitTermination(every, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      remove(runId);
    };
  }

  /** Writes the run's heartbeat now. */
  void beat(String runId) {
    Path file = new Path(directory, runId);
    try (OutputStream out = fs().create(file, true /* overwrite */)) {
      out.write(whoAmI().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the heartbeat " + file, e);
    }
  }

  /** The run's last beat, or empty when it has no heartbeat file. */
  public Optional<Beat> last(String runId) {
    Path file = new Path(directory, runId);
    try {
      FileSystem fs = fs();
      FileStatus status = fs.getFileStatus(file);
      String from;
      try (var in = fs.open(file)) {
        from = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      } catch (IOException unreadable) {
        from = null; // being rewritten or just removed: the time still tells
      }
      return Optional.of(new Beat(Instant.ofEpochMilli(status.getModificationTime()), from));
    } catch (FileNotFoundException e) {
      return Optional.empty(); // never written, or removed by its run as it ended
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the heartbeat " + file, e);
    }
  }

  /** Removes the run's heartbeat file, if any. */
  public void remove(String runId) {
    Path file = new Path(directory, runId);
    try {
      fs().delete(file, false);
    } catch (IOException e) {
      LOG.warn("Heartbeat {} not removed: {}", file, e.toString());
    }
  }

  private FileSystem fs() throws IOException {
    return directory.getFileSystem(hadoop);
  }

  private static String whoAmI() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown host";
    }
    return "host " + host + ", process " + ManagementFactory.getRuntimeMXBean().getPid();
  }
}
