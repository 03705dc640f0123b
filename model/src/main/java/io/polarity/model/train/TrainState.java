package io.polarity.model.train;

import java.util.ArrayList;
import java.util.List;

/**
 * What a checkpoint records besides the network: the last finished epoch, the best so far, the
 * epochs without improvement, every epoch's metrics, and the version of the vocabulary the network
 * was trained with. Stored as {@code checkpoints/state.json}.
 */
public final class TrainState {
  public int epoch;
  public int bestEpoch;
  public double bestScore = Double.NEGATIVE_INFINITY;
  public int epochsWithoutImprovement;
  public List<EpochMetrics> history = new ArrayList<>();
  public String vocabularyVersion;
}
