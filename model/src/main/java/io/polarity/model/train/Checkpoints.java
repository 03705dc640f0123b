package io.polarity.model.train;

import io.polarity.pipeline.config.InvalidConfigException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's checkpoints: one directory per epoch, {@code checkpoints/epoch-NNNN/} with the network
 * (parameters and updater state, {@code network.zip}) and the {@link TrainState} after that epoch
 * ({@code state.json}).
 *
 * <p>A checkpoint is written whole into a hidden directory and then renamed to its epoch's name, so
 * it appears in one step: a crash at any moment leaves the previous checkpoint, or the new one, and
 * never the network of one epoch with the state of another. Only then are older epochs removed,
 * except the one before (a fallback: a file damaged after it was written, on a disk fault or a
 * store that lost a block, must not end the run) and the best one, whose network is the run's
 * model. A resume takes the newest checkpoint whose network and state both read ({@link
 * #newestReadable()}).
 */
final class Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
  static final String DIRECTORY = "checkpoints";
  static final String NETWORK = "network.zip";
  static final String STATE = "state.json";
  private static final Pattern EPOCH = Pattern.compile("epoch-(\\d{4,})");

  private final ModelStore store;

  Checkpoints(ModelStore store) {
    this.store = store;
  }

  static String directory(int epoch) {
    return DIRECTORY + "/" + String.format(Locale.ROOT, "epoch-%04d", epoch);
  }

  /** Saves the network and state after {@code state.epoch}, then drops epochs no longer needed. */
  void save(ComputationGraph graph, TrainState state) {
    String target = directory(state.epoch);
    String staging = DIRECTORY + "/.epoch-" + state.epoch + "-" + UUID.randomUUID() + ".tmp";
    store.writeModel(staging + "/" + NETWORK, graph);
    store.writeJson(staging + "/" + STATE, state);
    if (store.exists(target)) {
      store.delete(target); // an unreadable one that a resume skipped
    }
    store.renameDirectory(staging, target);
    for (String name : store.directories(DIRECTORY)) {
      Matcher m = EPOCH.matcher(name);
      if (m.matches()) {
        int epoch = Integer.parseInt(m.group(1));
        if (epoch != state.epoch && epoch != state.epoch - 1 && epoch != state.bestEpoch) {
          store.delete(DIRECTORY + "/" + name);
        }
      } else if (name.startsWith(".epoch-")) {
        store.delete(DIRECTORY + "/" + name); // left by a run killed while saving
      }
    }
  }

  /** Whether the run has a checkpoint (readable or not). */
  boolean any() {
    return !epochs().isEmpty();
  }

  /**
   * A checkpoint to resume from: its state and network, and the newer ones skipped because they
   * could not be read (one line each, naming the file and why).
   */
  record Resumable(TrainState state, ComputationGraph network, List<String> skipped) {}

  /**
   * The newest checkpoint whose state and network both read; empty when the run has none at all.
   * Throws when it has checkpoints but none reads, naming each.
   */
  Optional<Resumable> newestReadable() {
    List<Integer> epochs = epochs();
    epochs.sort(Comparator.reverseOrder());
    List<String> skipped = new ArrayList<>();
    for (int epoch : epochs) {
      try {
        TrainState state = state(epoch);
        ComputationGraph network = network(epoch);
        skipped.forEach(s -> LOG.warn("Resuming from epoch {}: skipped {}", epoch, s));
        return Optional.of(new Resumable(state, network, List.copyOf(skipped)));
      } catch (RuntimeException e) { // a cut-short zip or JSON file, a checksum error
        skipped.add(describe(directory(epoch), e));
      }
    }
    if (!skipped.isEmpty()) {
      throw new InvalidConfigException(
          "no checkpoint of "
              + store.path(DIRECTORY)
              + " can be read: "
              + String.join("; ", skipped)
              + ". Start the run again without --resume");
    }
    return Optional.empty();
  }

  private List<Integer> epochs() {
    List<String> names = store.directories(DIRECTORY);
    if (names.isEmpty() && store.exists(DIRECTORY + "/" + STATE)) {
      throw new InvalidConfigException(
          "cannot resume from "
              + store.path(DIRECTORY)
              + ": its checkpoint (last.zip, state.json) was written by an earlier Polarity"
              + " version; resume it with that version, or start a new run");
    }
    return names.stream()
        .map(EPOCH::matcher)
        .filter(Matcher::matches)
        .map(m -> Integer.parseInt(m.group(1)))
        .collect(Collectors.toCollection(ArrayList::new));
  }

  private TrainState state(int epoch) {
    return store.readJson(directory(epoch) + "/" + STATE, TrainState.class);
  }

  private String describe(String checkpoint, RuntimeException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return store.path(checkpoint)
        + " ("
        + root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse(""))
        + ")";
  }

  /** The network saved after {@code epoch}. */
  ComputationGraph network(int epoch) {
    return store.readModel(directory(epoch) + "/" + NETWORK);
  }
}
