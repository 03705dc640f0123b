package io.polarity.pipeline.preprocess;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The n-grams of a token sequence, n = 1..max, joined by single spaces. Vocabulary counting and
 * featurisation both use this, so a term means the same in both.
 */
final class NGrams {
  private NGrams() {}

  /** Calls {@code sink} with every n-gram occurrence, position by position. */
  static void forEach(String[] tokens, int maxN, Consumer<String> sink) {
    StringBuilder gram = new StringBuilder(64);
    for (int i = 0; i < tokens.length; i++) {
      sink.accept(tokens[i]);
      gram.setLength(0);
      gram.append(tokens[i]);
      for (int n = 2; n <= maxN && i + n - 1 < tokens.length; n++) {
        gram.append(' ').append(tokens[i + n - 1]);
        sink.accept(gram.toString());
      }
    }
  }

  /** The distinct n-grams of one document. */
  static Set<String> distinct(String[] tokens, int maxN) {
    Set<String> grams = new HashSet<>(tokens.length * maxN * 2);
    forEach(tokens, maxN, grams::add);
    return grams;
  }
}
