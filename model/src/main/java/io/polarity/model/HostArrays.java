package io.polarity.model;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/** What code that reads ND4J arrays through their host memory needs to know about a layout. */
public final class HostArrays {
  private HostArrays() {}

  /**
   * Whether the array's buffer holds exactly its elements in row-major order, so that its bytes can
   * be copied as they are. ND4J's {@code isView()} misses some views of integer arrays, so the
   * layout is checked instead.
   */
  public static boolean whole(INDArray array) {
    return array.ordering() == 'c'
        && array.offset() == 0
        && Shape.hasDefaultStridesForShape(array)
        && array.data().length() == array.length();
  }

  /**
   * A float array of {@code shape} holding {@code values} (row-major), written in one bulk copy
   * into its host memory: ND4J's {@code Nd4j.create(float[], ...)} copies element by element.
   */
  public static INDArray floats(float[] values, long... shape) {
    INDArray array = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    FloatBuffer buffer = array.data().asNioFloat();
    buffer.put(buffer.position(), values);
    Nd4j.getAffinityManager().tagLocation(array, AffinityManager.Location.HOST);
    return array;
  }
}
