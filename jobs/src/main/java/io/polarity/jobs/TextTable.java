package io.polarity.jobs;

import java.util.ArrayList;
import java.util.List;

/**
 * A small aligned text table for job summaries: the first column left-aligned, the rest right
 * unless {@link #leftAlign} says otherwise.
 */
final class TextTable {
  private final List<String> header;
  private final List<Object[]> rows = new ArrayList<>();

  TextTable(String... header) {
    this.header = List.of(header);
  }

  private final java.util.Set<Integer> left = new java.util.HashSet<>(List.of(0));

  /** Left-aligns these columns (text), as the first one is. */
  TextTable leftAlign(int column) {
    left.add(column);
    return this;
  }

  TextTable row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "a row needs " + header.size() + " cells, but had " + cells.length);
    }
    rows.add(cells);
    return this;
  }

  String render() {
    int[] widths = header.stream().mapToInt(String::length).toArray();
    for (Object[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], String.valueOf(row[i]).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header.toArray(), widths);
    for (Object[] row : rows) {
      line(sb, row, widths);
    }
    return sb.toString();
  }

  private void line(StringBuilder sb, Object[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      String text = String.valueOf(cells[i]);
      String pad = " ".repeat(widths[i] - text.length());
      line.append(i == 0 ? "" : "  ").append(left.contains(i) ? text + pad : pad + text);
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }
}
