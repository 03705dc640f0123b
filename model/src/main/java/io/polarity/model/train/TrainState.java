package io.polarity.model.train;

import java.util.ArrayList;
import java.util.List;

/**
 * What a checkpoint records besides the network: the last finished epoch, the best so far, the
 * epochs without improvement, and every epoch's metrics. Stored as {@code checkpoints/state.json}.
 */
public final class TrainState {
  public int epoch;
  public int bestEpoch;
  public double bestScore = Double.NEGATIVE_INFINITY;
  public int epochsWithoutImprovement;
  public List<EpochMetrics> history = new ArrayList<>();
}
