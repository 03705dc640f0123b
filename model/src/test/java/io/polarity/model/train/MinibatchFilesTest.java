package io.polarity.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polarity.model.engine.Minibatches;
import io.polarity.pipeline.preprocess.FeatureRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.dataset.DataSet;

class MinibatchFilesTest {
  private static FeatureRow row(int label, int[] ngrams, int[] tokens) {
    FeatureRow r = new FeatureRow();
    r.setReviewId("r" + label);
    r.setLabelIndex(label);
    r.setNgramIds(ngrams);
    r.setTokenIds(tokens);
    return r;
  }

  private static Source source(byte[] bytes) {
    return new Source() {
      @Override
      public InputStream getInputStream() {
        return new ByteArrayInputStream(bytes);
      }

      @Override
      public String getPath() {
        return "batch.bin";
      }
    };
  }

  @Test
  void loadsTheMinibatchThatTheRowsMake() throws IOException {
    List<FeatureRow> rows =
        List.of(
            row(1, new int[] {4, 9, 70_000}, new int[] {2}),
            row(0, new int[] {}, new int[] {3, 3, 5}),
            row(2, new int[] {8}, new int[] {}));
    for (Minibatches.Input input : Minibatches.Input.values()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MinibatchFiles.write(rows, input, out);
      DataSet loaded = new MinibatchFiles(3).load(source(out.toByteArray()));
      DataSet expected = Minibatches.of(rows, input, 3);
      assertThat(loaded.getFeatures()).as(input.name()).isEqualTo(expected.getFeatures());
      assertThat(loaded.getFeaturesMaskArray()).isEqualTo(expected.getFeaturesMaskArray());
      assertThat(loaded.getLabels()).isEqualTo(expected.getLabels());
    }
  }

  @Test
  void refusesAFileItDidNotWrite() {
    assertThatThrownBy(() -> new MinibatchFiles(2).load(source(new byte[] {1, 2, 3, 4, 5})))
        .isInstanceOf(IOException.class)
        .hasMessage("batch.bin is not a Polarity minibatch file");
  }

  @Test
  void refusesAFileCutShortOrWithBytesAfterItsLastRow() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // header 16 bytes; row 0: 8 + 12 bytes; row 1: 8 + 4 bytes
    MinibatchFiles.write(
        List.of(row(1, new int[] {4, 9, 7}, new int[] {}), row(0, new int[] {8}, new int[] {})),
        Minibatches.Input.NGRAMS,
        out);
    byte[] whole = out.toByteArray();
    assertThat(whole).hasSize(48);

    assertThatThrownBy(() -> new MinibatchFiles(2).load(source(Arrays.copyOf(whole, 30))))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "batch.bin ends inside row 0 of 2 (30 bytes): the file is cut short or damaged;"
                + " export the minibatches again");
    assertThatThrownBy(() -> new MinibatchFiles(2).load(source(Arrays.copyOf(whole, 40))))
        .hasMessageStartingWith("batch.bin ends inside row 1 of 2 (40 bytes)");
    assertThatThrownBy(() -> new MinibatchFiles(2).load(source(Arrays.copyOf(whole, 50))))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "batch.bin has 2 bytes after its last row (2 rows); it was not written whole by this"
                + " build");
    byte[] negative = whole.clone();
    negative[12] = (byte) 0xff; // the row count, big-endian: now negative
    assertThatThrownBy(() -> new MinibatchFiles(2).load(source(negative)))
        .isInstanceOf(IOException.class)
        .hasMessage("batch.bin says it holds -16777214 rows: the file is damaged");
  }
}
