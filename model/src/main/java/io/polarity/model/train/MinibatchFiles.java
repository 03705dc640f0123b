package io.polarity.model.train;

import io.polarity.model.engine.Minibatches;
import io.polarity.pipeline.preprocess.FeatureRow;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The exported training minibatches as Polarity writes them: each file holds one minibatch's rows
 * as their label indexes and unpadded ids (32-bit integers, big-endian), and {@link #load} builds
 * the padded, masked {@link DataSet} from them on the worker that fits it ({@link Minibatches}).
 *
 * <p>DL4J's own export ({@code DataSet.save}) writes the padded float arrays and reads them back
 * one element at a time: on the IMDB n-gram bag that reading was the largest share of a Spark
 * worker's time once the bag layer became sparse (README, Performance). These files are about a
 * third of that size and read in one bulk copy.
 *
 * <p>Layout: {@code int magic, int version, int input (Minibatches.Input ordinal), int rows}, then
 * per row {@code int label, int length, length x int id}.
 */
public final class MinibatchFiles implements DataSetLoader {
  private static final long serialVersionUID = 1L;
  private static final int MAGIC = 0x504c4d42; // "PLMB"
  private static final int VERSION = 1;

  private final int classes;

  /** A loader of minibatches for a network with {@code classes} outputs. */
  public MinibatchFiles(int classes) {
    this.classes = classes;
  }

  /** Writes labelled rows as one minibatch; the stream is left open. */
  public static void write(List<FeatureRow> rows, Minibatches.Input input, OutputStream out)
      throws IOException {
    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    data.writeInt(input.ordinal());
    data.writeInt(rows.size());
    for (FeatureRow row : rows) {
      int[] ids = Minibatches.ids(row, input);
      data.writeInt(row.getLabelIndex());
      data.writeInt(ids.length);
      for (int id : ids) {
        data.writeInt(id);
      }
    }
    data.flush();
  }

  /** One file's rows (label indexes and the ids of the input they were written for). */
  record Batch(Minibatches.Input input, List<FeatureRow> rows) {}

  /**
   * Reads one file; a file that is not one, of another version, cut short or with bytes after its
   * last row is refused with an {@link IOException} naming it and what is wrong.
   */
  static Batch read(InputStream in, String what) throws IOException {
    byte[] bytes = in.readAllBytes();
    IntBuffer ints = ByteBuffer.wrap(bytes).asIntBuffer();
    if (ints.remaining() < 4 || ints.get() != MAGIC) {
      throw new IOException(what + " is not a Polarity minibatch file");
    }
    int version = ints.get();
    if (version != VERSION) {
      throw new IOException(
          what + " is a minibatch file of version " + version + "; this build reads " + VERSION);
    }
    int ordinal = ints.get();
    if (ordinal < 0 || ordinal >= Minibatches.Input.values().length) {
      throw new IOException(what + " names input " + ordinal + ", which this build does not know");
    }
    Minibatches.Input input = Minibatches.Input.values()[ordinal];
    int n = ints.get();
    if (n < 0) {
      throw new IOException(what + " says it holds " + n + " rows: the file is damaged");
    }
    // every row takes two ints at least, so a damaged count cannot reserve more than the file has
    List<FeatureRow> rows = new ArrayList<>(Math.min(n, ints.remaining() / 2));
    for (int i = 0; i < n; i++) {
      if (ints.remaining() < 2) {
        throw truncated(what, bytes.length, i, n);
      }
      FeatureRow row = new FeatureRow();
      row.setReviewId(what + " row " + i);
      row.setLabelIndex(ints.get());
      int length = ints.get();
      if (length < 0 || length > ints.remaining()) {
        throw truncated(what, bytes.length, i, n);
      }
      int[] ids = new int[length];
      ints.get(ids);
      if (input == Minibatches.Input.NGRAMS) {
        row.setNgramIds(ids);
      } else {
        row.setTokenIds(ids);
      }
      rows.add(row);
    }
    if (ints.remaining() > 0 || bytes.length % Integer.BYTES != 0) {
      throw new IOException(
          what
              + " has "
              + (bytes.length - ints.position() * Integer.BYTES)
              + " bytes after its last row ("
              + n
              + " rows); it was not written whole by this build");
    }
    return new Batch(input, rows);
  }

  private static IOException truncated(String what, int bytes, int row, int rows) {
    return new IOException(
        what
            + " ends inside row "
            + row
            + " of "
            + rows
            + " ("
            + bytes
            + " bytes): the file is cut short or damaged; export the minibatches again");
  }

  /** Reads one file into the minibatch the network fits (on the worker). */
  @Override
  public DataSet load(Source source) throws IOException {
    try (InputStream in = source.getInputStream()) {
      Batch batch = read(in, source.getPath());
      return Minibatches.of(batch.rows(), batch.input(), classes);
    }
  }
}
