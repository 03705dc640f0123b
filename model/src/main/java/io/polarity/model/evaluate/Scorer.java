package io.polarity.model.evaluate;

import io.polarity.model.train.Minibatches;
import io.polarity.pipeline.preprocess.FeatureRow;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Scores feature rows with a model on the executors: the model travels as a broadcast zip and is
 * restored once per partition; rows are scored in minibatches.
 */
public final class Scorer {
  private static final int BATCH = 256;

  private Scorer() {}

  public static Dataset<Prediction> score(
      JavaSparkContext sc, ModelArtifact model, Dataset<FeatureRow> rows) {
    Broadcast<byte[]> network = sc.broadcast(model.networkBytes());
    Minibatches.Input input = model.input();
    int classes = model.labels().size();
    MapPartitionsFunction<FeatureRow, Prediction> score =
        it -> new Batches(it, restore(network.value()), input, classes);
    return rows.mapPartitions(score, Prediction.ENCODER);
  }

  private static ComputationGraph restore(byte[] zip) {
    try {
      return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(zip), false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restore the broadcast model", e);
    }
  }

  /** Scores a partition lazily, one minibatch at a time. */
  private static final class Batches implements Iterator<Prediction> {
    private final Iterator<FeatureRow> rows;
    private final ComputationGraph network;
    private final Minibatches.Input input;
    private final int classes;
    private final List<Prediction> ready = new ArrayList<>();
    private int next;

    Batches(
        Iterator<FeatureRow> rows, ComputationGraph network, Minibatches.Input input, int classes) {
      this.rows = rows;
      this.network = network;
      this.input = input;
      this.classes = classes;
    }

    @Override
    public boolean hasNext() {
      if (next < ready.size()) {
        return true;
      }
      ready.clear();
      next = 0;
      List<FeatureRow> batch = new ArrayList<>(BATCH);
      while (rows.hasNext() && batch.size() < BATCH) {
        batch.add(rows.next());
      }
      if (batch.isEmpty()) {
        return false;
      }
      DataSet ds = Minibatches.forScoring(batch, input, classes);
      INDArray out =
          network
              .output(
                  false,
                  new INDArray[] {ds.getFeatures()},
                  new INDArray[] {ds.getFeaturesMaskArray()})[0];
      for (int i = 0; i < batch.size(); i++) {
        FeatureRow r = batch.get(i);
        ready.add(
            new Prediction(
                r.getReviewId(),
                r.getSource(),
                r.getNumTokens(),
                r.getLabelIndex(),
                out.getRow(i).toDoubleVector()));
      }
      return true;
    }

    @Override
    public Prediction next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.get(next++);
    }
  }
}
