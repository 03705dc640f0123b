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
import io.polarity.pipeline.testing.NoAccessFileSystem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad files and records through the ingest stage: each has its documented outcome (README, "Bad
 * input and what happens to it"), and the counts account for every record.
 */
class IngestBadInputTest extends SparkTestBase {
  @TempDir Path dir;

  @BeforeAll
  static void noAccessFileSystem() {
    NoAccessFileSystem.register(spark.sparkContext().hadoopConfiguration());
  }

  private IngestResult ingest(String hocon) {
    return ingest(hocon, UnaryOperator.identity());
  }

  private IngestResult ingest(String hocon, UnaryOperator<Dataset<Review>> beforeWrite) {
    return new IngestStage(
            spark,
            config("ingest.output = " + quoted(dir.resolve("out")) + "\n" + hocon),
            beforeWrite)
        .run();
  }

  private List<Review> reviews() {
    return IngestFixtures.reviews(spark, dir.resolve("out"));
  }

  private List<QuarantineRecord> quarantine() {
    return IngestFixtures.quarantine(spark, dir.resolve("out"));
  }

  private static String source(String format, String path) {
    return "ingest.source { format = " + format + ", path = \"" + path + "\" }\n";
  }

  private static String json(String text, int stars) {
    return "{\"reviewText\": \"" + text + "\", \"overall\": " + stars + "}\n";
  }

  private static byte[] bzip2(String text) throws IOException {
    BZip2Codec codec = new BZip2Codec();
    codec.setConf(new Configuration());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = codec.createOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(7).nextBytes(bytes);
    return bytes;
  }

  @Test
  void quarantinesEachUnreadableFileAsOneRecordAndIngestsTheRest() throws IOException {
    Path in = dir.resolve("in");
    write(in.resolve("good.jsonl"), json("Works perfectly", 5) + json("Broke at once", 1));
    Path full = writeGzip(dir.resolve("full.gz"), json("A fine kettle", 4).repeat(2000));
    byte[] gzip = Files.readAllBytes(full);
    writeBytes(in.resolve("truncated.jsonl.gz"), Arrays.copyOf(gzip, gzip.length / 2));
    byte[] bzip2 = bzip2(json("A fine kettle", 4).repeat(2000));
    writeBytes(in.resolve("truncated.jsonl.bz2"), Arrays.copyOf(bzip2, bzip2.length / 2));
    for (int i = 200; i < 260; i++) {
      bzip2[i] ^= 0x5a;
    }
    writeBytes(in.resolve("corrupt.jsonl.bz2"), bzip2);
    writeBytes(in.resolve("photo.jsonl"), randomBytes(3000));
    write(in.resolve("no-access.jsonl"), json("Never read", 5));

    IngestResult result = ingest(source("jsonl", NoAccessFileSystem.uri(in)));

    assertThat(reviews())
        .extracting(Review::getText)
        .containsExactlyInAnyOrder("Works perfectly", "Broke at once");
    assertThat(quarantine())
        .extracting(
            q -> q.getSourceFile().substring(q.getSourceFile().lastIndexOf('/') + 1),
            QuarantineRecord::getReason)
        .containsExactlyInAnyOrder(
            tuple("truncated.jsonl.gz", "unreadable_file"),
            tuple("truncated.jsonl.bz2", "unreadable_file"),
            tuple("corrupt.jsonl.bz2", "unreadable_file"),
            tuple("photo.jsonl", "unreadable_file"),
            tuple("no-access.jsonl", "unreadable_file"));
    assertThat(quarantine())
        .extracting(QuarantineRecord::getDetail)
        .anySatisfy(d -> assertThat(d).startsWith("java.io.EOFException: Unexpected end of input"))
        .anySatisfy(d -> assertThat(d).isEqualTo("java.io.IOException: unexpected end of stream"))
        .anySatisfy(d -> assertThat(d).contains("AccessDeniedException").contains("Permission"))
        .anySatisfy(
            d ->
                assertThat(d)
                    .matches(
                        "binary content: \\d+ of the first 3000 bytes are control characters or"
                            + " not UTF-8"));
    SourceCounts c = result.bySource().get("jsonl");
    assertThat(c.read()).isEqualTo(7); // 2 records and 5 unreadable files
    assertThat(c.accepted()).isEqualTo(2);
    assertThat(c.quarantined()).isEqualTo(5);
    assertThat(c.files()).isEqualTo(6);
    assertThat(c.emptyFiles()).isZero();
    assertThat(c.byReason()).containsExactly(Map.entry("unreadable_file", 5L));
  }

  @Test
  void failsNamingTheFileWhenUnreadableFilesShouldStopTheRun() {
    Path root = dir.resolve("aclImdb");
    write(root.resolve("train/pos/1_9.txt"), "Lovely.");
    writeBytes(root.resolve("train/neg/2_1.txt"), randomBytes(500));

    assertThatThrownBy(
            () ->
                ingest(
                    source("aclimdb", root.toString())
                        + "ingest.on-unreadable-file = fail\ningest.run-id = strict"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot read file:" + root.resolve("train/neg/2_1.txt") + ": ")
        .hasMessageContaining("binary content");
    assertThat(dir.resolve("out")).doesNotExist();

    ingest(source("aclimdb", root.toString()));
    assertThat(quarantine())
        .extracting(QuarantineRecord::getReason)
        .containsExactly("unreadable_file");
  }

  @Test
  void completesWhenNoFileOfASourceCanBeRead() throws IOException {
    Path in = dir.resolve("bad");
    byte[] gzip = Files.readAllBytes(writeGzip(dir.resolve("x.gz"), json("fine", 5).repeat(500)));
    writeBytes(in.resolve("a.jsonl.gz"), Arrays.copyOf(gzip, gzip.length / 3));
    writeBytes(in.resolve("b.jsonl"), randomBytes(2000));
    Path csv = dir.resolve("empty-csv");
    write(csv.resolve("c.csv"), "");

    IngestResult result =
        ingest(
            "ingest.sources = [ { name = j, format = jsonl, path = "
                + quoted(in)
                + " }, { name = c, format = csv, path = "
                + quoted(csv)
                + " } ]");

    assertThat(reviews()).isEmpty();
    assertThat(quarantine())
        .extracting(QuarantineRecord::getReason)
        .containsOnly("unreadable_file")
        .hasSize(2);
    SourceCounts j = result.bySource().get("j");
    assertThat(List.of(j.read(), j.accepted(), j.quarantined(), j.files()))
        .containsExactly(2L, 0L, 2L, 2L);
    SourceCounts c = result.bySource().get("c");
    assertThat(List.of(c.read(), c.files(), c.emptyFiles())).containsExactly(0L, 1L, 1L);
  }

  @Test
  void countsEmptyAndHeaderOnlyFilesWhichHoldNoRecord() {
    Path in = dir.resolve("csv");
    write(in.resolve("a.csv"), "review,sentiment\nGood stuff,positive\nBad stuff,negative\n");
    write(in.resolve("b-empty.csv"), "");
    write(in.resolve("c-header-only.csv"), "review,sentiment\n");
    write(in.resolve("_SUCCESS"), ""); // hidden, as Spark hides it: not an input file

    SourceCounts c = ingest(source("csv", in.toString())).bySource().get("csv");

    assertThat(c.read()).isEqualTo(2);
    assertThat(c.accepted()).isEqualTo(2);
    assertThat(c.files()).isEqualTo(3);
    assertThat(c.emptyFiles()).isEqualTo(2);
  }

  @Test
  void readsHeaderlessTsvByColumnPositionWithoutQuoting() {
    Path tsv =
        write(
            dir.resolve("sentences.tsv"),
            "\"Stunning\" is the word\t1\nA waste of two hours\t0\nNot sure\t\nMeh\t2\n");

    ingest(
        source("csv", tsv.toString())
            + "ingest.source { csv { header = false, separator = \"\\t\", quote = \"\" },"
            + " columns { text = 0, label = 1 } }\n"
            + "ingest.split { validation-fraction = 0, test-fraction = 0 }");

    assertThat(reviews())
        .extracting(Review::getText, Review::getLabel)
        .containsExactlyInAnyOrder(
            tuple("\"Stunning\" is the word", "positive"),
            tuple("A waste of two hours", "negative"),
            tuple("Not sure", null));
    assertThat(quarantine())
        .extracting(QuarantineRecord::getReason, QuarantineRecord::getDetail)
        .containsExactly(tuple("unknown_label", "label value '2' matches no rule"));
  }

  @Test
  void readsOneReviewPerLineWithTheSourcesLabel() {
    Path pos =
        writeBytes(
            dir.resolve("pos.txt"),
            "\uFEFFA joy to watch\r\nBrilliant cast\r\n\r\nA joy to watch\n"
                .getBytes(StandardCharsets.UTF_8));
    Path neg = write(dir.resolve("neg.txt"), "Tedious\rClumsy and slow");

    IngestResult result =
        ingest(
            "ingest.sources = [ { name = pos, format = lines, path = "
                + quoted(pos)
                + ", labels.fixed = positive },"
                + " { name = neg, format = lines, path = "
                + quoted(neg)
                + ", labels.fixed = negative } ]");

    assertThat(reviews())
        .extracting(Review::getSource, Review::getText, Review::getLabel)
        .containsExactlyInAnyOrder(
            tuple("pos", "A joy to watch", "positive"),
            tuple("pos", "Brilliant cast", "positive"),
            tuple("neg", "Tedious", "negative"),
            tuple("neg", "Clumsy and slow", "negative"));
    assertThat(quarantine())
        .extracting(QuarantineRecord::getSource, QuarantineRecord::getReason)
        .containsExactly(tuple("pos", "empty_text"));
    SourceCounts p = result.bySource().get("pos");
    assertThat(List.of(p.read(), p.accepted(), p.quarantined(), p.duplicates()))
        .containsExactly(4L, 2L, 1L, 1L);
  }

  @Test
  void givesEachOddRecordItsDocumentedOutcome() {
    String enormous = "x".repeat(300_000);
    Path jsonl =
        writeBytes(
            dir.resolve("odd.jsonl"),
            ("\uFEFF"
                    + json("starts after a byte-order mark", 5).replace("\n", "\r\n")
                    + json("holds an escaped \\u0000 NUL", 5)
                    + json("keeps a stray \\u0010 control character", 4)
                    + "{\"reviewText\": \"holds a raw \u0000 NUL\", \"overall\": 5}\n"
                    + json("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE0D", 5)
                    + json("<br /><br /><p></p>", 1)
                    + json(enormous, 1))
                .getBytes(StandardCharsets.UTF_8));
    Path csv =
        write(
            dir.resolve("labels.csv"),
            "\uFEFFreview,sentiment\r\nSpaced label, Positive \r\nShouting label,NEGATIVE\n");

    ingest(
        "ingest.sources = [ { name = odd, format = jsonl, path = "
            + quoted(jsonl)
            + " }, { name = labels, format = csv, path = "
            + quoted(csv)
            + " } ]\ningest.quarantine-raw-chars = 40");

    assertThat(reviews())
        .extracting(Review::getText, Review::getLabel)
        .containsExactlyInAnyOrder(
            tuple("starts after a byte-order mark", "positive"),
            tuple("keeps a stray \u0010 control character", "positive"),
            tuple("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE0D", "positive"),
            tuple("<br /><br /><p></p>", "negative"), // preprocess quarantines it: no words
            tuple("Spaced label", "positive"),
            tuple("Shouting label", "negative"));
    assertThat(quarantine())
        .extracting(QuarantineRecord::getReason, QuarantineRecord::getDetail)
        .containsExactlyInAnyOrder(
            tuple("nul_character", "text holds a NUL character at character 17"),
            tuple("invalid_json", "line is not a JSON object"),
            tuple("too_long", "text has 300000 characters, more than the limit of 100000"));
    assertThat(quarantine())
        .filteredOn(q -> q.getReason().equals("too_long"))
        .extracting(QuarantineRecord::getRawRecord)
        .containsExactly("rating=1 | text=" + "x".repeat(24) + "...[299976 more chars]");
  }

  @Test
  void quarantinesEveryCopyOfATextWithConflictingLabels() {
    Path csv =
        write(
            dir.resolve("dups.csv"),
            "review,sentiment\n"
                + "Loved it,positive\n"
                + "loved IT,negative\n"
                + "Loved it,\n"
                + "Plain and simple,positive\n"
                + "Plain and simple,positive\n");

    SourceCounts c = ingest(source("csv", csv.toString())).bySource().get("csv");

    assertThat(reviews()).extracting(Review::getText).containsExactly("Plain and simple");
    assertThat(quarantine())
        .extracting(QuarantineRecord::getReason, QuarantineRecord::getDetail)
        .containsOnly(
            tuple(
                "conflicting_labels",
                "copies of this text are labelled both 'negative' and 'positive'"))
        .hasSize(3);
    assertThat(List.of(c.read(), c.accepted(), c.quarantined(), c.duplicates()))
        .containsExactly(5L, 1L, 3L, 1L);
    assertThat(c.conflictingLabels()).isEqualTo(3);
  }

  @Test
  void keepsOneCopyOfConflictingLabelsWhenConfigured() {
    Path csv =
        write(dir.resolve("dups.csv"), "review,sentiment\nLoved it,positive\nloved IT,negative\n");

    SourceCounts c =
        ingest(source("csv", csv.toString()) + "ingest.duplicates.conflicting-labels = keep-one")
            .bySource()
            .get("csv");

    assertThat(reviews()).hasSize(1);
    assertThat(List.of(c.read(), c.accepted(), c.quarantined(), c.duplicates()))
        .containsExactly(2L, 1L, 0L, 1L);
    assertThat(c.conflictingLabels()).isEqualTo(2);
  }

  @Test
  void aRecordLostBeforeTheWriteFailsTheRunNamingTheCounts() {
    Path csv =
        write(
            dir.resolve("r.csv"),
            "review,sentiment\nOne,positive\nTwo,negative\nThree,positive\nbad,maybe\n");
    ingest(source("csv", csv.toString()) + "ingest.run-id = first");

    assertThatThrownBy(
            () ->
                ingest(
                    source("csv", csv.toString()) + "ingest.run-id = lossy",
                    reviews -> reviews.filter("text <> 'Two'")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "ingest counts of source 'csv' do not add up: read 4, but accepted 2 + quarantined 1"
                + " + duplicates 0 = 3; the output was not committed");

    assertThat(reviews()).extracting(Review::getRunId).containsOnly("first").hasSize(3);
    Dataset<Row> quality = spark.read().parquet(dir.resolve("out/data_quality").toString());
    assertThat(quality.select("run_id").distinct().collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("first");
  }
}
