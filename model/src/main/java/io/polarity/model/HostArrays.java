package io.polarity.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

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
}
