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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Counts document frequencies over the train split, distributedly, and keeps terms in at least
 * {@code min-doc-freq} documents, the most frequent first, up to the configured sizes.
 *
 * <p>Two passes: words first (strings), then longer n-grams as 64-bit keys over the frequent words
 * ({@link TermIndex}): an n-gram with a rare word is rare itself, so nothing is lost, and the big
 * aggregation compares longs instead of strings. Only the frequent words and the kept n-grams reach
 * the driver.
 */
final class VocabularyBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(VocabularyBuilder.class);

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
        frequent(
            // native array functions: no row becomes a Java object in this pass
            train.select(col("labelIndex"), explode(array_distinct(col("tokens"))).as("term")),
            labels,
            // n-gram counting needs every frequent word as its dictionary
            config.ngramMax() > 1 ? Integer.MAX_VALUE : config.maxUnigrams(),
            row -> row.getString(0));
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
    try {
      List<VocabularyEntry> grams =
          frequent(
              train
                  .select("tokens", "labelIndex")
                  .flatMap(
                      (FlatMapFunction<Row, Tuple2<Long, Integer>>)
                          r ->
                              pairs(
                                  ngramKeys(r.<String>getList(0), index.value(), maxN),
                                  r.getInt(1)),
                      Encoders.tuple(Encoders.LONG(), Encoders.INT()))
                  .toDF("term", "labelIndex"),
              labels,
              config.maxNgrams(),
              row -> TermIndex.term(row.getLong(0), dictionary));
      List<VocabularyEntry> sorted = new ArrayList<>(grams);
      // kept by (doc freq, key); numbered by (doc freq, term) like the unigrams
      sorted.sort(
          Comparator.comparingLong(VocabularyEntry::getDocFreq)
              .reversed()
              .thenComparing(VocabularyEntry::getTerm));
      return sorted;
    } finally {
      index.destroy();
    }
  }

  /** The distinct keys of a document's n-grams (n = 2..maxN) made of dictionary words only. */
  static Set<Long> ngramKeys(List<String> tokens, TermIndex index, int maxN) {
    int[] slots = new int[tokens.size()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = index.slot(tokens.get(i));
    }
    Set<Long> keys = new HashSet<>(slots.length * 2 * (maxN - 1));
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] < 0) {
        continue;
      }
      for (int n = 2; n <= maxN && i + n <= slots.length && slots[i + n - 1] >= 0; n++) {
        keys.add(TermIndex.key(slots, i, n));
      }
    }
    return keys;
  }

  private static <T> java.util.Iterator<Tuple2<T, Integer>> pairs(Set<T> terms, int label) {
    return terms.stream().map(t -> new Tuple2<>(t, label)).iterator();
  }

  /** Terms with enough documents, most frequent first, at most {@code limit} of them. */
  private List<VocabularyEntry> frequent(
      Dataset<Row> docTerms,
      List<String> labels,
      int limit,
      java.util.function.Function<Row, String> termOf) {
    List<Column> aggregates = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      aggregates.add(sum(when(col("labelIndex").equalTo(i), 1L).otherwise(0L)));
    }
    Dataset<Row> counts =
        docTerms
            .groupBy("term")
            .agg(count(lit(1)).as("docFreq"), aggregates.toArray(Column[]::new))
            .filter(col("docFreq").geq(config.minDocFreq()))
            .orderBy(col("docFreq").desc(), col("term").asc());
    if (limit < Integer.MAX_VALUE) {
      counts = counts.limit(limit);
    } else {
      counts = counts.persist(StorageLevel.MEMORY_AND_DISK());
      long n = counts.count();
      if (n > TermIndex.MAX_SLOTS && config.ngramMax() > 1) {
        counts.unpersist();
        // found while running, from the data: a failure (exit 1), not a usage error
        throw new IllegalStateException(
            "the train split has "
                + n
                + " words in at least "
                + config.minDocFreq()
                + " documents, more than the "
                + TermIndex.MAX_SLOTS
                + " that n-gram counting"
                + " supports; raise preprocess.vocabulary.min-doc-freq");
      }
    }
    List<VocabularyEntry> kept = new ArrayList<>();
    for (Row row : counts.collectAsList()) {
      long[] perClass = new long[labels.size()];
      for (int i = 0; i < perClass.length; i++) {
        perClass[i] = row.getLong(2 + i);
      }
      String term = termOf.apply(row);
      int n = term.split(" ", -1).length;
      kept.add(
          new VocabularyEntry(
              0 /* assigned by Vocabulary.of */, term, n, row.getLong(1), perClass));
    }
    counts.unpersist();
    return kept;
  }
}
