package io.polarity.model.engine;

import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The networks an executor JVM fits and scores with: one per task running at once, kept between
 * rounds and epochs, so that a task pays for copying parameters in rather than for building a
 * network. Keyed by the network's configuration (JSON); a new configuration (the next run's)
 * releases the networks of the others.
 */
public final class NetworkPool {
  private static final Map<String, Deque<ComputationGraph>> POOLS = new ConcurrentHashMap<>();

  private NetworkPool() {}

  /**
   * The configuration a pool is keyed by: {@code network}'s as JSON, without its iteration and
   * epoch counts (they change every round and are set by the caller).
   */
  public static String configuration(ComputationGraph network) {
    ComputationGraphConfiguration c = network.getConfiguration().clone();
    c.setIterationCount(0);
    c.setEpochCount(0);
    return c.toJson();
  }

  /**
   * A network of {@code configuration}, its parameters and updater state to be set by the caller.
   */
  public static ComputationGraph borrow(String configuration) {
    if (!POOLS.containsKey(configuration)) {
      POOLS.keySet().removeIf(c -> !c.equals(configuration));
    }
    ComputationGraph network =
        POOLS.computeIfAbsent(configuration, c -> new ConcurrentLinkedDeque<>()).pollFirst();
    if (network == null) {
      network = new ComputationGraph(ComputationGraphConfiguration.fromJson(configuration));
      network.init();
    }
    return network;
  }

  /** Gives a borrowed network back. */
  public static void release(String configuration, ComputationGraph network) {
    Deque<ComputationGraph> pool = POOLS.get(configuration);
    if (pool != null) {
      pool.addFirst(network);
    }
  }
}
