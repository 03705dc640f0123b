package io.polarity.model.train;

import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * The one place that knows DL4J's {@link ParameterAveragingTrainingMaster}: builds it from {@code
 * train.spark}. A master is built per epoch with seed {@code seed + epoch}, so that an epoch's data
 * split depends on the epoch alone and a resumed run repeats an uninterrupted one.
 */
public final class TrainingMasters {
  private TrainingMasters() {}

  /** The master of one epoch; {@code hook} sees every minibatch the workers fit. */
  public static ParameterAveragingTrainingMaster create(
      TrainConfig.SparkSettings s,
      int workers,
      long seed,
      String exportDirectory,
      TrainingHook hook) {
    ParameterAveragingTrainingMaster.Builder builder =
        new ParameterAveragingTrainingMaster.Builder(workers, s.batchSizePerWorker())
            .batchSizePerWorker(s.batchSizePerWorker())
            .averagingFrequency(s.averagingFrequency())
            .workerPrefetchNumBatches(s.prefetch())
            .saveUpdater(true)
            .rngSeed(seed)
            .collectTrainingStats(false)
            .trainingHooks(hook)
            .repartionData(
                switch (s.repartition()) {
                  case ALWAYS -> Repartition.Always;
                  case NEVER -> Repartition.Never;
                  case NUM_PARTITIONS_WORKERS_DIFFERS -> Repartition.NumPartitionsWorkersDiffers;
                })
            .rddTrainingApproach(
                s.approach() == TrainConfig.Approach.EXPORT
                    ? RDDTrainingApproach.Export
                    : RDDTrainingApproach.Direct)
            // DL4J's fit of a DataSet RDD maps it to MultiDataSets and persists that new RDD at
            // every call without releasing it; the trainer persists its own minibatches once
            // (direct) or gives DL4J file paths (export), so DL4J persists nothing
            .storageLevel(null);
    if (s.approach() == TrainConfig.Approach.EXPORT) {
      builder.exportDirectory(exportDirectory);
    }
    return builder.build();
  }
}
