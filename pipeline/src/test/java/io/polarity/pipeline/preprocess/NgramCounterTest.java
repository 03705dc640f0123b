package io.polarity.pipeline.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class NgramCounterTest {
  private static final TermIndex WORDS =
      TermIndex.ofWords(List.of("not", "good", "bad", "movie", "at", "all"));

  private static TokenizedReview doc(int label, String text) {
    return new TokenizedReview("r", "s", "train", null, label, text.split(" "));
  }

  /** Rows added up by key, as Spark's aggregation does: term -> [docFreq, per label...]. */
  private static Map<String, List<Long>> counted(
      List<TokenizedReview> docs, int maxN, int maxEntries) {
    Map<String, List<Long>> byTerm = new HashMap<>();
    List<String> words = List.of("not", "good", "bad", "movie", "at", "all");
    new NgramCounter(WORDS, maxN, 2, maxEntries)
        .count(docs.iterator())
        .forEachRemaining(
            (Row row) -> {
              List<Long> values = new ArrayList<>();
              for (int i = 1; i < row.size(); i++) {
                values.add(row.getLong(i));
              }
              byTerm.merge(
                  TermIndex.term(row.getLong(0), words),
                  values,
                  (a, b) -> {
                    List<Long> sum = new ArrayList<>();
                    for (int i = 0; i < a.size(); i++) {
                      sum.add(a.get(i) + b.get(i));
                    }
                    return sum;
                  });
            });
    return byTerm;
  }

  @Test
  void countsEachNgramOncePerDocumentByLabel() {
    List<TokenizedReview> docs =
        List.of(
            doc(1, "good movie good movie"),
            doc(0, "not good at all bad movie"),
            doc(-1, "good movie"),
            // "unknown" is no dictionary word: no n-gram crosses it
            doc(0, "not unknown good"));

    Map<String, List<Long>> counts = counted(docs, 3, 1 << 20);

    assertThat(counts)
        .containsOnly(
            Map.entry("good movie", List.of(2L, 0L, 1L)),
            Map.entry("movie good", List.of(1L, 0L, 1L)),
            Map.entry("good movie good", List.of(1L, 0L, 1L)),
            Map.entry("movie good movie", List.of(1L, 0L, 1L)),
            Map.entry("not good", List.of(1L, 1L, 0L)),
            Map.entry("good at", List.of(1L, 1L, 0L)),
            Map.entry("at all", List.of(1L, 1L, 0L)),
            Map.entry("all bad", List.of(1L, 1L, 0L)),
            Map.entry("bad movie", List.of(1L, 1L, 0L)),
            Map.entry("not good at", List.of(1L, 1L, 0L)),
            Map.entry("good at all", List.of(1L, 1L, 0L)),
            Map.entry("at all bad", List.of(1L, 1L, 0L)),
            Map.entry("all bad movie", List.of(1L, 1L, 0L)));
  }

  @Test
  void aFullTableEmitsItsCountsAndTheSumsStayTheSame() {
    String[] words = {"not", "good", "bad", "movie", "at", "all", "unknown"};
    Random random = new Random(7);
    List<TokenizedReview> docs = new ArrayList<>();
    for (int d = 0; d < 300; d++) {
      StringBuilder text = new StringBuilder(words[random.nextInt(words.length)]);
      for (int i = random.nextInt(30); i > 0; i--) {
        text.append(' ').append(words[random.nextInt(words.length)]);
      }
      docs.add(doc(random.nextInt(3) - 1, text.toString()));
    }

    Map<String, List<Long>> whole = counted(docs, 3, 1 << 20);
    // a table of 5 keys fills within a document or two: it is emitted and cleared many times
    Map<String, List<Long>> flushed = counted(docs, 3, 5);

    assertThat(whole).hasSizeGreaterThan(150);
    assertThat(flushed).isEqualTo(whole);
  }

  @Test
  void anEmptyPartitionHasNoRows() {
    assertThat(new NgramCounter(WORDS, 2, 2, 8).count(List.<TokenizedReview>of().iterator()))
        .isExhausted();
  }
}
