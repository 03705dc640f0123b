package io.polarity.pipeline.preprocess;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Counts, within one partition, in how many documents each n-gram key ({@link TermIndex#key})
 * occurs, in total and per label, in flat primitive arrays: an open-addressing table of keys and a
 * row of counts per key. Counting here, before Spark's aggregation, turns a document's hundreds of
 * n-grams into table increments instead of boxed keys and encoded rows.
 *
 * <p>Memory is bounded: when the next document's keys would take the table past {@code maxEntries}
 * keys, its counts are emitted as rows and the table starts again (a document with more keys than
 * that is counted alone); Spark's aggregation then adds up rows of the same key.
 */
final class NgramCounter {
  /** Emitted rows: the key, its document frequency, then one document count per label. */
  static StructType schema(int labels) {
    StructType schema =
        new StructType()
            .add("term", DataTypes.LongType, false)
            .add("docFreq", DataTypes.LongType, false);
    for (int i = 0; i < labels; i++) {
      schema = schema.add(labelColumn(i), DataTypes.LongType, false);
    }
    return schema;
  }

  static String labelColumn(int label) {
    return "label" + label;
  }

  static List<String> labelColumns(int labels) {
    return IntStream.range(0, labels).mapToObj(NgramCounter::labelColumn).toList();
  }

  private static final long EMPTY = 0; // no key is 0: n >= 2 sits in its top bits

  private final TermIndex index;
  private final int maxN;
  private final int labels;
  private final int stride;
  private final int maxEntries;
  private long[] keys;
  private int[] counts;
  private int size;

  NgramCounter(TermIndex index, int maxN, int labels, int maxEntries) {
    this.index = index;
    this.maxN = maxN;
    this.labels = labels;
    this.stride = 1 + labels;
    this.maxEntries = maxEntries;
    allocate(1 << 12);
  }

  /**
   * The partition's counts as rows, lazily: documents are read until the table is full, its rows
   * emitted, and so on to the end.
   */
  Iterator<Row> count(Iterator<TokenizedReview> documents) {
    return new Iterator<>() {
      private int next = -1; // position in the table being emitted; -1: none
      private long[] held; // a document's keys that did not fit before the last emission
      private int heldLabel;

      @Override
      public boolean hasNext() {
        while (true) {
          if (next >= 0) {
            while (next < keys.length && keys[next] == EMPTY) {
              next++;
            }
            if (next < keys.length) {
              return true;
            }
            next = -1;
            clear();
          }
          if (held == null && !documents.hasNext()) {
            return false;
          }
          while (true) {
            if (held == null) {
              if (!documents.hasNext()) {
                break;
              }
              TokenizedReview d = documents.next();
              held = distinctKeys(d.getTokens());
              heldLabel = d.getLabelIndex();
            }
            // a document that would overfill the table waits for the next one (alone if need be)
            if (size > 0 && size + held.length > maxEntries) {
              break;
            }
            add(held, heldLabel);
            held = null;
          }
          next = 0;
        }
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Object[] values = new Object[2 + labels];
        values[0] = keys[next];
        int at = next * stride;
        for (int i = 0; i < stride; i++) {
          values[1 + i] = (long) counts[at + i];
        }
        next++;
        return RowFactory.create(values);
      }
    };
  }

  /** Counts one document's distinct n-gram keys, each once. */
  private void add(long[] docKeys, int labelIndex) {
    for (long key : docKeys) {
      int at = slotOf(key) * stride;
      counts[at]++;
      if (labelIndex >= 0) {
        counts[at + 1 + labelIndex]++;
      }
    }
  }

  /** The distinct keys of the document's n-grams (n = 2..maxN) made of dictionary words only. */
  long[] distinctKeys(String[] tokens) {
    int[] slots = new int[tokens.length];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = index.slot(tokens[i]);
    }
    long[] found = new long[slots.length * (maxN - 1)];
    int n = 0;
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] < 0) {
        continue;
      }
      for (int len = 2; len <= maxN && i + len <= slots.length && slots[i + len - 1] >= 0; len++) {
        found[n++] = TermIndex.key(slots, i, len);
      }
    }
    Arrays.sort(found, 0, n);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (distinct == 0 || found[distinct - 1] != found[i]) {
        found[distinct++] = found[i];
      }
    }
    return Arrays.copyOf(found, distinct);
  }

  /** The table's slot of a key, inserted with zero counts if new. */
  private int slotOf(long key) {
    int mask = keys.length - 1;
    int at = TermIndex.hash(key) & mask;
    while (keys[at] != EMPTY) {
      if (keys[at] == key) {
        return at;
      }
      at = (at + 1) & mask;
    }
    if ((size + 1) * 2L > keys.length) {
      grow();
      return slotOf(key);
    }
    keys[at] = key;
    size++;
    return at;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldCounts = counts;
    allocate(keys.length * 2);
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        int at = TermIndex.hash(oldKeys[i]) & mask;
        while (keys[at] != EMPTY) {
          at = (at + 1) & mask;
        }
        keys[at] = oldKeys[i];
        System.arraycopy(oldCounts, i * stride, counts, at * stride, stride);
        size++;
      }
    }
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    counts = new int[capacity * stride];
    size = 0;
  }

  private void clear() {
    Arrays.fill(keys, EMPTY);
    Arrays.fill(counts, 0);
    size = 0;
  }
}
