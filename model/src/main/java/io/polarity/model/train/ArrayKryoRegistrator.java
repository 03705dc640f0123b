package io.polarity.model.train;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.polarity.model.HostArrays;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jRegistrator;
import org.nd4j.kryo.Nd4jSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Spark's Kryo registrations for the jobs that move ND4J arrays between JVMs: ND4J's own ({@link
 * Nd4jRegistrator}), with its array serializer replaced by {@link BulkArraySerializer}.
 *
 * <p>Every parameter-averaging round broadcasts the network's parameters and updater state to the
 * workers and sends each worker's back, and ND4J's serializer writes and reads those arrays one
 * element at a time through a {@code DataOutputStream}: for the IMDB n-gram bag (3.3 million floats
 * a worker and round) that took longer than the workers' fitting once the bag layer was sparse
 * (README, Performance).
 */
public final class ArrayKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    new Nd4jRegistrator().registerClasses(kryo);
    // registering a class again replaces its serializer
    kryo.register(Nd4j.getBackend().getNDArrayClass(), new BulkArraySerializer());
  }

  /**
   * Numeric arrays as data type, shape and their row-major bytes in one copy, empty arrays as data
   * type and shape; anything else (strings, compressed arrays) as ND4J writes it.
   */
  public static final class BulkArraySerializer extends Serializer<INDArray> {
    private static final byte ND4J = 0;
    private static final byte BULK = 1;
    private static final byte EMPTY = 2;
    private final Nd4jSerializer fallback = new Nd4jSerializer();

    private static boolean bulk(INDArray array) {
      return array.dataType().isNumerical()
          && !array.isCompressed()
          && array.length() <= Integer.MAX_VALUE / 8;
    }

    @Override
    public void write(Kryo kryo, Output output, INDArray array) {
      if (array.isEmpty()) {
        output.writeByte(EMPTY);
        output.writeString(array.dataType().name());
        writeShape(output, array.shape());
        return;
      }
      if (!bulk(array)) {
        output.writeByte(ND4J);
        fallback.write(kryo, output, array);
        return;
      }
      INDArray dense = HostArrays.whole(array) ? array : array.dup('c');
      Nd4j.getAffinityManager().ensureLocation(dense, AffinityManager.Location.HOST);
      output.writeByte(BULK);
      output.writeString(dense.dataType().name());
      writeShape(output, dense.shape());
      ByteBuffer bytes = dense.data().asNio();
      byte[] copy = new byte[(int) (dense.length() * dense.dataType().width())];
      bytes.get(bytes.position(), copy);
      output.writeInt(copy.length, true);
      output.writeBytes(copy);
    }

    private static void writeShape(Output output, long[] shape) {
      output.writeInt(shape.length, true);
      for (long size : shape) {
        output.writeLong(size, true);
      }
    }

    @Override
    public INDArray read(Kryo kryo, Input input, Class<INDArray> type) {
      byte kind = input.readByte();
      if (kind == ND4J) {
        return fallback.read(kryo, input, type);
      }
      DataType dataType = DataType.valueOf(input.readString());
      long[] shape = new long[input.readInt(true)];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = input.readLong(true);
      }
      if (kind == EMPTY) {
        return shape.length == 0 ? Nd4j.empty(dataType) : Nd4j.create(dataType, shape);
      }
      byte[] copy = input.readBytes(input.readInt(true));
      long expected = Arrays.stream(shape).reduce(1, Math::multiplyExact) * dataType.width();
      if (copy.length != expected) {
        throw new KryoException(
            "a serialized "
                + dataType
                + " array of shape "
                + Arrays.toString(shape)
                + " needs "
                + expected
                + " bytes, but "
                + copy.length
                + " came: written by another version, or corrupt");
      }
      try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        INDArray array = Nd4j.createUninitialized(dataType, shape, 'c');
        ByteBuffer target = array.data().asNio();
        target.put(target.position(), copy);
        Nd4j.getAffinityManager().tagLocation(array, AffinityManager.Location.HOST);
        return array;
      }
    }
  }
}
