package io.polarity.pipeline.preprocess;

import io.polarity.pipeline.io.Iterators;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;

/** Turns one tokenised review into its feature row, given the vocabulary's {@link TermIndex}. */
final class Featurizer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TermIndex index;
  private final int ngramMax;
  private final int maxTokens;
  private final boolean keepTail;

  Featurizer(TermIndex index, int ngramMax, int maxTokens, boolean keepTail) {
    this.index = index;
    this.ngramMax = ngramMax;
    this.maxTokens = maxTokens;
    this.keepTail = keepTail;
  }

  /** Featurises a partition lazily, row by row. */
  Iterator<FeatureRow> apply(Iterator<TokenizedReview> rows) {
    return Iterators.map(rows, this::featurize);
  }

  FeatureRow featurize(TokenizedReview review) {
    String[] tokens = review.getTokens();
    int[] slots = new int[tokens.length];
    int[] sequence = new int[tokens.length];
    int[] bag = new int[tokens.length * ngramMax];
    int bagSize = 0;
    int oov = 0;
    for (int i = 0; i < tokens.length; i++) {
      slots[i] = index.slot(tokens[i]);
      sequence[i] = index.unigramId(slots[i]);
      if (sequence[i] == Vocabulary.UNKNOWN) {
        oov++;
      } else {
        bag[bagSize++] = sequence[i];
      }
    }
    for (int i = 0; i < slots.length; i++) {
      for (int n = 2; n <= ngramMax && i + n <= slots.length && slots[i] >= 0; n++) {
        if (slots[i + n - 1] < 0) {
          break;
        }
        int id = index.ngramId(TermIndex.key(slots, i, n));
        if (id >= 0) {
          bag[bagSize++] = id;
        }
      }
    }
    Arrays.sort(bag, 0, bagSize);
    int distinct = 0;
    int[] ids = new int[bagSize];
    int[] counts = new int[bagSize];
    for (int i = 0; i < bagSize; i++) {
      if (distinct > 0 && ids[distinct - 1] == bag[i]) {
        counts[distinct - 1]++;
      } else {
        ids[distinct] = bag[i];
        counts[distinct++] = 1;
      }
    }
    FeatureRow row = new FeatureRow();
    row.setReviewId(review.getReviewId());
    row.setSource(review.getSource());
    row.setSplit(review.getSplit());
    row.setLabel(review.getLabel());
    row.setLabelIndex(review.getLabelIndex());
    row.setTokenIds(cut(sequence));
    row.setNgramIds(Arrays.copyOf(ids, distinct));
    row.setNgramCounts(Arrays.copyOf(counts, distinct));
    row.setNumTokens(tokens.length);
    row.setOovTokens(oov);
    return row;
  }

  private int[] cut(int[] sequence) {
    if (sequence.length <= maxTokens) {
      return sequence;
    }
    return keepTail
        ? Arrays.copyOfRange(sequence, sequence.length - maxTokens, sequence.length)
        : Arrays.copyOf(sequence, maxTokens);
  }
}
