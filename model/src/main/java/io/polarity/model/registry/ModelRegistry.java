package io.polarity.model.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.polarity.model.evaluate.ModelArtifact;
import io.polarity.model.train.ModelStore;
import io.polarity.pipeline.config.InvalidConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Which trained model is the champion, and every decision that made it so, under {@code
 * <warehouse>/registry}:
 *
 * <ul>
 *   <li>{@code champion.json}: the pointer readers trust. It is replaced in one step (a rename over
 *       the old file), so it is never missing or half-written, and it carries the champions before
 *       it, so that a rollback knows where to go.
 *   <li>{@code decisions/NNNNNNNN.json}: one file per decision (a challenger promoted, kept out, or
 *       below the quality bounds; a promotion by hand; a rollback), written before the pointer
 *       moves and never rewritten. A decision whose pointer move never happened (the process died
 *       in between) is reported as not applied.
 * </ul>
 *
 * <p>One writer at a time: two processes deciding at the same moment could both take the next
 * decision number. The nightly run's lock is to serialise the automatic decisions; promotions and
 * rollbacks by hand should not run beside it.
 */
public final class ModelRegistry {
  static final String CHAMPION = "champion.json";
  static final String DECISIONS = "decisions";

  /** Decision actions. */
  public static final String PROMOTED = "promoted";

  public static final String KEPT = "kept";
  public static final String REJECTED = "rejected";
  public static final String PROMOTED_BY_HAND = "promoted by hand";
  public static final String ROLLED_BACK = "rolled back";

  private final ModelStore store;
  private final Configuration hadoop;

  /**
   * Where {@link #repair()} moves damaged registry files: below the warehouse's {@code _damaged}.
   */
  private final String damaged;

  public ModelRegistry(Configuration hadoop, String warehouseRoot) {
    this.hadoop = hadoop;
    this.store = new ModelStore(hadoop, warehouseRoot + "/registry");
    this.damaged = warehouseRoot + "/_damaged/registry";
  }

  /** Thrown when a registry file cannot be read; its message names the command that recovers. */
  public static final class DamagedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    DamagedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A model as the registry knows it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Model(String runId, String directory, String vocabularyVersion) {}

  /** The pointer: the champion, when and by which decision it became one, and those before it. */
  public record Champion(Model model, String since, long decision, List<Model> previous) {}

