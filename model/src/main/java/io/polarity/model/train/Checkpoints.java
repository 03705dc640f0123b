package io.polarity.model.train;

import io.polarity.pipeline.config.InvalidConfigException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A run's checkpoints: one directory per epoch, {@code checkpoints/epoch-NNNN/} with the network
 * (parameters and updater state, {@code network.zip}) and the {@link TrainState} after that epoch
 * ({@code state.json}).
 *
 * <p>A checkpoint is written whole into a hidden directory and then renamed to its epoch's name, so
 * it appears in one step: a crash at any moment leaves the previous checkpoint, or the new one, and
 * never the network of one epoch with the state of another. Only then are older epochs removed,
 * except the best one, whose network is the run's model.
 */
final class Checkpoints {
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
    store.renameDirectory(staging, target);
    for (String name : store.directories(DIRECTORY)) {
      Matcher m = EPOCH.matcher(name);
      if (m.matches()) {
        int epoch = Integer.parseInt(m.group(1));
        if (epoch != state.epoch && epoch != state.bestEpoch) {
          store.delete(DIRECTORY + "/" + name);
        }
      } else if (name.startsWith(".epoch-")) {
        store.delete(DIRECTORY + "/" + name); // left by a run killed while saving
      }
    }
  }

  /** The state of the newest complete checkpoint, if the run has one. */
  Optional<TrainState> latest() {
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
        .max(Comparator.naturalOrder())
        .map(epoch -> store.readJson(directory(epoch) + "/" + STATE, TrainState.class));
  }

  /** The network saved after {@code epoch}. */
  ComputationGraph network(int epoch) {
    return store.readModel(directory(epoch) + "/" + NETWORK);
  }
}
