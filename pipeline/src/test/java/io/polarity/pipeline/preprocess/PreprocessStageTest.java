package io.polarity.pipeline.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.typesafe.config.ConfigFactory;
import io.polarity.pipeline.SparkTestBase;
import io.polarity.pipeline.config.ConfigLoader;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.ingest.QuarantineRecord;
import io.polarity.pipeline.ingest.Review;
import io.polarity.pipeline.io.Tables;
import io.polarity.pipeline.testing.LargeTasks;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessStageTest extends SparkTestBase {
  @TempDir Path dir;

  private static Review review(String id, String split, String label, String text) {
    return new Review(id, "test", null, null, text, label, null, split, "ingest-1");
  }

  private String ingestOutput(String name, List<Review> reviews) {
    Path path = dir.resolve(name);
    Tables.toTable(spark.createDataset(reviews, Review.ENCODER))
        .write()
        .partitionBy("split")
        .parquet(path.resolve("reviews").toString());
    return path.toString();
  }

  private PreprocessResult preprocess(String input, String output, String hocon) {
    return preprocess(input, output, hocon, UnaryOperator.identity());
  }

  private PreprocessResult preprocess(
      String input, String output, String hocon, UnaryOperator<Dataset<FeatureRow>> beforeWrite) {
    return new PreprocessStage(
            spark,
            PreprocessConfig.from(
                ConfigFactory.parseString(
                        "preprocess { input = \""
                            + input
                            + "\", output = \""
                            + output
                            + "\" }\n"
                            + hocon)
                    .withFallback(ConfigLoader.defaults())
                    .resolve()),
            beforeWrite)
        .run();
  }

  private List<FeatureRow> features(String output) {
    return Tables.read(spark, output + "/features", FeatureRow.ENCODER).collectAsList();
  }

  private static final List<Review> SMALL =
      List.of(
          review("a", "train", "positive", "Good movie"),
          review("b", "train", "negative", "Bad movie!"),
          review("c", "train", "positive", "good GOOD fun"),
          review("d", "train", null, "an unlabelled movie"),
          review("v", "validation", "negative", "Dreadful movie, bad"),
          review("t", "test", "positive", "<br /><br /> -- "));

  /**
   * A vocabulary of some 50,000 terms (over 5 MB; a task carrying it was 5,431 KiB) reaches the
   * executors as a broadcast, never inside a task: no stage exceeds Spark's recommended task size.
   */
  @Test
  void noTaskCarriesTheVocabulary() {
    Path input = dir.resolve("wide");
    Tables.toTable(
            spark
                .range(0, 3000, 1, 4)
                .map(
                    (MapFunction<Long, Review>)
                        i -> {
                          Random random = new Random(i);
                          StringBuilder text = new StringBuilder();
                          for (int w = 0; w < 80; w++) {
                            text.append(" w").append(random.nextInt(30_000));
                          }
                          return review(
                              "r" + i,
                              i % 5 == 0 ? "validation" : "train",
                              random.nextBoolean() ? "positive" : "negative",
                              text.toString());
                        },
                    Review.ENCODER))
        .write()
        .partitionBy("split")
        .parquet(input.resolve("reviews").toString());

    try (LargeTasks tasks = LargeTasks.watch()) {
      PreprocessResult result =
          preprocess(
              input.toString(),
              dir.resolve("wide-features").toString(),
              "preprocess.vocabulary.min-doc-freq = 1");

      assertThat(result.vocabulary().size()).isGreaterThan(40_000);
      assertThat(tasks.warnings()).isEmpty();
    }
  }

  @Test
  void buildsTheVocabularyFromTheTrainSplitOnly() {
    String out = dir.resolve("out").toString();
    PreprocessResult result =
        preprocess(ingestOutput("in", SMALL), out, "preprocess.vocabulary.min-doc-freq = 1");

    Vocabulary vocabulary = Vocabulary.load(spark, out + "/vocabulary");
    assertThat(vocabulary.labels()).containsExactly("negative", "positive");
    assertThat(vocabulary.entries())
        .extracting(
            VocabularyEntry::getId,
            VocabularyEntry::getTerm,
            VocabularyEntry::getDocFreq,
            e -> e.getClassDocFreq()[0],
            e -> e.getClassDocFreq()[1])
        .containsExactly(
            tuple(2, "movie", 3L, 1L, 1L),
            tuple(3, "good", 2L, 0L, 2L),
            tuple(4, "!", 1L, 1L, 0L),
            tuple(5, "an", 1L, 0L, 0L),
            tuple(6, "bad", 1L, 1L, 0L),
            tuple(7, "fun", 1L, 0L, 1L),
            tuple(8, "unlabelled", 1L, 0L, 0L),
            tuple(9, "an unlabelled", 1L, 0L, 0L),
            tuple(10, "bad movie", 1L, 1L, 0L),
            tuple(11, "good fun", 1L, 0L, 1L),
            tuple(12, "good good", 1L, 0L, 1L),
            tuple(13, "good movie", 1L, 0L, 1L),
            tuple(14, "movie !", 1L, 1L, 0L),
            tuple(15, "unlabelled movie", 1L, 0L, 0L));
    assertThat(vocabulary.entries())
        .extracting(VocabularyEntry::getTerm)
        .doesNotContain("dreadful");
    assertThat(result.vocabulary().size()).isEqualTo(16);
    assertThat(result.vocabulary().unigrams()).isEqualTo(7);
    assertThat(result.vocabulary().trainDocuments()).isEqualTo(4);
  }

  @Test
  void writesFeaturesThatReadBackExactly() {
    String out = dir.resolve("out").toString();
    preprocess(ingestOutput("in", SMALL), out, "preprocess.vocabulary.min-doc-freq = 1");

    assertThat(features(out))
        .extracting(
            FeatureRow::getReviewId,
            FeatureRow::getSplit,
            FeatureRow::getLabelIndex,
            FeatureRow::getTokenIds,
            FeatureRow::getNgramIds,
            FeatureRow::getNgramCounts,
            FeatureRow::getNumTokens,
            FeatureRow::getOovTokens)
        .containsExactlyInAnyOrder(
            tuple(
                "a", "train", 1, new int[] {3, 2}, new int[] {2, 3, 13}, new int[] {1, 1, 1}, 2, 0),
            tuple(
                "b",
                "train",
                0,
                new int[] {6, 2, 4},
                new int[] {2, 4, 6, 10, 14},
                new int[] {1, 1, 1, 1, 1},
                3,
                0),
            tuple(
                "c",
                "train",
                1,
                new int[] {3, 3, 7},
                new int[] {3, 7, 11, 12},
                new int[] {2, 1, 1, 1},
                3,
                0),
            tuple(
                "d",
                "train",
                -1,
                new int[] {5, 8, 2},
                new int[] {2, 5, 8, 9, 15},
                new int[] {1, 1, 1, 1, 1},
                3,
                0),
            tuple(
                "v",
                "validation",
                0,
                new int[] {1, 2, 6},
                new int[] {2, 6},
                new int[] {1, 1},
                3,
                1));
  }

  @Test
  void quarantinesReviewsWithoutTokensAndReportsTheCorpus() {
    String out = dir.resolve("out").toString();
    PreprocessResult result =
        preprocess(
            ingestOutput("in", SMALL),
            out,
            "preprocess { run-id = p1, vocabulary.min-doc-freq = 1 }");

    assertThat(result.read()).isEqualTo(6);
    assertThat(result.featurized()).isEqualTo(5);
    assertThat(result.quarantined()).isEqualTo(1);
    assertThat(Tables.read(spark, out + "/quarantine", QuarantineRecord.ENCODER).collectAsList())
        .extracting(
            QuarantineRecord::getReason,
            QuarantineRecord::getDetail,
            QuarantineRecord::getRawRecord)
        .containsExactly(
            tuple(
                "empty_after_normalisation",
                "review t (test) has no token after normalisation",
                "<br /><br /> -- "));
    assertThat(result.metric("validation", "oov-rate").getValue()).isEqualTo(1 / 3.0);
    assertThat(result.metric("train", "documents").getValue()).isEqualTo(4.0);
    assertThat(result.metric("train", "label.(none)").getValue()).isEqualTo(1.0);
    assertThat(result.metric("train", "tokens.max").getValue()).isEqualTo(3.0);
    assertThat(result.metric("all", "quarantined").getValue()).isEqualTo(1.0);
    assertThat(spark.read().parquet(out + "/corpus_report").count())
        .isEqualTo(result.report().size());
  }

  @Test
  void aFeatureRowLostBeforeTheWriteFailsTheRunNamingTheCounts() {
    String out = dir.resolve("out").toString();
    String input = ingestOutput("in", SMALL);
    preprocess(input, out, "preprocess { run-id = good, vocabulary.min-doc-freq = 1 }");

    assertThatThrownBy(
            () ->
                preprocess(
                    input,
                    out,
                    "preprocess { run-id = lossy, vocabulary.min-doc-freq = 1 }",
                    rows -> rows.filter("reviewId <> 'b'")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "preprocess counts do not add up: read 6, but featurized 4 + quarantined 1 = 5;"
                + " the output was not committed");
    assertThat(features(out)).hasSize(5);
  }

  @Test
  void appliesTheMinimumDocumentFrequencyAndSizeLimits() {
    String out = dir.resolve("out").toString();
    preprocess(
        ingestOutput("in", SMALL),
        out,
        "preprocess { ngrams = 1, vocabulary { min-doc-freq = 2, max-unigrams = 1 } }");

    assertThat(Vocabulary.load(spark, out + "/vocabulary").entries())
        .extracting(VocabularyEntry::getId, VocabularyEntry::getTerm)
        .containsExactly(tuple(2, "movie"));
  }

  @Test
  void keepsIdsWhenAVocabularyIsReused() {
    String first = dir.resolve("first").toString();
    preprocess(ingestOutput("in", SMALL), first, "preprocess.vocabulary.min-doc-freq = 1");
    String second = dir.resolve("second").toString();
    PreprocessResult again =
        preprocess(
            ingestOutput(
                "other", List.of(review("x", "train", "positive", "fun fun movie, new words"))),
            second,
            "preprocess.vocabulary.reuse = \"" + first + "/vocabulary\"");

    Vocabulary reused = Vocabulary.load(spark, first + "/vocabulary");
    assertThat(again.vocabulary().version()).isEqualTo(reused.manifest().version());
    assertThat(features(second))
        .extracting(FeatureRow::getTokenIds)
        .containsExactly(new int[] {7, 7, 2, 1, 1});
  }

  @Test
  void cutsLongSequencesAtTheConfiguredEnd() {
    List<Review> reviews = List.of(review("a", "train", "positive", "one two three four five"));
    String head = dir.resolve("head").toString();
    String tail = dir.resolve("tail").toString();
    String input = ingestOutput("in", reviews);
    String limits = "preprocess { vocabulary.min-doc-freq = 1, ngrams = 1, sequence.max-tokens = 2";

    preprocess(input, head, limits + " }");
    preprocess(input, tail, limits + ", sequence.truncate = tail }");

    // ids by document frequency (all 1), then term: five=2 four=3 one=4 three=5 two=6
    assertThat(features(head))
        .extracting(FeatureRow::getTokenIds)
        .containsExactly(new int[] {4, 6});
    assertThat(features(tail))
        .extracting(FeatureRow::getTokenIds)
        .containsExactly(new int[] {3, 2});
    assertThat(features(head)).extracting(FeatureRow::getNumTokens).containsExactly(5);
  }

  @Test
  void countsTrigramsAndFeaturizesThem() {
    String out = dir.resolve("out").toString();
    preprocess(
        ingestOutput("in", List.of(review("a", "train", "positive", "not at all bad"))),
        out,
        "preprocess { ngrams = 3, vocabulary.min-doc-freq = 1 }");

    assertThat(Vocabulary.load(spark, out + "/vocabulary").entries())
        .extracting(VocabularyEntry::getTerm, VocabularyEntry::getN)
        .containsExactly(
            tuple("all", 1),
            tuple("at", 1),
            tuple("bad", 1),
            tuple("not", 1),
            tuple("all bad", 2),
            tuple("at all", 2),
            tuple("at all bad", 3),
            tuple("not at", 2),
            tuple("not at all", 3));
    assertThat(features(out))
        .extracting(FeatureRow::getNgramIds)
        .containsExactly(new int[] {2, 3, 4, 5, 6, 7, 8, 9, 10});
  }

  @Test
  void cutsChineseIntoCharactersAndCountsTheirPairs() {
    String out = dir.resolve("out").toString();
    preprocess(
        ingestOutput(
            "in",
            List.of(
                review("a", "train", "positive", "物流很快，好评！"),
                review("b", "train", "negative", "物流太慢了"))),
        out,
        "preprocess { vocabulary.min-doc-freq = 2, normalise.unspaced-scripts = characters }");

    // the terms of both reviews: their two characters and the pair
    assertThat(Vocabulary.load(spark, out + "/vocabulary").entries())
        .extracting(VocabularyEntry::getTerm, VocabularyEntry::getN)
        .containsExactly(tuple("流", 1), tuple("物", 1), tuple("物 流", 2));
    assertThat(
            Vocabulary.load(spark, out + "/vocabulary").manifest().normalizer().unspacedScripts())
        .isEqualTo(NormalizerConfig.UnspacedScripts.CHARACTERS);
  }

  @Test
  void aFailedRunLeavesThePreviousOutputIntact() {
    String out = dir.resolve("out").toString();
    String input = ingestOutput("in", SMALL);
    preprocess(input, out, "preprocess { run-id = good, vocabulary.min-doc-freq = 1 }");
    String unlabelled =
        ingestOutput("unlabelled", List.of(review("u", "train", null, "no label here")));

    assertThatThrownBy(() -> preprocess(unlabelled, out, "preprocess.run-id = bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "preprocess.input has no labelled review in its train split; nothing to learn from");

    assertThat(features(out)).hasSize(5);
    assertThat(
            spark
                .read()
                .parquet(out + "/corpus_report")
                .select("run_id")
                .distinct()
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("good");
    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("in", "unlabelled", "out");
  }

  @Test
  void rejectsAnInputWithoutAReviewTableAndAMissingVocabulary() {
    String out = dir.resolve("out").toString();
    assertThatThrownBy(() -> preprocess(dir.resolve("nothing").toString(), out, ""))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "preprocess.input must be an ingest output with a reviews/ table, but "
                + dir.resolve("nothing/reviews")
                + " does not exist");
    String input = ingestOutput("in", SMALL);
    assertThatThrownBy(
            () -> preprocess(input, out, "preprocess.vocabulary.reuse = \"" + dir + "/none\""))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("preprocess.vocabulary.reuse must name a vocabulary directory");
  }
}
