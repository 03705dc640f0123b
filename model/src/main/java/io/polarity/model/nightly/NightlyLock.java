package io.polarity.model.nightly;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.polarity.pipeline.io.Termination;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock that keeps nightly runs from overlapping: {@code <warehouse>/nightly/lock.json} names
 * its holder (run id, host, process, start), and its modification time is the holder's heartbeat,
 * renewed every heartbeat interval while the run lasts.
 *
 * <p>Taking it is one atomic step: a hard link on a local disk, a rename that refuses an existing
 * target on HDFS. Object stores have neither; there the lock is best effort (a scheduler's own
 * one-active-run setting should be the guard). A lock whose holder is dead, because its heartbeat
 * is older than {@code staleAfter} or because it names a process of this host that no longer
 * exists, is moved aside (one rename, so two runs cannot both take it over) and taken. A run that
 * wants to replace a live holder leaves a request beside the lock; the holder sees it at its next
 * beat and is told to stop.
 */
public final class NightlyLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyLock.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String FILE = "lock.json";
  static final String REPLACE = "lock.replace.json";

  /** Who holds (or asks for) the lock. */
  public record Holder(String runId, String host, long pid, String started) {
    static Holder self(String runId) {
      return new Holder(
          runId, localHost(), ProcessHandle.current().pid(), Instant.now().toString());
    }

    /** Whether this names a process of this host that has ended. */
    boolean deadHere() {
      return host.equals(localHost()) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    @Override
    public String toString() {
      return "nightly run " + runId + " on " + host + " (pid " + pid + "), started " + started;
    }
  }

  /** Thrown when another run holds the lock and this one may not (or could not) replace it. */
  public static final class HeldException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HeldException(String message) {
      super(message);
    }
  }

  /** How the lock was taken: free, or over a dead holder ({@code takenOver} says whose). */
  public record Acquired(Optional<String> takenOver) {}

  private final FileSystem fs;
  private final Path lock;
  private final Path request;
  private final Holder self;
  private final ScheduledExecutorService beats;
  private volatile Acquired acquired;
  private Termination.Registration release;

  private NightlyLock(FileSystem fs, Path directory, Holder self) {
    this.fs = fs;
    this.lock = new Path(directory, FILE);
    this.request = new Path(directory, REPLACE);
    this.self = self;
    this.beats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "polarity-nightly-lock");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Takes the lock under {@code directory} for run {@code runId}, or throws {@link HeldException}
   * naming the live holder. While held, it is beaten every {@code interval}; {@code onStop} is told
   * why whenever another run has asked to replace this one, or took the lock over.
   */
  public static NightlyLock acquire(
      Configuration hadoop,
      String directory,
      String runId,
      NightlyConfig.Concurrency concurrency,
      Duration interval,
      Duration staleAfter,
      Duration replaceWait,
      Consumer<String> onStop) {
    Path dir = new Path(directory);
    FileSystem fs;
    try {
      FileSystem fileSystem = dir.getFileSystem(hadoop);
      fs = fileSystem instanceof LocalFileSystem local ? local.getRaw() : fileSystem;
      fs.mkdirs(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the nightly lock directory " + dir, e);
    }
    NightlyLock lock = new NightlyLock(fs, dir, Holder.self(runId));
    lock.take(concurrency, interval, staleAfter, replaceWait);
    // a JVM stopped by a signal releases the lock, so the next run need not wait for it to go stale
    lock.release = Termination.cleanup("release the nightly lock " + lock.lock, lock::close);
    lock.beats.scheduleWithFixedDelay(
        () -> lock.beat(onStop), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return lock;
  }

  /** Whether the lock was free or taken over, and from whom. */
  public Acquired acquired() {
    return acquired;
  }

  public String path() {
    return lock.toString();
  }

  private void take(
      NightlyConfig.Concurrency concurrency,
      Duration interval,
      Duration staleAfter,
      Duration replaceWait) {
    Instant giveUp = Instant.now().plus(replaceWait);
    boolean asked = false;
    while (true) {
      if (create()) {
        acquired = new Acquired(Optional.empty());
        clearRequests();
        return;
      }
      Optional<FileStatus> status = status();
      if (status.isEmpty()) {
        continue; // released meanwhile
      }
      Instant beat = Instant.ofEpochMilli(status.get().getModificationTime());
      Holder holder = holder();
      long judged = status.get().getModificationTime();
      Duration age = Duration.between(beat, Instant.now());
      boolean dead = age.compareTo(staleAfter) > 0 || (holder != null && holder.deadHere());
      String who = holder == null ? "an unreadable lock " + lock : holder.toString();
      if (dead) {
        if (takeOver(holder, judged)) {
          String note =
              "took over the lock of "
                  + who
                  + ": "
                  + (holder != null && holder.deadHere() && age.compareTo(staleAfter) <= 0
                      ? "its process is gone"
                      : "its last heartbeat came " + age.toSeconds() + " s ago, at " + beat);
          LOG.warn("Nightly run {} {}", self.runId(), note);
          acquired = new Acquired(Optional.of(note));
          clearRequests();
          return;
        }
        continue; // another run moved it first; look again
      }
      if (concurrency == NightlyConfig.Concurrency.FORBID) {
        throw new HeldException(
            "another nightly run holds the lock "
                + lock
                + ": "
                + who
                + ", last heartbeat "
                + age.toSeconds()
                + " s ago (nightly.concurrency = forbid)");
      }
      if (!asked) {
        LOG.info("Nightly run {} asks {} to stop (nightly.concurrency = replace)", self, who);
        asked = true;
      }
      try {
        if (!fs.exists(request)) { // written again should the holder have cleared it meanwhile
          writeJson(request, self, true /* a newer request replaces an older one */);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot ask for the nightly lock at " + request, e);
      }
      if (Instant.now().isAfter(giveUp)) {
        removeOwnRequest();
        throw new HeldException(
            "another nightly run holds the lock "
                + lock
                + " and did not stop within nightly.lock.replace-wait: "
                + who
                + ", last heartbeat "
                + age.toSeconds()
                + " s ago");
      }
      sleep(Math.min(interval.toMillis(), 1000));
    }
  }

  /** Creates the lock naming this run, in one atomic step; false when it exists. */
  private boolean create() {
    Path temporary = new Path(lock.getParent(), ".lock-" + UUID.randomUUID() + ".tmp");
    try {
      if (fs instanceof DistributedFileSystem) {
        writeJson(temporary, self, false);
        boolean moved = fs.rename(temporary, lock); // refuses an existing target
        if (!moved) {
          fs.delete(temporary, false);
        }
        return moved;
      }
      if (fs instanceof RawLocalFileSystem local) {
        writeJson(temporary, self, false);
        try {
          Files.createLink(local.pathToFile(lock).toPath(), local.pathToFile(temporary).toPath());
          return true;
        } catch (FileAlreadyExistsException e) {
          return false;
        } finally {
          fs.delete(temporary, false);
        }
      }
      if (fs.exists(lock)) {
        return false;
      }
      writeJson(lock, self, false);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the nightly lock " + lock, e);
    }
  }

  /**
   * Moves the lock judged dead ({@code judged}: its holder and heartbeat) aside and takes it; false
   * when another run moved it first. Should the file moved be another lock than the one judged
   * (another run took over in between), it is put back.
   */
  private boolean takeOver(Holder judged, long judgedBeat) {
    Path aside = new Path(lock.getParent(), ".lock-stale-" + UUID.randomUUID() + ".json");
    try {
      if (!fs.rename(lock, aside)) {
        return false;
      }
      if (fs.getFileStatus(aside).getModificationTime() != judgedBeat
          || !Objects.equals(readJson(aside), judged)) {
        restore(aside);
        return false;
      }
      fs.delete(aside, false);
      return create();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take over the nightly lock " + lock, e);
    }
  }

  /** Puts a lock moved aside by mistake back, unless a new one was taken meanwhile. */
  private void restore(Path aside) throws IOException {
    boolean back;
    if (fs instanceof RawLocalFileSystem local) {
      try {
        Files.createLink(local.pathToFile(lock).toPath(), local.pathToFile(aside).toPath());
        back = true;
      } catch (FileAlreadyExistsException e) {
        back = false;
      }
    } else {
      back = fs.rename(aside, lock);
    }
    if (!back) {
      LOG.warn("Could not put back the nightly lock moved to {}: a new one was taken", aside);
    }
    fs.delete(aside, false);
  }

  /** Renews the heartbeat, and tells the run to stop when another run asked for the lock. */
  private void beat(Consumer<String> onStop) {
    try {
      Holder now = holder();
      if (now == null || !now.equals(self)) {
        onStop.accept(
            "the nightly lock was taken over by "
                + (now == null ? "another run" : now)
                + " (this run's heartbeat was late)");
        return;
      }
      fs.setTimes(lock, System.currentTimeMillis(), -1);
      if (fs.exists(request)) {
        Holder asking = readJson(request);
        if (asking != null && !asking.equals(self)) {
          onStop.accept("replaced by " + asking + " (nightly.concurrency = replace)");
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Nightly lock heartbeat failed: {}", e.toString());
    }
  }

  /** Stops beating and removes the lock if it still names this run. */
  @Override
  public void close() {
    if (release != null) {
      release.close();
    }
    beats.shutdownNow();
    try {
      beats.awaitTermination(10, TimeUnit.SECONDS);
      if (self.equals(holder())) {
        fs.delete(lock, false);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      // the run's outcome stands; the lock goes stale and the next run takes it over
      LOG.warn("Could not release the nightly lock {}: {}", lock, e.toString());
    }
  }

  /**
   * On taking the lock: any request to replace a holder is spent (a run still waiting writes its
   * own again), and one left by a run that died waiting must not stop this one.
   */
  private void clearRequests() {
    try {
      fs.delete(request, false);
    } catch (IOException e) {
      LOG.warn("Could not remove {}: {}", request, e.toString());
    }
  }

  /** On giving up: removes this run's request, if it is still there. */
  private void removeOwnRequest() {
    try {
      if (fs.exists(request) && self.equals(readJson(request))) {
        fs.delete(request, false);
      }
    } catch (IOException e) {
      LOG.warn("Could not remove {}: {}", request, e.toString());
    }
  }

  private Optional<FileStatus> status() {
    try {
      return Optional.of(fs.getFileStatus(lock));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the nightly lock " + lock, e);
    }
  }

  /** The lock's holder; null when it is gone or unreadable (being written, or damaged). */
  private Holder holder() {
    try {
      return readJson(lock);
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the nightly lock " + lock, e);
    }
  }

  private Holder readJson(Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return JSON.readValue(in, Holder.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }

  private void writeJson(Path path, Holder holder, boolean overwrite) throws IOException {
    try (OutputStream out = fs.create(path, overwrite)) {
      JSON.writeValue(out, holder);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the nightly lock", e);
    }
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }
}
