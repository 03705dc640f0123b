package io.polarity.model.nightly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NightlyLockTest {
  private static final Duration BEAT = Duration.ofMillis(200);
  private static final Duration STALE = Duration.ofMinutes(10);

  @TempDir Path dir;
  private final List<String> stops = new CopyOnWriteArrayList<>();

  private NightlyLock acquire(String runId, NightlyConfig.Concurrency concurrency) {
    return NightlyLock.acquire(
        new Configuration(),
        dir.toString(),
        runId,
        concurrency,
        BEAT,
        STALE,
        Duration.ofMinutes(1),
        stops::add);
  }

  private void writeLock(String runId, String host, long pid, Instant beat) throws IOException {
    Path lock = dir.resolve(NightlyLock.FILE);
    new ObjectMapper()
        .writeValue(
            lock.toFile(), new NightlyLock.Holder(runId, host, pid, "2026-11-25T01:00:00Z"));
    Files.setLastModifiedTime(lock, FileTime.from(beat));
  }

  @Test
  void aSecondRunIsRefusedWithTheHolderNamedAndTheLockIsFreedOnClose() throws IOException {
    try (NightlyLock first = acquire("night-1", NightlyConfig.Concurrency.FORBID)) {
      assertThat(first.acquired().takenOver()).isEmpty();
      assertThat(Files.readString(dir.resolve(NightlyLock.FILE))).contains("\"night-1\"");
      assertThatThrownBy(() -> acquire("night-2", NightlyConfig.Concurrency.FORBID))
          .isInstanceOf(NightlyLock.HeldException.class)
          .hasMessageContaining("another nightly run holds the lock " + first.path())
          .hasMessageContaining(
              "nightly run night-1 on "
                  + java.net.InetAddress.getLocalHost().getHostName()
                  + " (pid "
                  + ProcessHandle.current().pid()
                  + "), started ")
          .hasMessageEndingWith("s ago (nightly.concurrency = forbid)");
    }
    assertThat(dir.resolve(NightlyLock.FILE)).doesNotExist();
    try (NightlyLock again = acquire("night-2", NightlyConfig.Concurrency.FORBID)) {
      assertThat(again.acquired().takenOver()).isEmpty();
    }
    assertThat(stops).isEmpty();
  }

  @Test
  void aLockWithAnOldHeartbeatIsTakenOverAndItsHolderIsTold() throws IOException {
    writeLock("night-0", "gone-host", 4242, Instant.now().minus(Duration.ofHours(1)));
    try (NightlyLock lock = acquire("night-1", NightlyConfig.Concurrency.FORBID)) {
      assertThat(lock.acquired().takenOver())
          .hasValueSatisfying(
              note ->
                  assertThat(note)
                      .startsWith(
                          "took over the lock of nightly run night-0 on gone-host (pid 4242),"
                              + " started 2026-11-25T01:00:00Z: its last heartbeat came 36")
                      .contains(" s ago, at "));
      assertThat(Files.readString(dir.resolve(NightlyLock.FILE))).contains("\"night-1\"");
    }
  }

  @Test
  void aLockOfAnEndedProcessOnThisHostIsTakenOverAtOnce() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    assertThat(ended.waitFor(30, TimeUnit.SECONDS)).isTrue();
    writeLock(
        "night-0",
        java.net.InetAddress.getLocalHost().getHostName(),
        ended.pid(),
        Instant.now() /* a fresh heartbeat */);
    try (NightlyLock lock = acquire("night-1", NightlyConfig.Concurrency.FORBID)) {
      assertThat(lock.acquired().takenOver())
          .hasValueSatisfying(note -> assertThat(note).endsWith(": its process is gone"));
    }
  }

  @Test
  void replaceAsksTheHolderToStopAndWaitsForIt() throws Exception {
    NightlyLock first = acquire("night-1", NightlyConfig.Concurrency.FORBID);
    CompletableFuture<NightlyLock> second =
        CompletableFuture.supplyAsync(() -> acquire("night-2", NightlyConfig.Concurrency.REPLACE));
    // the holder hears of the request at its next beat; it stops as a run would, by letting go
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (stops.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(stops).isNotEmpty();
    assertThat(stops.get(0))
        .startsWith("replaced by nightly run night-2 on ")
        .endsWith("(nightly.concurrency = replace)");
    assertThat(second).isNotDone();
    first.close();
    try (NightlyLock taken = second.get(30, TimeUnit.SECONDS)) {
      assertThat(taken.acquired().takenOver()).isEmpty();
      assertThat(Files.readString(dir.resolve(NightlyLock.FILE))).contains("\"night-2\"");
    }
    assertThat(dir.resolve(NightlyLock.REPLACE)).doesNotExist();
  }
}
