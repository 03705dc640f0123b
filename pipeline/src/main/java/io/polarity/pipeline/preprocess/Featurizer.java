package io.polarity.pipeline.preprocess;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** Turns one tokenised review into its feature row, given the vocabulary's term-to-id map. */
final class Featurizer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, Integer> ids;
  private final int ngramMax;
  private final int maxTokens;
  private final boolean keepTail;

  Featurizer(Map<String, Integer> ids, int ngramMax, int maxTokens, boolean keepTail) {
    this.ids = ids;
    this.ngramMax = ngramMax;
    this.maxTokens = maxTokens;
    this.keepTail = keepTail;
  }

  /** Featurises a partition lazily, row by row. */
  Iterator<FeatureRow> apply(Iterator<TokenizedReview> rows) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public FeatureRow next() {
        return featurize(rows.next());
      }
    };
  }

  FeatureRow featurize(TokenizedReview review) {
    String[] tokens = review.getTokens();
    int[] sequence = new int[tokens.length];
    int oov = 0;
    HashMap<Integer, Integer> bag = new HashMap<>();
    StringBuilder gram = new StringBuilder(64);
    for (int i = 0; i < tokens.length; i++) {
      Integer id = ids.get(tokens[i]);
      if (id == null) {
        sequence[i] = Vocabulary.UNKNOWN;
        oov++;
      } else {
        sequence[i] = id;
        bag.merge(id, 1, Integer::sum);
      }
      gram.setLength(0);
      gram.append(tokens[i]);
      for (int n = 2; n <= ngramMax && i + n - 1 < tokens.length; n++) {
        gram.append(' ').append(tokens[i + n - 1]);
        Integer gramId = ids.get(gram.toString());
        if (gramId != null) {
          bag.merge(gramId, 1, Integer::sum);
        }
      }
    }
    int[] bagIds = bag.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    int[] bagCounts = new int[bagIds.length];
    for (int i = 0; i < bagIds.length; i++) {
      bagCounts[i] = bag.get(bagIds[i]);
    }
    FeatureRow row = new FeatureRow();
    row.setReviewId(review.getReviewId());
    row.setSource(review.getSource());
    row.setSplit(review.getSplit());
    row.setLabel(review.getLabel());
    row.setLabelIndex(review.getLabelIndex());
    row.setTokenIds(cut(sequence));
    row.setNgramIds(bagIds);
    row.setNgramCounts(bagCounts);
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
