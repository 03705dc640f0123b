package io.polarity.pipeline.preprocess;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts document frequencies over the train split, distributedly, and keeps terms in at least
 * {@code min-doc-freq} documents, the most frequent first, up to the configured sizes.
 *
 * <p>Two passes: words first (strings), then longer n-grams as 64-bit keys over the frequent words
 * ({@link TermIndex}): an n-gram with a rare word is rare itself, so nothing is lost, and the big
 * aggregation compares longs instead of strings. Each partition counts its n-grams in primitive
 * tables first ({@link NgramCounter}). Only the frequent words and the kept n-grams reach the
 * driver.
 */
final class VocabularyBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(VocabularyBuilder.class);

  /**
   * Keys an n-gram counter holds before it emits its counts: tables of 2^21 places, 40 MB with two
   * labels (60 MB while the table last doubles).
   */
  private static final int COUNTER_ENTRIES = 1 << 20;

  /** Most documents first; ties by term, so the order never depends on the partitioning. */
  private static final Comparator<VocabularyEntry> BY_FREQUENCY =
      Comparator.comparingLong(VocabularyEntry::getDocFreq)
          .reversed()
          .thenComparing(VocabularyEntry::getTerm);

  private final PreprocessConfig config;
  private final JavaSparkContext sc;

  VocabularyBuilder(JavaSparkContext sc, PreprocessConfig config) {
    this.sc = sc;
    this.config = config;
  }

  Vocabulary build(Dataset<TokenizedReview> train, List<String> labels) {
    long[] perLabel = new long[labels.size()];
    long trainDocuments = 0;
    for (Row row : train.groupBy("labelIndex").count().collectAsList()) {
      trainDocuments += row.getLong(1);
      if (row.getInt(0) >= 0) {
        perLabel[row.getInt(0)] = row.getLong(1);
      }
    }
    List<VocabularyEntry> words =
        config.ngramMax() > 1
            // n-gram counting needs every frequent word as its dictionary
            ? allWords(train, labels)
            : mostFrequent(
                wordCounts(train, labels), labels, config.maxUnigrams(), row -> row.getString(0));
    LOG.info(
        "Vocabulary: {} words in at least {} train documents", words.size(), config.minDocFreq());
    List<VocabularyEntry> unigrams = words.subList(0, Math.min(words.size(), config.maxUnigrams()));
    List<VocabularyEntry> longer =
        config.ngramMax() == 1 || config.maxNgrams() == 0 || words.isEmpty()
            ? List.of()
            : ngrams(train, words, labels);
    LOG.info(
        "Vocabulary: {} unigrams (of {} frequent words) and {} longer n-grams with document"
            + " frequency >= {}",
        unigrams.size(),
        words.size(),
        longer.size(),
        config.minDocFreq());
    return Vocabulary.of(
        config.runId(),
        labels,
        config.normalizer(),
        config.ngramMax(),
        config.minDocFreq(),
        trainDocuments,
        java.util.Arrays.stream(perLabel).boxed().toList(),
        unigrams,
        longer);
  }

  private List<VocabularyEntry> ngrams(
      Dataset<TokenizedReview> train, List<VocabularyEntry> words, List<String> labels) {
    List<String> dictionary = words.stream().map(VocabularyEntry::getTerm).toList();
    Broadcast<TermIndex> index = sc.broadcast(TermIndex.ofWords(dictionary));
    int maxN = config.ngramMax();
    int labelCount = labels.size();
    try {
      // counted within each partition first (NgramCounter), then added up by key
      Dataset<Row> partial =
          train.mapPartitions(
              (MapPartitionsFunction<TokenizedReview, Row>)
                  docs ->
                      new NgramCounter(index.value(), maxN, labelCount, COUNTER_ENTRIES)
                          .count(docs),
              Encoders.row(NgramCounter.schema(labelCount)));
      List<Column> sums = new ArrayList<>();
      for (String c : NgramCounter.labelColumns(labelCount)) {
        sums.add(sum(c));
      }
      Dataset<Row> counts =
          partial
              .groupBy("term")
              .agg(sum("docFreq").as("docFreq"), sums.toArray(Column[]::new))
              .filter(col("docFreq").geq(config.minDocFreq()));
      List<VocabularyEntry> grams =
          mostFrequent(
              counts,
              labels,
              config.maxNgrams(),
              row -> TermIndex.term(row.getLong(0), dictionary));
      List<VocabularyEntry> sorted = new ArrayList<>(grams);
      // kept by (doc freq, key); numbered by (doc freq, term) like the unigrams
      sorted.sort(BY_FREQUENCY);
      return sorted;
    } finally {
      index.destroy();
    }
  }

  /**
   * Document frequencies of words, in total and per label, for those in at least {@code
   * min-doc-freq} train documents.
   */
  private Dataset<Row> wordCounts(Dataset<TokenizedReview> train, List<String> labels) {
    List<Column> aggregates = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      aggregates.add(sum(when(col("labelIndex").equalTo(i), 1L).otherwise(0L)));
    }
    // native array functions: no row becomes a Java object in this pass
    return train
        .select(col("labelIndex"), explode(array_distinct(col("tokens"))).as("term"))
        .groupBy("term")
        .agg(count(lit(1)).as("docFreq"), aggregates.toArray(Column[]::new))
        .filter(col("docFreq").geq(config.minDocFreq()));
  }

  /**
   * Every word of {@link #wordCounts}, most frequent first: they all reach the driver, as the
   * dictionary of n-gram counting, and are sorted there (no distributed sort for a few hundred
   * thousand rows).
   */
  private List<VocabularyEntry> allWords(Dataset<TokenizedReview> train, List<String> labels) {
    List<Row> rows = wordCounts(train, labels).limit(TermIndex.MAX_SLOTS + 1).collectAsList();
    if (rows.size() > TermIndex.MAX_SLOTS) {
      // found while running, from the data: a failure (exit 1), not a usage error
      throw new IllegalStateException(
          "the train split has more than "
              + TermIndex.MAX_SLOTS
              + " words in at least "
              + config.minDocFreq()
              + " documents, the most that n-gram counting supports; raise"
              + " preprocess.vocabulary.min-doc-freq");
    }
    List<VocabularyEntry> words = new ArrayList<>(rows.size());
    for (Row row : rows) {
      words.add(entry(row, row.getString(0), labels.size()));
    }
    words.sort(BY_FREQUENCY);
    return words;
  }

  /** The {@code limit} rows of {@code counts} with the highest document frequency. */
  private static List<VocabularyEntry> mostFrequent(
      Dataset<Row> counts,
      List<String> labels,
      int limit,
      java.util.function.Function<Row, String> termOf) {
    List<VocabularyEntry> kept = new ArrayList<>();
    for (Row row :
        counts.orderBy(col("docFreq").desc(), col("term").asc()).limit(limit).collectAsList()) {
      kept.add(entry(row, termOf.apply(row), labels.size()));
    }
    return kept;
  }

  /** A counted term: row (term, docFreq, per label...); the id is assigned by Vocabulary.of. */
  private static VocabularyEntry entry(Row row, String term, int labels) {
    long[] perClass = new long[labels];
    for (int i = 0; i < labels; i++) {
      perClass[i] = row.getLong(2 + i);
    }
    return new VocabularyEntry(0, term, term.split(" ", -1).length, row.getLong(1), perClass);
  }
}