  /** One decision, as recorded. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Decision(
      long sequence,
      String at,
      String action,
      Model challenger,
      String championBefore,
      String championAfter,
      String metric,
      Map<String, Double> challengerScores,
      Map<String, Double> championScores,
      String reason) {

    /** Whether this decision moved the champion. */
    public boolean changesChampion() {
      return championAfter != null && !championAfter.equals(championBefore);
    }
  }

  /** A decision with whether its pointer move happened (always true for the others). */
  public record Entry(Decision decision, boolean applied) {}

  public Optional<Champion> champion() {
    if (!store.exists(CHAMPION)) {
      return Optional.empty();
    }
    try {
      return Optional.of(store.readJson(CHAMPION, Champion.class));
    } catch (UncheckedIOException e) {
      throw new DamagedException(
          "the champion pointer "
              + store.path(CHAMPION)
              + " cannot be read ("
              + rootCause(e)
              + "): `polarity runs repair` rebuilds it from the decisions",
          e);
    }
  }

  /**
   * Every decision, oldest first. A decision that moves the champion counts as applied when the
   * pointer names it, or when the next such decision started from the champion it chose.
   */
  public List<Entry> history() {
    long pointer = champion().map(Champion::decision).orElse(0L);
    List<Decision> all = decisions();
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Decision d = all.get(i);
      boolean applied = !d.changesChampion() || d.sequence() == pointer;
      for (int j = i + 1; j < all.size() && !applied; j++) {
        Decision later = all.get(j);
        if (later.changesChampion()) {
          applied = d.championAfter().equals(later.championBefore());
          break;
        }
      }
      entries.add(new Entry(d, applied));
    }
    return entries;
  }

  /**
   * Decides whether {@code challenger}, scored {@code challengerScores}, replaces the champion,
   * whose scores on the same data are {@code championScores} (null without a champion), records the
   * decision and moves the pointer when it does.
   */
  public Decision consider(
      Model challenger,
      Map<String, Double> challengerScores,
      Map<String, Double> championScores,
      PromotionPolicy policy) {
    Optional<Champion> champion = champion();
    if (champion.isPresent() && championScores == null) {
      throw new IllegalArgumentException(
          "the champion " + champion.get().model().runId() + " must be scored on the same data");
    }
    PromotionPolicy.Verdict verdict =
        policy.decide(challengerScores, champion.isPresent() ? championScores : null);
    String action = verdict.promote() ? PROMOTED : verdict.belowBounds() ? REJECTED : KEPT;
    return record(
        champion,
        action,
        challenger,
        verdict.promote() ? challenger : null,
        policy.metric(),
        challengerScores,
        championScores,
        verdict.reason());
  }

  /** The trained model in {@code directory}, as the registry names it. */
  public Model model(String directory) {
    // qualified, so that every reader resolves the pointer to the same place
    ModelArtifact artifact = ModelArtifact.load(hadoop, qualified(directory));
    return new Model(artifact.runId(), artifact.directory(), artifact.vocabularyVersion());
  }

  /** Makes the model in {@code directory} the champion by hand, whatever its scores. */
  public Decision promote(String directory, String reason) {
    Model model = model(directory);
    return record(champion(), PROMOTED_BY_HAND, model, model, null, null, null, reason);
  }

  /** Points the champion back to the one before it. */
  public Decision rollback(String reason) {
    Champion current =
        champion()
            .orElseThrow(
                () -> new InvalidConfigException("there is no champion to roll back from"));
    if (current.previous().isEmpty()) {
      throw new InvalidConfigException(
          "the champion "
              + current.model().runId()
              + " is the first one: there is no earlier champion to roll back to");
    }
    Model back = current.previous().get(current.previous().size() - 1);
    return record(Optional.of(current), ROLLED_BACK, null, back, null, null, null, reason);
  }

  /** Records a decision taken against the champion {@code before}, then moves the pointer. */
  private Decision record(
      Optional<Champion> before,
      String action,
      Model challenger,
      Model newChampion,
      String metric,
      Map<String, Double> challengerScores,
      Map<String, Double> championScores,
      String reason) {
    String beforeId = before.map(c -> c.model().runId()).orElse(null);
    long sequence = nextSequence();
    Decision decision =
        new Decision(
            sequence,
            Instant.now().toString(),
            action,
            challenger,
            beforeId,
            newChampion == null ? beforeId : newChampion.runId(),
            metric,
            challengerScores,
            championScores,
            reason);
    String name = DECISIONS + "/" + String.format("%08d", sequence) + ".json";
    if (store.exists(name)) {
      throw new IllegalStateException(
          "decision " + store.path(name) + " exists already: another process decided meanwhile");
    }
    store.writeJson(name, decision);
    if (newChampion != null) {
      List<Model> previous = new ArrayList<>(before.map(Champion::previous).orElse(List.of()));
      if (action.equals(ROLLED_BACK)) {
        previous.remove(previous.size() - 1);
      } else if (before.isPresent() && !newChampion.runId().equals(beforeId)) {
        previous.add(before.get().model());
      }
      store.writeJson(
          CHAMPION, new Champion(newChampion, decision.at(), sequence, List.copyOf(previous)));
    }
    return decision;
  }

  private String qualified(String directory) {
    Path path = new Path(directory);
    try {
      return path.getFileSystem(hadoop).makeQualified(path).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + directory, e);
    }
  }

  /**
   * One past the highest decision number, read from the file names (NNNNNNNN.json), those moved
   * aside as damaged included, so that no number is taken twice.
   */
  private long nextSequence() {
    long highest = 0;
    List<String> names = new ArrayList<>(store.files(DECISIONS));
    names.addAll(new ModelStore(hadoop, damaged).files(DECISIONS));
    for (String name : names) {
      if (name.matches("\\d+\\.json")) {
        highest = Math.max(highest, Long.parseLong(name.substring(0, name.indexOf('.'))));
      }
    }
    return highest + 1;
  }

  private List<Decision> decisions() {
    List<Decision> all = new ArrayList<>();
    for (String name : decisionFiles()) {
      try {
        all.add(readDecision(name));
      } catch (UncheckedIOException e) {
        throw new DamagedException(
            "the decision "
                + store.path(DECISIONS + "/" + name)
                + " cannot be read ("
                + rootCause(e)
                + "): `polarity runs repair` moves it aside into "
                + damaged
                + "/"
                + DECISIONS
                + " (then `polarity models list` shows the rest, and `polarity models rollback`"
                + " or `promote` set the champion if it is not the one you want)",
            e);
      }
    }
    all.sort(Comparator.comparingLong(Decision::sequence));
    return all;
  }

  private List<String> decisionFiles() {
    return store.files(DECISIONS).stream()
        .filter(name -> name.endsWith(".json") && !name.startsWith("."))
        .sorted()
        .toList();
  }

  private Decision readDecision(String name) {
    return store.readJson(DECISIONS + "/" + name, Decision.class);
  }

  /**
   * Moves the decisions that cannot be read aside into {@code <warehouse>/_damaged/registry/}, and
   * when the champion pointer cannot be read, moves it aside too and rebuilds it by replaying the
   * decisions that remain (each promotion makes its model champion, each rollback returns to the
   * one before); returns one line per thing done. A decision taken just before a crash, whose
   * pointer move never happened, counts as applied in a rebuilt pointer.
   */
  public List<String> repair() {
    List<String> done = new ArrayList<>();
    for (String name : decisionFiles()) {
      try {
        readDecision(name);
      } catch (UncheckedIOException e) {
        String target = damaged + "/" + DECISIONS + "/" + name;
        store.moveOut(DECISIONS + "/" + name, target);
        done.add(
            "moved the damaged decision "
                + store.path(DECISIONS + "/" + name)
                + " ("
                + rootCause(e)
                + ") to "
                + target);
      }
    }
    if (store.exists(CHAMPION)) {
      try {
        store.readJson(CHAMPION, Champion.class);
      } catch (UncheckedIOException e) {
        String target = damaged + "/" + CHAMPION;
        store.moveOut(CHAMPION, target);
        done.add(
            "moved the damaged champion pointer "
                + store.path(CHAMPION)
                + " ("
                + rootCause(e)
                + ") to "
                + target);
        Optional<Champion> rebuilt = replay(decisions());
        if (rebuilt.isPresent()) {
          store.writeJson(CHAMPION, rebuilt.get());
          done.add(
              "rebuilt the champion pointer from the decisions: "
                  + rebuilt.get().model().runId()
                  + " (decision "
                  + rebuilt.get().decision()
                  + ")");
        } else {
          done.add("no decision names a champion: the registry has none until one is promoted");
        }
      }
    }
    return done;
  }

  /** The champion the decisions lead to, each one applied in turn as {@link #record} does. */
  static Optional<Champion> replay(List<Decision> decisions) {
    Champion current = null;
    for (Decision d : decisions) {
      if (!d.changesChampion()) {
        continue;
      }
      List<Model> previous = new ArrayList<>(current == null ? List.of() : current.previous());
      Model next;
      if (d.action().equals(ROLLED_BACK)) {
        if (previous.isEmpty()) {
          throw new IllegalStateException(
              "decision " + d.sequence() + " rolls back, but no earlier champion is recorded");
        }
        next = previous.remove(previous.size() - 1);
      } else {
        next = d.challenger();
        if (current != null && !next.runId().equals(current.model().runId())) {
          previous.add(current.model());
        }
      }
      current = new Champion(next, d.at(), d.sequence(), List.copyOf(previous));
    }
    return Optional.ofNullable(current);
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse("");
    return root.getClass().getSimpleName() + message;
  }
}
