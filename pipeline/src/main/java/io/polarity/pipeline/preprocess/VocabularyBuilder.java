package io.polarity.pipeline.preprocess;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts document frequencies of unigrams and n-grams over the train split, distributedly, and
 * keeps those with at least {@code min-doc-freq} documents, the most frequent first, up to the
 * configured sizes. Only the kept terms reach the driver.
 */
final class VocabularyBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(VocabularyBuilder.class);

  private final PreprocessConfig config;

  VocabularyBuilder(PreprocessConfig config) {
    this.config = config;
  }

  Vocabulary build(Dataset<TokenizedReview> train, List<String> labels, long trainDocuments) {
    Dataset<Row> docTerms =
        train.select(
            col("labelIndex"), explode(array_distinct(grams(config.ngramMax()))).as("term"));
    List<Column> aggregates = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      aggregates.add(sum(when(col("labelIndex").equalTo(i), 1L).otherwise(0L)));
    }
    Dataset<Row> counts =
        docTerms
            .groupBy("term")
            .agg(count(lit(1)).as("docFreq"), aggregates.toArray(Column[]::new))
            .filter(col("docFreq").geq(config.minDocFreq()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<VocabularyEntry> unigrams =
          top(counts.filter(col("term").contains(" ").unary_$bang()), config.maxUnigrams(), labels);
      List<VocabularyEntry> longer =
          config.ngramMax() == 1 || config.maxNgrams() == 0
              ? List.of()
              : top(counts.filter(col("term").contains(" ")), config.maxNgrams(), labels);
      LOG.info(
          "Vocabulary: {} unigrams and {} longer n-grams with document frequency >= {}",
          unigrams.size(),
          longer.size(),
          config.minDocFreq());
      return Vocabulary.of(
          config.runId(),
          labels,
          config.normalizer(),
          config.ngramMax(),
          config.minDocFreq(),
          trainDocuments,
          unigrams,
          longer);
    } finally {
      counts.unpersist();
    }
  }

  /** Unigrams, bigrams and trigrams of the tokens column (n-grams joined by a space). */
  static Column grams(int ngramMax) {
    StringBuilder sql = new StringBuilder("concat(tokens");
    for (int n = 2; n <= ngramMax; n++) {
      StringBuilder parts = new StringBuilder("tokens[i]");
      for (int k = 1; k < n; k++) {
        parts.append(", tokens[i + ").append(k).append("]");
      }
      sql.append(", if(size(tokens) >= ")
          .append(n)
          .append(", transform(sequence(0, size(tokens) - ")
          .append(n)
          .append("), i -> concat_ws(' ', ")
          .append(parts)
          .append(")), array())");
    }
    return expr(sql.append(")").toString());
  }

  private static List<VocabularyEntry> top(Dataset<Row> counts, int limit, List<String> labels) {
    List<VocabularyEntry> kept = new ArrayList<>();
    for (Row row :
        counts.orderBy(col("docFreq").desc(), col("term").asc()).limit(limit).collectAsList()) {
      long[] perClass = new long[labels.size()];
      for (int i = 0; i < perClass.length; i++) {
        perClass[i] = row.getLong(2 + i);
      }
      String term = row.getString(0);
      int n = term.split(" ", -1).length;
      kept.add(
          new VocabularyEntry(
              0 /* assigned by Vocabulary.of */, term, n, row.getLong(1), perClass));
    }
    return kept;
  }
}
