package io.polarity.pipeline.io;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * What a job does when its JVM is told to stop while it runs: YARN, Kubernetes and Airflow stop a
 * job with SIGTERM (a cancel, a timeout, an eviction), and a user with Ctrl-C.
 *
 * <p>Running work registers two kinds of action. A <em>stopper</em> ({@link Steps}: cancel the
 * stage's Spark jobs) is run again and again after the signal until it is closed, so the stage
 * fails at once rather than at its end, even when it starts a new Spark job meanwhile; the stage's
 * own failure path then does what it does on any failure, on its own thread: the run is recorded as
 * failed with "terminated by signal" ({@link #signal()}), the heartbeat and the staging directory
 * are removed, a nightly run releases its lock. A <em>cleanup</em> is that same undoing, registered
 * as a fallback: whatever is still registered when the failure path has not finished within {@link
 * #BOUND} is run by the shutdown hook itself, newest first. Then the JVM exits with 128 + the
 * signal's number (143 for SIGTERM), as Java does.
 *
 * <p>The hook runs in Hadoop's shutdown hook manager above Spark's own hooks, so the SparkContext
 * is still alive while it runs, and that manager stops it after a timeout: a stage that ignores the
 * cancel, or a second signal, cannot keep the JVM from exiting.
 */
public final class Termination {
  private static final Logger LOG = LoggerFactory.getLogger(Termination.class);

  /** How long the hook waits for the failure path, then for the fallbacks. */
  public static final Duration BOUND = Duration.ofSeconds(20);

  /** Above Spark's shutdown hooks (registered at Hadoop's priority 40), which stop the context. */
  private static final int PRIORITY = 100;

  private static final Duration POLL = Duration.ofMillis(200);

  private static final AtomicReference<String> SIGNAL = new AtomicReference<>();
  private static final AtomicLong NEXT = new AtomicLong();
  private static final Map<Long, Action> STOPPERS = new ConcurrentHashMap<>();
  private static final Map<Long, Action> CLEANUPS = new ConcurrentHashMap<>();
  private static volatile boolean installed;

  private Termination() {}

  private record Action(String what, Runnable run) {}

  /**
   * Installs the signal handlers (SIGTERM, SIGINT) and the shutdown hook; called once by the jobs'
   * main. Library code registers its actions whether or not this ran.
   */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    for (String name : List.of("TERM", "INT")) {
      Signal signal = new Signal(name);
      AtomicReference<sun.misc.SignalHandler> previous = new AtomicReference<>();
      previous.set(
          Signal.handle(
              signal,
              s -> {
                SIGNAL.compareAndSet(null, "SIG" + s.getName());
                previous.get().handle(s); // Java's own: shut down, exit 128 + the number
              }));
    }
    ShutdownHookManager.get()
        .addShutdownHook(
            Termination::onShutdown,
            PRIORITY,
            BOUND.multipliedBy(2).plusSeconds(5).toSeconds(),
            TimeUnit.SECONDS);
  }

  /** The signal that stopped this JVM ({@code SIGTERM}, {@code SIGINT}), once one has. */
  public static Optional<String> signal() {
    return Optional.ofNullable(SIGNAL.get());
  }

  /**
   * Fails with a {@link TerminatedException} once a signal arrived: for loops that start new work
   * (stage steps, training rounds).
   */
  public static void check() {
    String signal = SIGNAL.get();
    if (signal != null) {
      throw new TerminatedException(signal);
    }
  }

  /** Thrown where work would start after the JVM was told to stop. */
  public static final class TerminatedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TerminatedException() {
      this(signal().orElse("(none)"));
    }

    TerminatedException(String signal) {
      super("terminated by signal " + signal);
    }
  }

  /** Registers {@code stop}, run repeatedly after a signal until the returned handle is closed. */
  public static Registration stopper(String what, Runnable stop) {
    return register(STOPPERS, what, stop);
  }

  /**
   * Registers {@code undo}, run by the shutdown hook when its owner's failure path has not closed
   * the returned handle within {@link #BOUND} of a signal.
   */
  public static Registration cleanup(String what, Runnable undo) {
    return register(CLEANUPS, what, undo);
  }

  /** A registered action; closing it removes it (the owner finished, or undid it itself). */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  private static Registration register(Map<Long, Action> actions, String what, Runnable run) {
    long id = NEXT.incrementAndGet();
    actions.put(id, new Action(what, run));
    return () -> actions.remove(id);
  }

  private static void onShutdown() {
    if (CLEANUPS.isEmpty() && STOPPERS.isEmpty()) {
      return; // nothing running: a normal exit
    }
    SIGNAL.compareAndSet(null, "(JVM shutdown)");
    LOG.warn(
        "Stopping on {}: cancelling the running stage; then {}", SIGNAL.get(), describe(CLEANUPS));
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!CLEANUPS.isEmpty() && System.nanoTime() < deadline) {
      for (Action stop : List.copyOf(STOPPERS.values())) {
        run(stop);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    List<Long> left = new ArrayList<>(CLEANUPS.keySet());
    left.sort((a, b) -> Long.compare(b, a)); // newest first: staging before its run's record
    for (Long id : left) {
      Action undo = CLEANUPS.remove(id);
      if (undo != null) {
        LOG.warn(
            "The stage did not end within {} s of {}: {}", BOUND.toSeconds(), SIGNAL, undo.what());
        run(undo);
      }
    }
  }

  private static void run(Action action) {
    try {
      action.run().run();
    } catch (RuntimeException e) { // the others must still run, and the JVM still exit
      LOG.warn("{} failed while stopping: {}", action.what(), e.toString());
    }
  }

  private static String describe(Map<Long, Action> actions) {
    List<String> names = actions.values().stream().map(Action::what).toList();
    return names.isEmpty() ? "nothing to undo" : String.join("; ", names);
  }
}
