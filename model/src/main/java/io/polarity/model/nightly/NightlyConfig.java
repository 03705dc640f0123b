package io.polarity.model.nightly;

import com.typesafe.config.Config;
import io.polarity.model.registry.PromotionPolicy;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.config.RunIds;
import io.polarity.pipeline.config.Settings;
import io.polarity.pipeline.warehouse.Heartbeats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Typed configuration of the nightly run, from the {@code nightly} section; the stages read their
 * own sections of the same configuration ({@code root}).
 *
 * @param root the whole configuration (defaults, file, --set, flags), for the stages
 * @param liveness how often the run beats, and when another run counts as abandoned
 * @param staleAfter a lock not beaten for this long is taken over
 * @param replaceWait with {@code replace}: how long to wait for the holder to stop
 * @param evaluationSplit the split both models are scored on; null: test, or validation when the
 *     ingest output has no labelled test review (as evaluate chooses)
 */
public record NightlyConfig(
    Config root,
    String runId,
    Concurrency concurrency,
    String warehouse,
    Heartbeats.Liveness liveness,
    Duration staleAfter,
    Duration replaceWait,
    String evaluationSplit,
    boolean score,
    PromotionPolicy promotion) {

  public static final String SECTION = "nightly";
  public static final String RUN_ID = "nightly.run-id";

  /** Stage run ids are {@code <run-id>.<stage>}; the longest suffix must still fit 100 chars. */
  static final int MAX_RUN_ID = 100 - ".evaluate-champion".length();

  private static final List<String> SPLITS = List.of("train", "validation", "test");

  /** What a nightly run does when another one holds the lock. */
  public enum Concurrency {
    /** Exit with {@code LOCK_HELD}, naming the holder. */
    FORBID,
    /** Ask the holder to stop, wait for it to let go, then run. */
    REPLACE
  }

  public static NightlyConfig from(Config root) {
    Settings s = Settings.of(root, SECTION);
    String runId = RunIds.orGenerate(s, "run-id", "nightly");
    if (runId.length() > MAX_RUN_ID) {
      throw new InvalidConfigException(
          RUN_ID
              + " must be at most "
              + MAX_RUN_ID
              + " characters (its stages run as <run-id>.<stage>), but was: '"
              + runId
              + "' ("
              + runId.length()
              + ")");
    }
    Heartbeats.Liveness liveness = Heartbeats.Liveness.from(root);
    Duration staleAfter = Heartbeats.duration(root, "nightly.lock.stale-after");
    if (staleAfter.compareTo(liveness.interval().multipliedBy(3)) < 0) {
      throw new InvalidConfigException(
          "nightly.lock.stale-after must be at least three heartbeat intervals ("
              + liveness.interval().multipliedBy(3)
              + "), but was "
              + staleAfter);
    }
    String split = s.optionalString("evaluation-split");
    if (split != null && !SPLITS.contains(split)) {
      throw new InvalidConfigException(
          "nightly.evaluation-split must be one of " + SPLITS + " or empty, but was: " + split);
    }
    Settings p = s.section("promotion");
    NightlyConfig nightly =
        new NightlyConfig(
            root,
            runId,
            s.oneOf("concurrency", Concurrency.class),
            Settings.of(root, "warehouse").string("root"),
            liveness,
            staleAfter,
            Heartbeats.duration(root, "nightly.lock.replace-wait"),
            split,
            s.bool("score"),
            new PromotionPolicy(
                p.string("metric"),
                p.doubleIn("margin", 0.0, 1.0e9),
                bounds(p, "minimum"),
                bounds(p, "maximum")));
    // every stage's settings read (and checked) now, before a session starts or a lock is taken
    new NightlyRun.Stages(root, nightly);
    return nightly;
  }

  private static Map<String, Double> bounds(Settings promotion, String name) {
    Map<String, Double> bounds = new TreeMap<>();
    Settings section = promotion.section(name);
    for (String metric : section.raw().root().keySet()) {
      bounds.put(metric, section.doubleIn(metric, -1.0e9, 1.0e9));
    }
    return bounds;
  }

  /** The run id of one of this run's stages. */
  public String stageRunId(String stage) {
    return runId + "." + stage;
  }
}
