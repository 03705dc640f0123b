package io.polarity.model.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.polarity.model.engine.Prediction;
import io.polarity.model.evaluate.MetricsReport.CalibrationBin;
import io.polarity.model.evaluate.MetricsReport.ConfusionCell;
import io.polarity.model.evaluate.MetricsReport.Metric;
import io.polarity.pipeline.SparkTestBase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every metric against values worked out by hand on six fixed binary predictions (one tie between a
 * positive and a negative at 0.6; source a holds positives only) and three multi-class ones.
 */
class ClassificationMetricsTest extends SparkTestBase {
  private static final List<String> LABELS = List.of("negative", "positive");
  private static MetricsReport binary;

  @BeforeAll
  static void score() {
    binary =
        new ClassificationMetrics(LABELS, 0.5, 10, true, new int[] {0, 100})
            .compute(
                spark.createDataset(
                    List.of(
                        p("r1", "a", 50, 1, 0.9),
                        p("r2", "a", 150, 1, 0.6),
                        p("r3", "b", 50, 0, 0.6),
                        p("r4", "b", 50, 0, 0.2),
                        p("r5", "b", 150, 1, 0.4),
                        p("r6", "b", 150, 0, 0.1)),
                    Prediction.ENCODER));
  }

  private static Prediction p(String id, String source, int tokens, int label, double positive) {
    return new Prediction(id, source, tokens, label, new double[] {1 - positive, positive});
  }

