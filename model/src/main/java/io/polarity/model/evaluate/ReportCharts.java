package io.polarity.model.evaluate;

import io.polarity.model.evaluate.MetricsReport.CalibrationBin;
import io.polarity.model.evaluate.MetricsReport.ConfusionCell;
import io.polarity.model.evaluate.MetricsReport.RocPoint;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The evaluation report image: ROC curve, reliability diagram (JFreeChart) and the confusion matrix
 * of the whole split, side by side.
 */
public final class ReportCharts {
  private static final int PANEL = 480;

  private ReportCharts() {}

  public static byte[] png(MetricsReport report, List<String> labels, String runId) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(3 * PANEL, PANEL, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      roc(report.roc(), runId).draw(g, new java.awt.Rectangle(0, 0, PANEL, PANEL));
      reliability(report.calibration()).draw(g, new java.awt.Rectangle(PANEL, 0, PANEL, PANEL));
      confusion(g, report.confusion(), labels, 2 * PANEL);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the report image", e);
    }
    return out.toByteArray();
  }

  static JFreeChart roc(List<RocPoint> points, String runId) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYSeries chance = new XYSeries("chance");
    chance.add(0, 0);
    chance.add(1, 1);
    data.addSeries(chance);
    for (RocPoint p : points) {
      XYSeries s = series(data, p.label());
      if (s.getItemCount() == 0) {
        s.add(0, 0);
      }
      s.add(p.fpr(), p.tpr());
    }
    return ChartFactory.createXYLineChart(
        "ROC curve (" + runId + ")",
        "false positive rate",
        "true positive rate",
        data,
        PlotOrientation.VERTICAL,
        true,
        false,
        false);
  }

  static JFreeChart reliability(List<CalibrationBin> bins) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYSeries perfect = new XYSeries("perfectly calibrated");
    perfect.add(0, 0);
    perfect.add(1, 1);
    data.addSeries(perfect);
    XYSeries observed = new XYSeries("observed");
    for (CalibrationBin b : bins) {
      if (b.slice().equals(ClassificationMetrics.ALL)) {
        observed.add(b.meanPredicted(), b.observedRate());
      }
    }
    data.addSeries(observed);
    return ChartFactory.createXYLineChart(
        "Reliability diagram",
        "mean predicted probability",
        "observed rate",
        data,
        PlotOrientation.VERTICAL,
        true,
        false,
        false);
  }

  private static XYSeries series(XYSeriesCollection data, String key) {
    int i = data.getSeriesIndex(key);
    if (i >= 0) {
      return data.getSeries(i);
    }
    XYSeries s = new XYSeries(key, false);
    data.addSeries(s);
    return s;
  }

  /** The whole split's confusion matrix as a shaded grid with counts. */
  private static void confusion(
      Graphics2D g, List<ConfusionCell> cells, List<String> labels, int x0) {
    int k = labels.size();
    long[][] m = new long[k][k];
    long most = 1;
    for (ConfusionCell c : cells) {
      if (c.slice().equals(ClassificationMetrics.ALL)) {
        long v = m[labels.indexOf(c.actual())][labels.indexOf(c.predicted())] += c.count();
        most = Math.max(most, v);
      }
    }
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString("Confusion matrix (rows: actual)", x0 + 90, 30);
    int left = x0 + 120;
    int top = 80;
    int cell = Math.min(300 / k, 150);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int a = 0; a < k; a++) {
      g.setColor(Color.BLACK);
      g.drawString(labels.get(a), x0 + 10, top + a * cell + cell / 2);
      g.drawString(labels.get(a), left + a * cell + 4, top - 8);
      for (int p = 0; p < k; p++) {
        float shade = 1f - 0.75f * m[a][p] / most;
        g.setColor(new Color(shade, shade, 1f));
        g.fillRect(left + p * cell, top + a * cell, cell, cell);
        g.setColor(Color.GRAY);
        g.drawRect(left + p * cell, top + a * cell, cell, cell);
        g.setColor(Color.BLACK);
        g.drawString(
            String.format(Locale.ROOT, "%,d", m[a][p]),
            left + p * cell + cell / 3,
            top + a * cell + cell / 2);
      }
    }
  }
}
