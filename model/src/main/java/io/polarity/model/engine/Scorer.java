package io.polarity.model.engine;

import io.polarity.pipeline.preprocess.FeatureRow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Scores feature rows with a network on the executors, for validation after each epoch, evaluate
 * and score alike: the network's configuration and parameters travel as broadcasts (the parameters
 * as one bulk array), each task scores with a network of its executor's pool ({@link NetworkPool}),
 * a minibatch at a time. Closing it removes the broadcasts; the predictions must be computed first.
 */
public final class Scorer implements AutoCloseable {
  private static final int BATCH = 256;

  private final Broadcast<String> configuration;
  private final Broadcast<INDArray> parameters;
  private final Minibatches.Input input;
  private final int classes;

  /** A scorer of {@code network} (its parameters as they are now), reading {@code input} ids. */
  public Scorer(
      JavaSparkContext sc, ComputationGraph network, Minibatches.Input input, int classes) {
    this.configuration = sc.broadcast(NetworkPool.configuration(network));
    // a copy: Spark closes a broadcast value (an INDArray is AutoCloseable) when it removes it
    this.parameters = sc.broadcast(network.params().dup());
    this.input = input;
    this.classes = classes;
  }

  /** Each row's prediction, lazily (an action over the result scores). */
  public Dataset<Prediction> score(Dataset<FeatureRow> rows) {
    Broadcast<String> conf = configuration;
    Broadcast<INDArray> params = parameters;
    Minibatches.Input in = input;
    int n = classes;
    MapPartitionsFunction<FeatureRow, Prediction> score =
        it -> new Batches(it, conf.value(), params.value(), in, n);
    return rows.mapPartitions(score, Prediction.ENCODER);
  }

  @Override
  public void close() {
    configuration.destroy();
    parameters.destroy();
  }

  /**
   * Scores a partition lazily, one minibatch at a time, with a network borrowed from the pool and
   * given back when the partition ends.
   */
  private static final class Batches implements Iterator<Prediction> {
    private final Iterator<FeatureRow> rows;
    private final String configuration;
    private final INDArray parameters;
    private final Minibatches.Input input;
    private final int classes;
    private final List<Prediction> ready = new ArrayList<>();
    private ComputationGraph network;
    private int next;

    Batches(
        Iterator<FeatureRow> rows,
        String configuration,
        INDArray parameters,
        Minibatches.Input input,
        int classes) {
      this.rows = rows;
      this.configuration = configuration;
      this.parameters = parameters;
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
        if (network != null) {
          NetworkPool.release(configuration, network);
          network = null;
        }
        return false;
      }
      if (network == null) {
        network = NetworkPool.borrow(configuration);
        network.params().assign(parameters);
      }
      DataSet ds = Minibatches.forScoring(batch, input, classes);
      INDArray out =
          network
              .output(
                  false,
                  new INDArray[] {ds.getFeatures()},
                  new INDArray[] {ds.getFeaturesMaskArray()})[0];
      // one bulk read: a row view per example cost ND4J a shape lookup and a copy each
      double[][] probabilities = out.toDoubleMatrix();
      for (int i = 0; i < batch.size(); i++) {
        FeatureRow r = batch.get(i);
        ready.add(
            new Prediction(
                r.getReviewId(),
                r.getSource(),
                r.getNumTokens(),
                r.getLabelIndex(),
                probabilities[i]));
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
