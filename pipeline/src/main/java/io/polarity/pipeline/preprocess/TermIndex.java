package io.polarity.pipeline.preprocess;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * Executor-side lookups for a vocabulary without building n-gram strings: every unigram that occurs
 * in some term gets a slot; an n-gram is the 64-bit key of its slots ({@link #key}), looked up by
 * binary search. Counting and featurising then hash and compare longs, not strings.
 *
 * <p>Any n-gram whose document frequency reaches the minimum has every word at or above it too, so
 * words outside the dictionary can never be part of a vocabulary n-gram.
 */
final class TermIndex implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int BITS = 20;
  static final int MAX_SLOTS = (1 << BITS) - 1;

  private final HashMap<String, Integer> slots;
  private final int[] slotIds;
  private final long[] ngramKeys;
  private final int[] ngramIds;

  private TermIndex(
      HashMap<String, Integer> slots, int[] slotIds, long[] ngramKeys, int[] ngramIds) {
    this.slots = slots;
    this.slotIds = slotIds;
    this.ngramKeys = ngramKeys;
    this.ngramIds = ngramIds;
  }

  /** A dictionary of words alone (for counting n-grams before a vocabulary exists). */
  static TermIndex ofWords(List<String> words) {
    requireFits(words.size());
    HashMap<String, Integer> slots = new HashMap<>(words.size() * 2);
    int[] ids = new int[words.size()];
    for (int i = 0; i < words.size(); i++) {
      slots.put(words.get(i), i);
      ids[i] = Vocabulary.UNKNOWN;
    }
    return new TermIndex(slots, ids, new long[0], new int[0]);
  }

  /** The index of a vocabulary: its unigrams, and the words its n-grams are made of. */
  static TermIndex of(Vocabulary vocabulary) {
    HashMap<String, Integer> slots = new HashMap<>();
    List<VocabularyEntry> entries = vocabulary.entries();
    for (VocabularyEntry e : entries) {
      for (String word : e.getTerm().split(" ")) {
        slots.putIfAbsent(word, slots.size());
      }
    }
    requireFits(slots.size());
    int[] slotIds = new int[slots.size()];
    Arrays.fill(slotIds, Vocabulary.UNKNOWN);
    long[] keys = new long[entries.size()];
    int[] ids = new int[entries.size()];
    int grams = 0;
    for (VocabularyEntry e : entries) {
      String[] words = e.getTerm().split(" ");
      if (words.length == 1) {
        slotIds[slots.get(words[0])] = e.getId();
      } else {
        int[] s = new int[words.length];
        for (int i = 0; i < words.length; i++) {
          s[i] = slots.get(words[i]);
        }
        keys[grams] = key(s, 0, s.length);
        ids[grams++] = e.getId();
      }
    }
    long[] sortedKeys = Arrays.copyOf(keys, grams);
    int[] order = sortedOrder(sortedKeys);
    int[] sortedIds = new int[grams];
    long[] k = new long[grams];
    for (int i = 0; i < grams; i++) {
      k[i] = sortedKeys[order[i]];
      sortedIds[i] = ids[order[i]];
    }
    return new TermIndex(slots, slotIds, k, sortedIds);
  }

  /** The slot of a word, or -1 when no vocabulary term contains it. */
  int slot(String word) {
    Integer s = slots.get(word);
    return s == null ? -1 : s;
  }

  /** The vocabulary id of the word in a slot ({@link Vocabulary#UNKNOWN} if it is no term). */
  int unigramId(int slot) {
    return slot < 0 ? Vocabulary.UNKNOWN : slotIds[slot];
  }

  /** The id of an n-gram key, or -1. */
  int ngramId(long key) {
    int at = Arrays.binarySearch(ngramKeys, key);
    return at < 0 ? -1 : ngramIds[at];
  }

  /** Slots of {@code slots[from..from+n)} packed with n in the top bits; all slots must be >= 0. */
  static long key(int[] slots, int from, int n) {
    long key = n;
    for (int i = from; i < from + n; i++) {
      key = (key << BITS) | slots[i];
    }
    return key;
  }

  /** Decodes a key into its words. */
  static String term(long key, List<String> words) {
    // n sits above the slots: above 3 slots for a trigram, above 2 for a bigram
    int n = (int) (key >>> (BITS * 3));
    if (n == 0) {
      n = (int) (key >>> (BITS * 2));
    }
    StringBuilder sb = new StringBuilder();
    for (int i = n - 1; i >= 0; i--) {
      int slot = (int) ((key >>> (BITS * i)) & MAX_SLOTS);
      sb.append(sb.length() == 0 ? "" : " ").append(words.get(slot));
    }
    return sb.toString();
  }

  private static void requireFits(int words) {
    if (words > MAX_SLOTS) {
      // found while running, from the data: a failure (exit 1), not a usage error
      throw new IllegalStateException(
          "the vocabulary's n-grams use "
              + words
              + " distinct words, more than the "
              + MAX_SLOTS
              + " supported; raise preprocess.vocabulary.min-doc-freq");
    }
  }

  private static int[] sortedOrder(long[] keys) {
    Integer[] order = new Integer[keys.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }
}
