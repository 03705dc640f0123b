package io.polarity.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import scala.reflect.ClassTag$;

class ArrayKryoRegistratorTest {
  private static final SerializerInstance KRYO =
      new KryoSerializer(
              new SparkConf()
                  .set("spark.kryo.registrator", ArrayKryoRegistrator.class.getName())
                  .set("spark.kryo.registrationRequired", "false"))
          .newInstance();

  private static INDArray roundTrip(INDArray array) {
    ByteBuffer bytes = KRYO.serialize(array, ClassTag$.MODULE$.apply(INDArray.class));
    return KRYO.deserialize(bytes, ClassTag$.MODULE$.apply(INDArray.class));
  }

  @Test
  void arraysComeBackEqualWhateverTheirTypeOrderOrLayout() {
    INDArray matrix = Nd4j.rand(DataType.FLOAT, 300, 7);
    List<INDArray> arrays =
        List.of(
            matrix,
            matrix.dup('f'),
            matrix.get(NDArrayIndex.interval(10, 20), NDArrayIndex.all()),
            matrix.reshape(1, 2100),
            Nd4j.rand(DataType.DOUBLE, 4, 5, 6),
            Nd4j.createFromArray(3, -1, 7),
            Nd4j.createFromArray(true, false),
            Nd4j.createFromArray(new int[][] {{1, 2, 3}, {4, 5, 6}}).getColumn(1),
            Nd4j.createFromArray(new int[][] {{1, 2, 3}, {4, 5, 6}}).getRow(1),
            Nd4j.scalar(2.5f),
            Nd4j.create(DataType.FLOAT, 0, 5),
            Nd4j.empty(DataType.FLOAT));
    for (INDArray array : arrays) {
      INDArray back = roundTrip(array);
      assertThat(back.dataType()).as(array.shapeInfoToString()).isEqualTo(array.dataType());
      assertThat(back.shape()).as(array.shapeInfoToString()).isEqualTo(array.shape());
      assertThat(back).as(array.shapeInfoToString()).isEqualTo(array);
    }
  }

  /** A payload that does not fill the shape it came with is refused, naming both. */
  @Test
  void refusesBytesThatDoNotMatchTheShape() {
    ByteBuffer bytes =
        KRYO.serialize(Nd4j.rand(DataType.FLOAT, 2, 3), ClassTag$.MODULE$.apply(INDArray.class));
    byte[] stream = new byte[bytes.remaining()];
    bytes.get(stream);
    // shape 2 x 3, then the payload's length 24 (fixed-width, as Spark's Kryo output writes
    // them): claim a shape of 2 x 4
    int at = indexOf(stream, new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 24});
    assertThat(at).as(java.util.HexFormat.of().formatHex(stream)).isNotNegative();
    stream[at + 8] = 4;

    assertThatThrownBy(
            () ->
                KRYO.deserialize(ByteBuffer.wrap(stream), ClassTag$.MODULE$.apply(INDArray.class)))
        .hasMessageContaining(
            "a serialized FLOAT array of shape [2, 4] needs 32 bytes, but 24 came");
  }

  private static int indexOf(byte[] stream, byte[] part) {
    for (int i = 0; i + part.length <= stream.length; i++) {
      if (java.util.Arrays.equals(stream, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void writesAMillionFloatsAsTheirBytes() {
    INDArray params = Nd4j.rand(DataType.FLOAT, 1, 1_000_000);
    int size = KRYO.serialize(params, ClassTag$.MODULE$.apply(INDArray.class)).remaining();
    assertThat(size).isBetween(4_000_000, 4_000_100);
  }
}