  @Test
  void wholeSplitMetrics() {
    assertThat(binary.value("all", "count")).isEqualTo(6.0);
    assertThat(binary.value("all", "accuracy")).isCloseTo(4.0 / 6, within(1e-12));
    assertThat(metric("all", "positive", "precision")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(metric("all", "positive", "recall")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(metric("all", "negative", "f1")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(binary.value("all", "macro_f1")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(binary.value("all", "micro_f1")).isCloseTo(4.0 / 6, within(1e-12));
    // 9 positive-negative pairs: 0.9 beats 3, 0.6 beats 2 and ties 1, 0.4 beats 2
    assertThat(binary.value("all", "roc_auc")).isCloseTo(7.5 / 9, within(1e-12));
    // precision 1, 2/3, 3/4 where each positive is recalled: (1 + 2/3 + 3/4) / 3
    assertThat(binary.value("all", "pr_auc")).isCloseTo(29.0 / 36, within(1e-12));
    double logLoss =
        -(Math.log(0.9)
                + Math.log(0.6)
                + Math.log(0.4)
                + Math.log(0.8)
                + Math.log(0.4)
                + Math.log(0.9))
            / 6;
    assertThat(binary.value("all", "log_loss")).isCloseTo(logLoss, within(1e-9));
    assertThat(binary.value("all", "brier")).isCloseTo(0.94 / 6, within(1e-12));
    // gaps 0.1 (bin 9), 0.1 x2 (bin 6: 0.6 predicted, half observed), 0.2, 0.6, 0.1
    assertThat(binary.value("all", "ece")).isCloseTo(1.2 / 6, within(1e-12));
  }

  @Test
  void confusionMatrixAndCalibrationBins() {
    assertThat(binary.confusion())
        .filteredOn(c -> c.slice().equals("all"))
        .containsExactly(
            new ConfusionCell("all", "negative", "negative", 2),
            new ConfusionCell("all", "negative", "positive", 1),
            new ConfusionCell("all", "positive", "negative", 1),
            new ConfusionCell("all", "positive", "positive", 2));
    assertThat(binary.calibration())
        .filteredOn(b -> b.slice().equals("all"))
        .extracting(CalibrationBin::bin, CalibrationBin::count)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple(1, 1L),
            org.assertj.core.api.Assertions.tuple(2, 1L),
            org.assertj.core.api.Assertions.tuple(4, 1L),
            org.assertj.core.api.Assertions.tuple(6, 2L),
            org.assertj.core.api.Assertions.tuple(9, 1L));
    CalibrationBin six =
        binary.calibration().stream()
            .filter(b -> b.slice().equals("all") && b.bin() == 6)
            .findFirst()
            .orElseThrow();
    assertThat(six.meanPredicted()).isCloseTo(0.6, within(1e-12));
    assertThat(six.observedRate()).isEqualTo(0.5);
    assertThat(six.lower()).isEqualTo(0.6);
  }

  @Test
  void aSingleClassSliceHasNoRankingMetricsAndNoUndefinedClassRows() {
    assertThat(binary.value("source=a", "accuracy")).isEqualTo(1.0);
    assertThat(metric("source=a", "positive", "precision")).isEqualTo(1.0);
    assertThat(binary.metrics())
        .filteredOn(m -> m.slice().equals("source=a"))
        .extracting(Metric::metric)
        .doesNotContain("roc_auc", "pr_auc")
        .containsOnlyOnce("precision", "recall", "f1");
    assertThat(binary.value("source=a", "macro_f1")).isEqualTo(1.0);
  }

  @Test
  void slicesBySourceAndLength() {
    // source b: nothing it predicts positive is positive; its one positive ranks below a negative
    assertThat(binary.value("source=b", "accuracy")).isEqualTo(0.5);
    assertThat(metric("source=b", "positive", "precision")).isEqualTo(0.0);
    assertThat(metric("source=b", "positive", "f1")).isEqualTo(0.0);
    assertThat(metric("source=b", "negative", "recall")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(binary.value("source=b", "macro_precision")).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(binary.value("source=b", "roc_auc")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(binary.value("source=b", "pr_auc")).isEqualTo(0.5);
    assertThat(binary.value("length=0-99", "count")).isEqualTo(3.0);
    assertThat(binary.value("length=100+", "count")).isEqualTo(3.0);
    assertThat(binary.metrics())
        .extracting(Metric::slice)
        .containsOnly("all", "source=a", "source=b", "length=0-99", "length=100+");
  }

  @Test
  void aClassNeverPredictedCountsAsZeroF1InTheMacroAverage() {
    MetricsReport allNegative =
        new ClassificationMetrics(LABELS, 0.5, 10, false, new int[0])
            .compute(
                spark.createDataset(
                    List.of(
                        p("a", "s", 10, 1, 0.1),
                        p("b", "s", 10, 1, 0.1),
                        p("c", "s", 10, 0, 0.1),
                        p("d", "s", 10, 0, 0.1)),
                    Prediction.ENCODER));

    // negative: precision 1/2, recall 1, F1 2*2/(2*2+2+0); positive: precision undefined, F1 0
    assertThat(allNegative.metrics())
        .filteredOn(m -> "positive".equals(m.label()))
        .extracting(Metric::metric, Metric::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.api.Assertions.tuple("recall", 0.0),
            org.assertj.core.api.Assertions.tuple("f1", 0.0));
    assertThat(allNegative.value("all", "macro_f1")).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(allNegative.value("all", "roc_auc")).isEqualTo(0.5); // every score tied
  }

  @Test
  void multiClassPredictsTheMostProbableClass() {
    MetricsReport three =
        new ClassificationMetrics(List.of("bad", "ok", "good"), 0.5, 10, false, new int[0])
            .compute(
                spark.createDataset(
                    List.of(
                        new Prediction("a", "s", 10, 0, new double[] {0.7, 0.2, 0.1}),
                        new Prediction("b", "s", 10, 1, new double[] {0.3, 0.4, 0.3}),
                        new Prediction("c", "s", 10, 2, new double[] {0.5, 0.1, 0.4})),
                    Prediction.ENCODER));

    assertThat(three.value("all", "accuracy")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(three.confusion()).contains(new ConfusionCell("all", "good", "bad", 1)).hasSize(3);
    assertThat(three.value("all", "brier")).isCloseTo(1.3 / 3, within(1e-12));
    assertThat(three.value("all", "roc_auc")).isEqualTo(1.0);
    assertThat(three.metrics())
        .filteredOn(m -> "roc_auc".equals(m.metric()) && m.label() != null)
        .hasSize(3);
  }

  private static double metric(String slice, String label, String name) {
    return binary.metrics().stream()
        .filter(m -> m.slice().equals(slice) && label.equals(m.label()) && m.metric().equals(name))
        .mapToDouble(Metric::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " of " + label + " in " + slice));
  }
}
