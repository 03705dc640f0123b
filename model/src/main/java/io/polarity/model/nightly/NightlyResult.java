package io.polarity.model.nightly;

import io.polarity.model.registry.ModelRegistry;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a nightly run did: each stage's outcome, the promotion decision (taken tonight or by the
 * earlier run whose inputs were the same), the champion after it, and whether the lock was taken
 * over from a dead run.
 */
public record NightlyResult(
    String runId,
    List<StageOutcome> stages,
    Optional<ModelRegistry.Decision> decision,
    boolean decidedByThisRun,
    Optional<ModelRegistry.Model> champion,
    Optional<String> lockTakeover) {

  /**
   * Whether this run id's challenger failed a quality floor (the champion, if any, stayed); an
   * earlier run's rejection that an unchanged night repeats does not count.
   */
  public boolean belowFloors() {
    return decidedByThisRun
        && decision.map(d -> d.action().equals(ModelRegistry.REJECTED)).orElse(false);
  }

  /** Every stage's outcome and duration, in order, on one line. */
  public String stageLine() {
    return stages.stream().map(StageOutcome::brief).collect(Collectors.joining(", "));
  }

  public double seconds() {
    return stages.stream().mapToDouble(StageOutcome::seconds).sum();
  }
}
