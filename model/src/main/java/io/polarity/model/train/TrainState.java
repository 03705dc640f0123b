package io.polarity.model.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a checkpoint records besides the network: the last finished epoch, the best so far, the
 * epochs without improvement, whether early stopping ended the run, every epoch's metrics, the
 * version of the vocabulary the network was trained with, and the settings that decide the result
 * ({@link TrainConfig#resultSettings}), which a resume must not change. Stored as {@code
 * checkpoints/epoch-NNNN/state.json}.
 */
public final class TrainState {
  public int epoch;
  public int bestEpoch;
  public double bestScore = Double.NEGATIVE_INFINITY;
  public int epochsWithoutImprovement;
  public List<EpochMetrics> history = new ArrayList<>();
  public boolean stoppedEarly;
  public String vocabularyVersion;
  public Map<String, String> settings = new TreeMap<>();
}
