package io.polarity.pipeline.ingest;

import static io.polarity.pipeline.ingest.IngestFixtures.config;
import static io.polarity.pipeline.ingest.IngestFixtures.quoted;
import static io.polarity.pipeline.ingest.IngestFixtures.write;
import static io.polarity.pipeline.ingest.IngestFixtures.writeBytes;
import static io.polarity.pipeline.ingest.IngestFixtures.writeGzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.polarity.pipeline.SparkTestBase;
import io.polarity.pipeline.config.InvalidConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestStageTest extends SparkTestBase {
  @TempDir Path dir;

  private IngestResult ingest(String hocon) {
    return new IngestStage(
            spark, config("ingest.output = " + quoted(dir.resolve("out")) + "\n" + hocon))
        .run();
  }

  private List<Review> reviews() {
    return IngestFixtures.reviews(spark, dir.resolve("out"));
  }

  private List<QuarantineRecord> quarantine() {
    return IngestFixtures.quarantine(spark, dir.resolve("out"));
  }

  private static String source(String format, Path path) {
    return "ingest.source { format = " + format + ", path = " + quoted(path) + " }\n";
  }

  @Test
  void readsTheAclImdbLayoutWithLabelsRatingsAndDesignatedSplits() {
    Path root = dir.resolve("aclImdb");
    write(root.resolve("train/pos/10_9.txt"), "A wonderful film.<br /><br />Loved it.");
    write(root.resolve("train/neg/11_2.txt"), "Dull and far too long.");
    write(root.resolve("test/pos/12_8.txt"), "Great acting throughout.");
    write(root.resolve("test/neg/13_1.txt"), "Awful script.");
    write(root.resolve("train/unsup/14_0.txt"), "I saw it on a plane.");
    write(root.resolve("train/pos/notes.txt"), "not a review");
    writeBytes(root.resolve("train/neg/15_3.txt"), new byte[] {'b', 'a', 'd', (byte) 0xC3, 0x28});
    write(root.resolve("train/pos/16_10.txt"), "  \n ");

    IngestResult result =
        ingest(
            source("aclimdb", root)
                + "ingest.split { validation-fraction = 0, test-fraction = 0 }");

    assertThat(reviews())
        .extracting(Review::getSourceId, Review::getLabel, Review::getRating, Review::getSplit)
        .containsExactlyInAnyOrder(
            tuple("train/pos/10", "positive", 9.0, "train"),
            tuple("train/neg/11", "negative", 2.0, "train"),
            tuple("test/pos/12", "positive", 8.0, "test"),
            tuple("test/neg/13", "negative", 1.0, "test"),
            tuple("train/unsup/14", null, 0.0, "train"));
    assertThat(reviews()).extracting(Review::getSource).containsOnly("aclimdb");
    assertThat(reviews())
        .filteredOn(r -> r.getSourceId().equals("train/pos/10"))
        .extracting(Review::getText)
        .containsExactly("A wonderful film.<br /><br />Loved it.");
    assertThat(quarantine())
        .extracting(
            q -> q.getSourceFile().replaceAll(".*aclImdb/", ""), QuarantineRecord::getReason)
        .containsExactlyInAnyOrder(
            tuple("train/pos/notes.txt", "bad_file_name"),
            tuple("train/neg/15_3.txt", "invalid_encoding"),
            tuple("train/pos/16_10.txt", "empty_text"));
    SourceCounts counts = result.bySource().get("aclimdb");
    assertThat(counts.read()).isEqualTo(8);
    assertThat(counts.accepted()).isEqualTo(5);
    assertThat(counts.quarantined()).isEqualTo(3);
    assertThat(counts.duplicates()).isZero();
    assertThat(counts.bySplit())
        .containsExactlyInAnyOrderEntriesOf(Map.of("train", 3L, "test", 2L));
    assertThat(counts.byLabel())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("positive", 2L, "negative", 2L, SourceCounts.NO_LABEL, 1L));
  }

  @Test
  void readsCsvWithQuotingLabelValuesAndQuarantinesBadRows() {
    Path csv =
        write(
            dir.resolve("reviews.csv"),
            String.join(
                "\n",
                "review,sentiment",
                "\"Loved it, \"\"truly\"\" great.\",positive",
                "Terrible film,negative",
                "Quite good,POS",
                "Not sure what to think,",
                "Meh,maybe",
                "\"unterminated quote,positive",
                ""));

    IngestResult result =
        ingest(source("csv", csv) + "ingest.split { validation-fraction = 0, test-fraction = 0 }");

    assertThat(reviews())
        .extracting(Review::getText, Review::getLabel)
        .containsExactlyInAnyOrder(
            tuple("Loved it, \"truly\" great.", "positive"),
            tuple("Terrible film", "negative"),
            tuple("Quite good", "positive"),
            tuple("Not sure what to think", null));
    assertThat(quarantine())
        .extracting(QuarantineRecord::getReason, QuarantineRecord::getRawRecord)
        .containsExactlyInAnyOrder(
            tuple("unknown_label", "label=maybe | text=Meh"),
            tuple("malformed_csv", "\"unterminated quote,positive"));
    SourceCounts counts = result.bySource().get("csv");
    assertThat(counts.read())
        .isEqualTo(counts.accepted() + counts.quarantined() + counts.duplicates());
    assertThat(counts.byReason())
        .containsExactlyInAnyOrderEntriesOf(Map.of("unknown_label", 1L, "malformed_csv", 1L));
  }

  @Test
  void readsTsvWithConfiguredColumnsAndRatingThresholds() {
    Path tsv =
        write(
            dir.resolve("stars.tsv"),
            "id\tbody\tstars\nr1\tExcellent value\t5\nr2\tBroke in a week\t1\nr3\tIt is fine\t3\n"
                + "r4\tNo idea\tfive\n");

    ingest(
        source("csv", tsv)
            + "ingest.source { columns { text = body, id = id, label = \"\", rating = stars },"
            + " csv.separator = \"\\t\","
            + " labels { from = rating, rating-ranges { bad = [1, 2], good = [4, 5] },"
            + " unmatched = unlabeled } }");

    assertThat(reviews())
        .extracting(Review::getSourceId, Review::getLabel, Review::getRating)
        .containsExactlyInAnyOrder(
            tuple("r1", "good", 5.0), tuple("r2", "bad", 1.0), tuple("r3", null, 3.0));
    assertThat(quarantine())
        .extracting(QuarantineRecord::getReason, QuarantineRecord::getDetail)
        .containsExactly(tuple("invalid_rating", "rating 'five' is not a number"));
  }

  @Test
  void readsPlainGzipAndBzip2JsonLinesAndQuarantinesBadLines() throws IOException {
    Path folder = dir.resolve("amazon");
    write(
        folder.resolve("part-1.jsonl"),
        "{\"reviewText\": \"Works perfectly\", \"overall\": 5.0}\n"
            + "{\"reviewText\": \"Stopped working\", \"overall\": 1}\n"
            + "{not json at all\n"
            + "{\"summary\": \"no text here\", \"overall\": 4}\n");
    writeGzip(
        folder.resolve("part-2.jsonl.gz"),
        "{\"reviewText\": \"Average\", \"overall\": 3}\n{\"reviewText\": \"\", \"overall\": 2}\n");
    BZip2Codec bzip2 = new BZip2Codec();
    bzip2.setConf(new Configuration());
    try (OutputStream out =
        bzip2.createOutputStream(Files.newOutputStream(folder.resolve("part-3.jsonl.bz2")))) {
      out.write(
          "{\"reviewText\": \"Good enough\", \"overall\": 4}\n".getBytes(StandardCharsets.UTF_8));
    }

    IngestResult result = ingest(source("jsonl", folder));

    assertThat(reviews())
        .extracting(Review::getText, Review::getLabel, Review::getRating)
        .containsExactlyInAnyOrder(
            tuple("Works perfectly", "positive", 5.0),
            tuple("Stopped working", "negative", 1.0),
            tuple("Average", null, 3.0),
            tuple("Good enough", "positive", 4.0));
    assertThat(quarantine())
        .extracting(QuarantineRecord::getReason, QuarantineRecord::getRawRecord)
        .containsExactlyInAnyOrder(
            tuple("invalid_json", "{not json at all"),
            tuple("missing_text", "rating=4"),
            tuple("empty_text", "rating=2 | text="));
    assertThat(result.bySource().get("jsonl").read()).isEqualTo(7);
  }

  @Test
  void keepsOneCopyOfDuplicatesPreferringALabelledOne() {
    Path csv =
        write(
            dir.resolve("dups.csv"),
            "review,sentiment\n"
                + "Great movie,\n"
                + "great   MOVIE<br />,positive\n"
                + "Great movie,positive\n"
                + "Something else entirely,negative\n");

    // every copy in train, so that only the labelled-first and smallest-id rules decide
    IngestResult result =
        ingest(source("csv", csv) + "ingest.split { validation-fraction = 0, test-fraction = 0 }");

    assertThat(reviews())
        .extracting(Review::getText, Review::getLabel)
        .containsExactlyInAnyOrder(
            tuple("Something else entirely", "negative"),
            tuple(
                Stream.of("great   MOVIE<br />", "Great movie")
                    .min(
                        (a, b) ->
                            ReviewIds.reviewId("csv", null, a)
                                .compareTo(ReviewIds.reviewId("csv", null, b)))
                    .get(),
                "positive"));
    SourceCounts counts = result.bySource().get("csv");
    assertThat(counts.read()).isEqualTo(4);
    assertThat(counts.accepted()).isEqualTo(2);
    assertThat(counts.duplicates()).isEqualTo(2);
    assertThat(counts.quarantined()).isZero();
  }

  @Test
  void quarantinesReviewsOverTheSizeLimitAndTruncatesTheRawRecord() {
    Path csv =
        write(
            dir.resolve("long.csv"),
            "review,sentiment\n" + "x".repeat(300) + ",positive\nshort,negative\n");

    ingest(source("csv", csv) + "ingest { max-review-chars = 100, quarantine-raw-chars = 20 }");

    assertThat(reviews()).extracting(Review::getText).containsExactly("short");
    assertThat(quarantine())
        .extracting(QuarantineRecord::getReason, QuarantineRecord::getRawRecord)
        .containsExactly(tuple("too_long", "label=positive | tex...[302 more chars]"));
  }

  @Test
  void countsEachSourceOfAMultiSourceRunAndDropsCrossSourceDuplicatesOnce() {
    Path a =
        write(dir.resolve("a.csv"), "review,sentiment\nShared text,positive\nOnly in a,negative\n");
    Path b =
        write(
            dir.resolve("b.jsonl"),
            "{\"reviewText\":\"Shared text\",\"overall\":5}\n{\"reviewText\":\"\"}\n");

    IngestResult result =
        ingest(
            "ingest.sources = [ { name = a, format = csv, path = "
                + quoted(a)
                + " },"
                + " { name = b, format = jsonl, path = "
                + quoted(b)
                + " } ]");

    String keptSource =
        ReviewIds.reviewId("a", null, "Shared text")
                    .compareTo(ReviewIds.reviewId("b", null, "Shared text"))
                < 0
            ? "a"
            : "b";
    assertThat(reviews())
        .extracting(Review::getSource, Review::getText)
        .containsExactlyInAnyOrder(tuple("a", "Only in a"), tuple(keptSource, "Shared text"));
    for (String name : List.of("a", "b")) {
      SourceCounts c = result.bySource().get(name);
      assertThat(c.read()).as(name).isEqualTo(c.accepted() + c.quarantined() + c.duplicates());
    }
    assertThat(result.total(SourceCounts::read)).isEqualTo(4);
    assertThat(result.total(SourceCounts::duplicates)).isEqualTo(1);
    assertThat(result.total(SourceCounts::quarantined)).isEqualTo(1);
    assertThat(
            spark
                .read()
                .parquet(dir.resolve("out/data_quality").toString())
                .filter("metric = 'read'")
                .selectExpr("source", "value")
                .collectAsList())
        .extracting(r -> r.getString(0), r -> r.getLong(1))
        .containsExactlyInAnyOrder(tuple("a", 2L), tuple("b", 2L));
  }

  @Test
  void keepsEveryOldReviewInItsSplitWhenTheCorpusGrows() {
    StringBuilder first = new StringBuilder("id,review,sentiment\n");
    for (int i = 0; i < 300; i++) {
      first.append("r").append(i).append(",review number ").append(i).append(",positive\n");
    }
    StringBuilder grown = new StringBuilder(first);
    for (int i = 300; i < 600; i++) {
      grown.append("r").append(i).append(",review number ").append(i).append(",negative\n");
    }
    String columns = "ingest.source.columns.id = id\n";
    Path csv = write(dir.resolve("corpus/reviews.csv"), first.toString());
    ingest(source("csv", csv) + columns);
    Map<String, String> before = splitsById();
    write(csv, grown.toString());
    ingest(source("csv", csv) + columns);
    Map<String, String> after = splitsById();

    assertThat(after).hasSize(600).containsAllEntriesOf(before);
    assertThat(before.values()).contains("train", "validation", "test");
  }

  private Map<String, String> splitsById() {
    return reviews().stream()
        .collect(java.util.stream.Collectors.toMap(Review::getSourceId, Review::getSplit));
  }

  @Test
  void aFailedRunLeavesThePreviousOutputIntact() throws IOException {
    Path folder = dir.resolve("in");
    write(folder.resolve("good.jsonl"), "{\"reviewText\":\"Fine\",\"overall\":5}\n");
    ingest(source("jsonl", folder) + "ingest.run-id = first");
    writeBytes(
        folder.resolve("broken.jsonl.gz"),
        "this is not gzip data".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(
            () ->
                ingest(
                    source("jsonl", folder)
                        + "ingest { run-id = second, on-unreadable-file = fail }"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot read file:" + folder.resolve("broken.jsonl.gz") + ": ")
        .hasMessageContaining("java.io.IOException: not a gzip file")
        .hasMessageEndingWith(
            "; ingest.on-unreadable-file = fail stops the run (quarantine: ingest the rest)");

    assertThat(reviews())
        .extracting(Review::getRunId, Review::getText)
        .containsExactly(tuple("first", "Fine"));
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("in", "out");
    }
  }

  @Test
  void rejectsAMissingInputPathAndAMissingCsvColumnUpFront() {
    assertThatThrownBy(() -> ingest(source("csv", dir.resolve("nowhere.csv"))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("input path does not exist")
        .hasMessageContaining("nowhere.csv");
    Path csv = write(dir.resolve("cols.csv"), "text,label\nhi,positive\n");
    assertThatThrownBy(() -> ingest(source("csv", csv)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("CSV column 'review' is not in the header")
        .hasMessageContaining("[text, label]");
  }

  /** The movie the test gives review N of a class folder: three reviews per movie. */
  private static String movieOf(String cls, int id) {
    return "tt" + (cls.equals("neg") ? 5000 : 1000) + id / 3;
  }

  /** An aclImdb train folder of 40 movies x 3 reviews per class, with its urls files. */
  private Path moviesCorpus(boolean withUrls) {
    Path root = dir.resolve("aclImdb");
    for (String cls : List.of("pos", "neg")) {
      StringBuilder urls = new StringBuilder();
      for (int id = 0; id < 120; id++) {
        write(
            root.resolve("train/" + cls + "/" + id + "_" + (cls.equals("pos") ? 8 : 2) + ".txt"),
            cls + " review " + id + " of " + movieOf(cls, id));
        urls.append("http://www.imdb.com/title/")
            .append(movieOf(cls, id))
            .append("/usercomments\n");
      }
      if (withUrls) {
        write(root.resolve("train/urls_" + cls + ".txt"), urls.toString());
      }
    }
    return root;
  }

  /** The split of each movie's reviews, by movie (derived from the ids, as written above). */
  private Map<String, Set<String>> splitsByMovie() {
    Map<String, Set<String>> splits = new TreeMap<>();
    for (Review r : reviews()) {
      String[] id = r.getSourceId().split("/");
      splits
          .computeIfAbsent(movieOf(id[1], Integer.parseInt(id[2])), m -> new TreeSet<>())
          .add(r.getSplit());
    }
    return splits;
  }

  @Test
  void groupByPutsEveryReviewOfAMovieInOneSplitFromTheUrlsFiles() {
    Path root = moviesCorpus(true);
    String split = "ingest.split { validation-fraction = 0.3, test-fraction = 0, group-by = ";

    SourceCounts byReview =
        ingest(source("aclimdb", root) + split + "review }").bySource().get("aclimdb");
    assertThat(reviews()).hasSize(240);
    assertThat(splitsByMovie().values()).anyMatch(s -> s.size() > 1);
    assertThat(List.of(byReview.grouped(), byReview.ungrouped())).containsExactly(0L, 0L);

    SourceCounts byGroup =
        ingest(source("aclimdb", root) + split + "group }").bySource().get("aclimdb");
    Map<String, Set<String>> byMovie = splitsByMovie();
    assertThat(reviews()).hasSize(240);
    assertThat(List.of(byGroup.grouped(), byGroup.ungrouped())).containsExactly(240L, 0L);
    assertThat(byMovie).hasSize(80);
    assertThat(byMovie.values()).allMatch(s -> s.size() == 1);
    assertThat(byMovie.values().stream().flatMap(Set::stream))
        .contains(SplitAssigner.TRAIN, SplitAssigner.VALIDATION);
  }

  @Test
  void groupByNamesAMissingUrlsFile() {
    Path root = moviesCorpus(false);
    assertThatThrownBy(() -> ingest(source("aclimdb", root) + "ingest.split.group-by = group"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(root.resolve("train/urls_neg.txt").toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("group-by = review");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void groupByCountsTheReviewsBeyondTheEndOfAShortUrlsFile() throws IOException {
    Path root = moviesCorpus(true);
    Path urls = root.resolve("train/urls_neg.txt");
    Files.write(urls, Files.readAllLines(urls).subList(0, 90));

    IngestResult result =
        ingest(
            source("aclimdb", root)
                + "ingest.split { validation-fraction = 0.3, test-fraction = 0, group-by = group }");

    // neg reviews 90-119 have no line, so no movie: each is split on its own
    SourceCounts c = result.bySource().get("aclimdb");
    assertThat(List.of(c.grouped(), c.ungrouped())).containsExactly(210L, 30L);
    assertThat(result.dataQuality())
        .filteredOn(r -> r.getMetric().startsWith("split.") && r.getMetric().endsWith("grouped"))
        .extracting(DataQualityRow::getMetric, DataQualityRow::getValue)
        .containsExactlyInAnyOrder(tuple("split.grouped", 210L), tuple("split.ungrouped", 30L));
    assertThat(reviews()).hasSize(240);
  }

  @Test
  void groupByRefusesASourceWhoseReviewsHaveNoGroupKeyAndKeepsThePreviousOutput() {
    Path file =
        write(
            dir.resolve("reviews.jsonl"),
            "{\"reviewText\":\"Fine\",\"overall\":5,\"asin\":\"p1\"}\n"
                + "{\"reviewText\":\"Poor\",\"overall\":1,\"asin\":\"p2\"}\n");
    String split = "ingest.split.group-by = group\n";
    ingest(source("jsonl", file) + split + "ingest.source.columns.group = asin");
    List<Review> before = reviews();

    // a misspelt field name reads as null in every JSON line
    assertThatThrownBy(
            () -> ingest(source("jsonl", file) + split + "ingest.source.columns.group = asn"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("none of the 2 reviews of source 'jsonl' has a group key")
        .hasMessageContaining("the field 'asn'")
        .hasMessageContaining("group-by = review");
    assertThat(reviews()).containsExactlyInAnyOrderElementsOf(before).hasSize(2);
  }

  @Test
  void groupByKeepsTheReviewsOfAProductTogetherInCsv() {
    StringBuilder csv = new StringBuilder("review,sentiment,product\n");
    for (int i = 0; i < 90; i++) {
      csv.append("review ").append(i).append(i % 2 == 0 ? ",positive," : ",negative,");
      csv.append("p").append(i % 30).append('\n');
    }
    Path file = write(dir.resolve("products.csv"), csv.toString());

    ingest(
        "ingest.source { format = csv, path = "
            + quoted(file)
            + ", columns.group = product }\n"
            + "ingest.split { validation-fraction = 0.3, test-fraction = 0.3, group-by = group }");

    Map<String, Set<String>> byProduct = new TreeMap<>();
    for (Review r : reviews()) {
      int i = Integer.parseInt(r.getText().substring("review ".length()));
      byProduct.computeIfAbsent("p" + i % 30, p -> new TreeSet<>()).add(r.getSplit());
    }
    assertThat(reviews()).hasSize(90);
    assertThat(byProduct).hasSize(30);
    assertThat(byProduct.values()).allMatch(s -> s.size() == 1);
    assertThat(byProduct.values().stream().flatMap(Set::stream))
        .contains(SplitAssigner.TRAIN, SplitAssigner.VALIDATION, SplitAssigner.TEST);
  }

  @Test
  void aTextInTestAndTrainKeepsItsTestCopyEvenWhenOnlyTheTrainCopyIsLabelled() {
    Path root = dir.resolve("aclImdb");
    write(root.resolve("train/pos/1_9.txt"), "Seen it twice, loved it both times.");
    write(root.resolve("test/unsup/2_0.txt"), "Seen it twice,  loved it both times.");
    write(root.resolve("train/neg/3_2.txt"), "A mess from start to end.");
    write(root.resolve("test/neg/4_1.txt"), "a  MESS from start to end.");

    IngestResult result =
        ingest(
            source("aclimdb", root)
                + "ingest.split { validation-fraction = 0, test-fraction = 0 }");

    assertThat(reviews())
        .extracting(Review::getSourceId, Review::getSplit)
        .containsExactlyInAnyOrder(tuple("test/unsup/2", "test"), tuple("test/neg/4", "test"));
    assertThat(result.bySource().get("aclimdb").duplicates()).isEqualTo(2);
  }

  /**
   * Windows-1252 CSV, GBK lines and Shift_JIS aclImdb files, each read in the encoding its source
   * names; a byte the encoding does not define (0x81 in Windows-1252) is invalid_encoding.
   */
  @Test
  void readsEachSourceInItsOwnEncoding() {
    Charset cp1252 = Charset.forName("windows-1252");
    writeBytes(
        dir.resolve("shop.csv"),
        ("review,sentiment\r\n\"Caf\u00e9 cr\u00e8me \u2019great\u2019 \u2013 loved it\",positive\r\n"
                + "Na\u00efve \u2026 dull,negative\r\n")
            .getBytes(cp1252));
    byte[] undefined = {'b', 'a', 'd', ' ', (byte) 0x81, ',', 'n', 'e', 'g', '\n'};
    writeBytes(dir.resolve("shop2.csv"), undefined);
    writeBytes(
        dir.resolve("good.txt"),
        "\u8d28\u91cf\u5f88\u597d\uff0c\u7269\u6d41\u4e5f\u5feb\n\u975e\u5e38\u6ee1\u610f\n"
            .getBytes(Charset.forName("GBK")));
    writeBytes(
        dir.resolve("aclImdb/train/pos/1_9.txt"),
        "\u3068\u3066\u3082\u9762\u767d\u3044\u6620\u753b\u3067\u3057\u305f\u3002"
            .getBytes(Charset.forName("Shift_JIS")));

    ingest(
        "ingest.sources = [\n"
            + "  { name = shop, format = csv, path = "
            + quoted(dir.resolve("shop.csv"))
            + ", encoding = windows-1252 }\n"
            + "  { name = shop2, format = csv, path = "
            + quoted(dir.resolve("shop2.csv"))
            + ", encoding = windows-1252, csv.header = false, columns { text = 0, label = 1 } }\n"
            + "  { name = good, format = lines, path = "
            + quoted(dir.resolve("good.txt"))
            + ", encoding = GBK, labels.fixed = positive }\n"
            + "  { name = imdb, format = aclimdb, path = "
            + quoted(dir.resolve("aclImdb"))
            + ", encoding = Shift_JIS }\n"
            + "]\n"
            + "ingest.split { validation-fraction = 0, test-fraction = 0 }");

    assertThat(reviews())
        .extracting(Review::getSource, Review::getText, Review::getLabel)
        .containsExactlyInAnyOrder(
            tuple("shop", "Caf\u00e9 cr\u00e8me \u2019great\u2019 \u2013 loved it", "positive"),
            tuple("shop", "Na\u00efve \u2026 dull", "negative"),
            tuple("good", "\u8d28\u91cf\u5f88\u597d\uff0c\u7269\u6d41\u4e5f\u5feb", "positive"),
            tuple("good", "\u975e\u5e38\u6ee1\u610f", "positive"),
            tuple(
                "imdb",
                "\u3068\u3066\u3082\u9762\u767d\u3044\u6620\u753b\u3067\u3057\u305f\u3002",
                "positive"));
    assertThat(quarantine())
        .extracting(QuarantineRecord::getSource, QuarantineRecord::getReason)
        .containsExactly(tuple("shop2", "invalid_encoding"));
  }

  /**
   * A file mostly in another encoding than its source's is quarantined whole, as invalid_encoding
   * naming the setting; random bytes stay binary content (unreadable_file).
   */
  @Test
  void aFileInAnotherEncodingIsInvalidEncodingNotBinary() {
    writeBytes(
        dir.resolve("lines/gbk.txt"),
        "\u8d28\u91cf\u5f88\u597d\uff0c\u7269\u6d41\u4e5f\u5feb\n"
            .repeat(20)
            .getBytes(Charset.forName("GBK")));
    byte[] random = new byte[3000];
    new java.util.Random(7).nextBytes(random);
    writeBytes(dir.resolve("lines/photo.txt"), random);

    ingest(
        "ingest.source { format = lines, path = "
            + quoted(dir.resolve("lines"))
            + ", labels.fixed = positive }");

    assertThat(quarantine())
        .extracting(
            q -> Path.of(q.getSourceFile()).getFileName().toString(), QuarantineRecord::getReason)
        .containsExactlyInAnyOrder(
            tuple("gbk.txt", "invalid_encoding"), tuple("photo.txt", "unreadable_file"));
    assertThat(quarantine())
        .filteredOn(q -> q.getReason().equals("invalid_encoding"))
        .extracting(QuarantineRecord::getDetail)
        .singleElement()
        .asString()
        .matches(
            "\\d+ of the first 380 bytes are not valid UTF-8: if the file is in another encoding,"
                + " set ingest.source.encoding \\(windows-1252, GBK, Shift_JIS, ...\\)");
  }
}
