package io.polarity.pipeline.preprocess;

import io.polarity.pipeline.ingest.Review;
import io.polarity.pipeline.io.Iterators;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * Reviews into feature rows: tokens by the vocabulary's {@link TextNormalizer}, then unigram ids,
 * n-gram ids and counts by its {@link TermIndex}. The dataset-level methods run on the executors
 * (the term index travels as a broadcast); an instance featurises one tokenised review.
 */
public final class Featurizer implements Serializable {
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

  /**
   * Feature rows of canonical reviews with an existing vocabulary (its normalisation, labels and
   * n-gram length), computed lazily on the executors, for scoring new data with a model's own
   * vocabulary. Reviews with no token after normalisation are left out; labels the vocabulary does
   * not know get label index -1.
   */
  public static Dataset<FeatureRow> features(
      SparkSession spark,
      Dataset<Review> reviews,
      Vocabulary vocabulary,
      int maxTokens,
      boolean keepTail) {
    Dataset<TokenizedReview> usable =
        tokenize(
                reviews,
                new TextNormalizer(vocabulary.manifest().normalizer()),
                labelIndex(vocabulary.labels()))
            .filter((FilterFunction<TokenizedReview>) r -> r.getTokens().length > 0);
    return featurize(spark, usable, vocabulary, maxTokens, keepTail);
  }

  /** The reviews' tokens and label indexes (-1: unlabelled or a label not in the index). */
  static Dataset<TokenizedReview> tokenize(
      Dataset<Review> reviews, TextNormalizer normalizer, Map<String, Integer> labelIndex) {
    return reviews.mapPartitions(
        (MapPartitionsFunction<Review, TokenizedReview>)
            rows -> Iterators.map(rows, r -> tokenize(r, normalizer, labelIndex)),
        TokenizedReview.ENCODER);
  }

  private static TokenizedReview tokenize(
      Review r, TextNormalizer normalizer, Map<String, Integer> labelIndex) {
    String[] tokens = normalizer.tokens(r.getText()).toArray(String[]::new);
    Integer index = r.getLabel() == null ? null : labelIndex.get(r.getLabel());
    TokenizedReview t =
        new TokenizedReview(
            r.getReviewId(),
            r.getSource(),
            r.getSplit(),
            r.getLabel(),
            index == null ? -1 : index,
            tokens);
    if (tokens.length == 0) {
      t.setEmptyText(r.getText());
    }
    return t;
  }

  /** Label name to index: the position in {@code labels}. */
  static Map<String, Integer> labelIndex(List<String> labels) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      index.put(labels.get(i), i);
    }
    return index;
  }

  /** Feature rows of tokenised reviews, on the executors. */
  static Dataset<FeatureRow> featurize(
      SparkSession spark,
      Dataset<TokenizedReview> usable,
      Vocabulary vocabulary,
      int maxTokens,
      boolean keepTail) {
    // released by Spark's context cleaner once the dataset is gone
    Broadcast<TermIndex> index =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(TermIndex.of(vocabulary));
    int ngramMax = vocabulary.manifest().ngrams();
    return usable.mapPartitions(
        (MapPartitionsFunction<TokenizedReview, FeatureRow>)
            rows -> new Featurizer(index.value(), ngramMax, maxTokens, keepTail).apply(rows),
        FeatureRow.ENCODER);
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
