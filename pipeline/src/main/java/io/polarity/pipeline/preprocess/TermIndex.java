package io.polarity.pipeline.preprocess;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * Executor-side lookups for a vocabulary without building n-gram strings: every unigram that occurs
 * in some term gets a slot; an n-gram is the 64-bit key of its slots ({@link #key}), looked up in a
 * hash table of longs. Counting and featurising then hash and compare longs, not strings.
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
  // n-gram ids by key: an open-addressing table (0 marks an empty place; no key is 0)
  private final long[] ngramKeys;
  private final int[] ngramIds;

  private TermIndex(HashMap<String, Integer> slots, int[] slotIds, long[] keys, int[] ids) {
    this.slots = slots;
    this.slotIds = slotIds;
    // the smallest power of two at least twice the keys: a load of at most one half
    int capacity = Integer.highestOneBit(Math.max(2, 2 * keys.length - 1)) << 1;
    this.ngramKeys = new long[capacity];
    this.ngramIds = new int[capacity];
    for (int i = 0; i < keys.length; i++) {
      int at = place(keys[i]);
      ngramKeys[at] = keys[i];
      ngramIds[at] = ids[i];
    }
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
    return new TermIndex(slots, slotIds, Arrays.copyOf(keys, grams), Arrays.copyOf(ids, grams));
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
    int at = place(key);
    return ngramKeys[at] == key ? ngramIds[at] : -1;
  }

  /** The place of {@code key} in the n-gram table, or the empty place where it would go. */
  private int place(long key) {
    int mask = ngramKeys.length - 1;
    int at = hash(key) & mask;
    while (ngramKeys[at] != 0 && ngramKeys[at] != key) {
      at = (at + 1) & mask;
    }
    return at;
  }

  /** A well-spread 32-bit hash of a key, for open-addressing tables. */
  static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L; // Fibonacci hashing: the golden ratio's 64-bit fraction
    return (int) (h ^ (h >>> 32));
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
}
