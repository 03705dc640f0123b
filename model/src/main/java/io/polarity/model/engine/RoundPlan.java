package io.polarity.model.engine;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Which training examples each worker fits in which averaging round of an epoch, decided from the
 * seed and the epoch alone, so that a rerun and a resumed run fit the same minibatches in the same
 * rounds. A worker keeps its own shard of the training set for the whole run; in each epoch it
 * shuffles the shard (in its stable order) with a generator seeded by the run's seed, the epoch and
 * the worker, cuts it into minibatches of {@code batchSize}, and fits minibatches {@code [r F, (r +
 * 1) F)} in round {@code r} ({@code F}: the averaging frequency). Every example is fitted exactly
 * once per epoch; the epoch has as many rounds as its largest shard needs, so a worker with a
 * smaller shard sits out the last ones, and the last minibatch of a shard may be short.
 */
public record RoundPlan(long seed, int batchSize, int averagingFrequency) implements Serializable {

  /** Rows a worker fits per full round. */
  long rowsPerRound() {
    return (long) batchSize * averagingFrequency;
  }

  /** The rounds of an epoch over shards of {@code shardRows} rows each. */
  public int rounds(long[] shardRows) {
    long rounds = 0;
    for (long n : shardRows) {
      rounds = Math.max(rounds, (n + rowsPerRound() - 1) / rowsPerRound());
    }
    return Math.toIntExact(rounds);
  }

  /** The first position (in the shuffled shard of {@code rows}) that round {@code round} fits. */
  public int from(int round, int rows) {
    return (int) Math.min((long) round * rowsPerRound(), rows);
  }

  /** One past the last position that round {@code round} fits. */
  public int to(int round, int rows) {
    return (int) Math.min((round + 1L) * rowsPerRound(), rows);
  }

  /** The shuffled order of worker {@code worker}'s shard of {@code rows} rows in {@code epoch}. */
  public int[] order(int rows, int epoch, int worker) {
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    SplittableRandom random =
        new SplittableRandom(
            seed * 0x9E3779B97F4A7C15L
                + epoch * 0xC2B2AE3D27D4EB4FL
                + worker * 0x165667B19E3779F9L);
    for (int i = rows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
}
