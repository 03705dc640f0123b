package io.polarity.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.polarity.pipeline.generate.GeneratedReview;
import io.polarity.pipeline.generate.ReviewGenerator;
import io.polarity.pipeline.testing.NoAccessFileSystem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A corpus of bad files and records and a series of bad settings, through the jobs as a user runs
 * them: every class listed in the README's "Bad input and what happens to it" gets its outcome, the
 * counts account for every record, and the exit status is 0, 1 or 2 as documented.
 */
@ExtendWith(LocalSpark.class)
class BadInputJobsTest {
  @TempDir static Path dir;
  private static Path corpus;
  private static String tables;
  private static String features;
  private static String warehouse;
  private static String models;
  private static Run ingest;

  /** One job run: its exit status and what it printed. */
  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Polarity.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int status = cli.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  /** A job run with the warehouse of this test. */
  static Run attempt(String... args) {
    return run(append(args, "--warehouse", warehouse));
  }

  /** A job that must succeed, with the warehouse of this test. */
  static Run succeed(String... args) {
    Run r = attempt(args);
    assertThat(r.status()).as(r.err()).isZero();
    return r;
  }

  /** Rows of a query over the warehouse (or over Parquet paths), as CSV lines without header. */
  static List<String> query(String sql) {
    Run r = succeed("metrics", "sql", "--format", "csv", sql);
    List<String> lines = r.out().lines().toList();
    return lines.subList(1, lines.size());
  }

  @BeforeAll
  static void runTheBadCorpusThroughThePipeline() throws IOException {
    System.setProperty("spark.hadoop.fs.noaccess.impl", NoAccessFileSystem.class.getName());
    corpus = dir.resolve("corpus");
    tables = dir.resolve("tables").toString();
    features = dir.resolve("features").toString();
    warehouse = dir.resolve("warehouse").toString();
    models = dir.resolve("models").toString();
    writeBadFiles(corpus);
    succeed(
        "generate",
        "--output",
        corpus.resolve("generated").toString(),
        "--format",
        "jsonl",
        "--reviews",
        "600",
        "--seed",
        "11");
    ingest = succeed(ingestTheCorpus("bad-1"));
    succeed("preprocess", "--input", tables, "--output", features, "--run-id", "p-1");
    succeed(
        "train",
        "--input",
        features,
        "--output",
        models,
        "--run-id",
        "t-1",
        "--set",
        "train.epochs=1");
  }

  /** Model t-1 scores every labelled review of {@code input} (evaluate --split all). */
  private static Run evaluateAll(String input) {
    return succeed(
        "evaluate",
        "--model-run-id",
        "t-1",
        "--set",
        "train.output=" + models,
        "--input",
        input,
        "--split",
        "all",
        "--set",
        "evaluate.output=" + dir.resolve("evaluations"));
  }

  /** The arguments that ingest the bad corpus into the test's tables. */
  private static String[] ingestTheCorpus(String runId) {
    return new String[] {
      "ingest",
      "--input",
      NoAccessFileSystem.uri(corpus),
      "--format",
      "jsonl",
      "--source-name",
      "shop",
      "--output",
      tables,
      "--run-id",
      runId
    };
  }

  private static String[] append(String[] args, String... more) {
    String[] all = Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }

  @AfterAll
  static void clearProperties() {
    System.clearProperty("spark.hadoop.fs.noaccess.impl");
  }

  private static String json(String text, String stars) {
    return "{\"reviewText\": \"" + text + "\", \"overall\": " + stars + "}\n";
  }

  /** One file per class of bad file, and one file of odd records. */
  private static void writeBadFiles(Path corpus) throws IOException {
    Files.createDirectories(corpus);
    ByteArrayOutputStream gzip = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gzip)) {
      out.write(json("a good kettle", "5").repeat(3000).getBytes(StandardCharsets.UTF_8));
    }
    byte[] whole = gzip.toByteArray();
    Files.write(corpus.resolve("truncated.jsonl.gz"), Arrays.copyOf(whole, whole.length / 2));
    byte[] binary = new byte[4096];
    new Random(5).nextBytes(binary);
    Files.write(corpus.resolve("photo.jsonl"), binary);
    Files.writeString(corpus.resolve("no-access.jsonl"), json("never read", "5"));
    Files.writeString(corpus.resolve("empty.jsonl"), "");
    ByteArrayOutputStream odd = new ByteArrayOutputStream();
    odd.write(
        ("\uFEFF" + json("a byte-order mark and CRLF line ends", "5").replace("\n", "\r\n"))
            .getBytes(StandardCharsets.UTF_8));
    odd.write(
        String.join(
                "",
                json("an escaped \\u0000 NUL", "5"),
                "{\"reviewText\": \"a raw \u0000 NUL\", \"overall\": 5}\n",
                json("\uD83D\uDE00\uD83D\uDE0D\uD83D\uDC4D", "5"),
                json("<br /><br /><i></i>", "1"),
                json("Caf&eacute; scenes &hellip; na&iuml;ve and &mdash; brilliant", "5"),
                json("x".repeat(150_000), "1"),
                "{\"summary\": \"no text field\", \"overall\": 4}\n",
                json("   ", "2"),
                json("rated in words", "\"five\""),
                json("the same words twice", "5"),
                json("The  same WORDS twice", "1"),
                json("an honest copy", "4"),
                json("an honest copy", "4"),
                "{not json\n")
            .getBytes(StandardCharsets.UTF_8));
    odd.write("{\"reviewText\": \"bad byte ".getBytes(StandardCharsets.UTF_8));
    odd.write(new byte[] {(byte) 0xC3, 0x28});
    odd.write("\", \"overall\": 5}\n".getBytes(StandardCharsets.UTF_8));
    Files.write(corpus.resolve("odd.jsonl"), odd.toByteArray());
  }

  private static Map<String, Long> ingestCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String line :
        query(
            "SELECT metric, CAST(value AS BIGINT) FROM data_quality"
                + " WHERE run_id = 'bad-1' ORDER BY metric")) {
      String[] cells = line.split(",");
      counts.put(cells[0], Long.parseLong(cells[1]));
    }
    return counts;
  }

  @Test
  void everyBadFileAndRecordIsQuarantinedOrCountedAndNothingIsLost() {
    Map<String, Long> c = ingestCounts();

    // 600 generated reviews, 16 odd records, 3 unreadable files (one record each)
    assertThat(c.get("read")).isEqualTo(600 + 16 + 3);
    assertThat(c)
        .containsEntry("quarantined.unreadable_file", 3L)
        .containsEntry("quarantined.nul_character", 1L)
        // a raw NUL, a line that is not JSON, and a line with invalid UTF-8: Jackson refuses all
        .containsEntry("quarantined.invalid_json", 3L)
        .containsEntry("quarantined.too_long", 1L)
        .containsEntry("quarantined.missing_text", 1L)
        .containsEntry("quarantined.empty_text", 1L)
        .containsEntry("quarantined.invalid_rating", 1L)
        .containsEntry("quarantined.conflicting_labels", 2L)
        .containsEntry("conflicting_labels", 2L)
        .containsEntry("duplicates", 1L)
        .containsEntry("files.empty", 1L);
    // known from the corpus, not from the stage's arithmetic: 600 generated and 5 odd reviews
    // accepted; 3 files, 8 odd records and 2 conflicting copies quarantined; 1 exact copy dropped
    assertThat(List.of(c.get("accepted"), c.get("quarantined"), c.get("duplicates")))
        .containsExactly(605L, 13L, 1L);
    assertThat(ingest.out())
        .contains(
            "read = accepted + quarantined + duplicates (checked): "
                + c.get("read")
                + " = "
                + c.get("accepted"));
    assertThat(
            query(
                "SELECT text FROM parquet.`"
                    + tables
                    + "/reviews` WHERE source_file LIKE '%odd.jsonl' ORDER BY text"))
        .containsExactly(
            "<br /><br /><i></i>",
            "Caf&eacute; scenes &hellip; na&iuml;ve and &mdash; brilliant",
            "a byte-order mark and CRLF line ends",
            "an honest copy",
            "\uD83D\uDE00\uD83D\uDE0D\uD83D\uDC4D");
  }

  @Test
  void evaluateScoresEveryLabelledReviewOfTheBadCorpusThatHasWords() {
    Map<String, Long> c = ingestCounts();
    long labelled = c.get("label.negative") + c.get("label.positive");

    // every labelled review but the one of markup only, which has no token to score
    assertThat(evaluateAll(tables).out())
        .contains("model t-1 on the all split of " + tables)
        .containsPattern("\\nall +" + (labelled - 1) + " +[01]\\.\\d{4} ");
  }

  @Test
  void theTrainJobRecordsAMeanTrainingLoss() {
    // the job runs with Kryo and 2 workers: the loss hook's accumulators came back from them
    List<String> loss = query("SELECT train_loss FROM epoch_metrics WHERE run_id = 't-1'");
    assertThat(loss).hasSize(1);
    assertThat(Double.parseDouble(loss.get(0))).isFinite().isPositive();
  }

  @Test
  void preprocessQuarantinesAReviewOfMarkupOnlyAndDecodesEntities() {
    assertThat(query("SELECT reason, raw_record FROM parquet.`" + features + "/quarantine`"))
        .containsExactly("empty_after_normalisation,<br /><br /><i></i>");
    assertThat(
            query(
                "SELECT metric, CAST(value AS BIGINT) FROM data_quality WHERE run_id = 'p-1'"
                    + " AND metric = 'quarantined'"))
        .containsExactly("quarantined,1");
  }

  @Test
  void headerlessTsvAndSentenceLinesIngestFromConfigurationAndScoreWithSplitAll()
      throws IOException {
    ReviewGenerator generator = new ReviewGenerator(99, 0.0, 0.0);
    StringBuilder tsv = new StringBuilder();
    StringBuilder pos = new StringBuilder();
    StringBuilder neg = new StringBuilder();
    for (long i = 0; i < 120; i++) {
      GeneratedReview r = generator.review(i);
      String text = r.getText().replace('\t', ' ').replace('\n', ' ');
      boolean positive = r.getLabel().equals(GeneratedReview.POSITIVE);
      tsv.append(text).append('\t').append(positive ? 1 : 0).append('\n');
      (positive ? pos : neg).append(text).append("\r\n");
    }
    Path sentences = Files.writeString(dir.resolve("sentences.tsv"), tsv);
    Path posFile = Files.writeString(dir.resolve("lines/pos.txt"), pos, createParents());
    Path negFile = Files.writeString(dir.resolve("lines/neg.txt"), neg);
    Path linesConf =
        Files.writeString(
            dir.resolve("lines.conf"),
            "ingest.sources = [\n"
                + "  { name = pos, format = lines, path = \""
                + posFile
                + "\", labels.fixed = positive }\n"
                + "  { name = neg, format = lines, path = \""
                + negFile
                + "\", labels.fixed = negative }\n]\n");
    String tsvTables = dir.resolve("tsv-tables").toString();
    String lineTables = dir.resolve("line-tables").toString();

    Run tsvIngest =
        succeed(
            "ingest",
            "--input",
            sentences.toString(),
            "--format",
            "csv",
            "--output",
            tsvTables,
            "--set",
            "ingest.source.csv.header=false",
            "--set",
            "ingest.source.csv.separator=\"\\t\"",
            "--set",
            "ingest.source.csv.quote=\"\"",
            "--set",
            "ingest.source.columns.text=0",
            "--set",
            "ingest.source.columns.label=1");
    Run lineIngest = succeed("ingest", "--conf", linesConf.toString(), "--output", lineTables);

    assertThat(tsvIngest.out()).contains("(checked): 120 = 120 + 0 + 0");
    assertThat(lineIngest.out()).containsPattern("\\npos +\\d+ +\\d+ +0 ").contains("\nneg ");
    for (String input : List.of(tsvTables, lineTables)) {
      assertThat(evaluateAll(input).out())
          .contains("model t-1 on the all split of " + input)
          .containsPattern("\\nall +120 +[01]\\.\\d{4} ");
    }
  }

  private static java.nio.file.OpenOption createParents() {
    try {
      Files.createDirectories(dir.resolve("lines"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return java.nio.file.StandardOpenOption.CREATE;
  }

  @Test
  void badSettingsStopWithOneLineAndExitTwoBeforeReadingData() throws IOException {
    Path typo = Files.writeString(dir.resolve("typo.conf"), "ingest { max-review-char = 10 }\n");
    Path badHocon = Files.writeString(dir.resolve("broken.conf"), "ingest { output = ");
    Map<List<String>, String> cases = new LinkedHashMap<>();
    cases.put(
        List.of("ingest", "--conf", typo.toString()),
        "polarity ingest: --conf "
            + typo
            + ": 'ingest.max-review-char' is not a known setting (did you mean"
            + " 'ingest.max-review-chars'?); polarity-defaults.conf lists every setting");
    cases.put(
        List.of("train", "--set", "train.spark.averaging-frequncy=5"),
        "polarity train: --set: 'train.spark.averaging-frequncy' is not a known setting (did you"
            + " mean 'train.spark.averaging-frequency'?); polarity-defaults.conf lists every"
            + " setting");
    cases.put(
        List.of(
            "ingest", "--input", "x", "--format", "csv", "--set", "ingest.split.test-fraction=2"),
        "polarity ingest: ingest.split.test-fraction must be between 0.0 and 1.0, but was: 2.0");
    cases.put(
        List.of(
            "ingest", "--input", "x", "--format", "csv", "--set", "ingest.source.csv.separator=;;"),
        "polarity ingest: ingest.source.csv.separator must be a single character, but was: ';;'");
    cases.put(
        List.of("preprocess", "--conf", badHocon.toString()),
        "polarity preprocess: --conf " + badHocon + " is not valid HOCON: ");
    cases.put(
        List.of(
            "ingest",
            "--input",
            dir.resolve("nowhere").toString(),
            "--format",
            "jsonl",
            "--warehouse",
            warehouse,
            "--output",
            dir.resolve("never").toString()),
        "polarity ingest: ingest source 'jsonl': input path does not exist: "
            + dir.resolve("nowhere"));
    cases.forEach(
        (args, message) -> {
          Run r = run(args.toArray(String[]::new));
          assertThat(r.status()).as(String.join(" ", args)).isEqualTo(Polarity.USAGE);
          assertThat(r.err()).as(String.join(" ", args)).startsWith(message).hasLineCount(1);
        });
    assertThat(dir.resolve("never")).doesNotExist();
  }

  @Test
  void failuresWhileRunningExitOneAndLeaveThePreviousOutput() {
    Run strict =
        attempt(append(ingestTheCorpus("bad-strict"), "--set", "ingest.on-unreadable-file=fail"));
    Run hadoopArgument =
        attempt(
            "ingest",
            "--input",
            corpus.resolve("odd.jsonl").toString(),
            "--format",
            "jsonl",
            "--output",
            "relative:path:with:colons");

    assertThat(strict.status()).isEqualTo(Polarity.FAILED);
    assertThat(strict.err())
        .startsWith("polarity ingest failed: IllegalStateException: cannot read noaccess:")
        .contains("ingest.on-unreadable-file = fail")
        .hasLineCount(1);
    // an IllegalArgumentException from Hadoop is a failure while running, not a usage error
    assertThat(hadoopArgument.status()).isEqualTo(Polarity.FAILED);
    assertThat(hadoopArgument.err())
        .startsWith("polarity ingest failed: IllegalArgumentException: ")
        .hasLineCount(1);
    assertThat(query("SELECT DISTINCT run_id FROM parquet.`" + tables + "/reviews`"))
        .containsExactly("bad-1");
    assertThat(query("SELECT status FROM runs WHERE run_id = 'bad-strict'"))
        .containsExactly("failed");
  }

  @Test
  void theWarehouseAnswersQueriesOnly() {
    String target = dir.resolve("overwritten").toString();
    Run write =
        run(
            "metrics",
            "--warehouse",
            warehouse,
            "sql",
            "INSERT OVERWRITE DIRECTORY '" + target + "' USING parquet SELECT 1 AS x");

    assertThat(write.status()).isEqualTo(Polarity.USAGE);
    assertThat(write.err())
        .isEqualTo(
            "polarity metrics sql: only queries may run over the warehouse (SELECT, WITH, SHOW,"
                + " DESCRIBE, EXPLAIN); this statement would write, create, drop, alter, set or"
                + " load something: InsertIntoDir\n");
    assertThat(dir.resolve("overwritten")).doesNotExist();
    assertThat(query("SELECT count(*) FROM runs WHERE run_id = 'bad-1'")).containsExactly("1");
  }

  @Test
  void aRebuiltVocabularyIsRefusedByEvaluateAndByResume() {
    String rebuilt = dir.resolve("features-b").toString();
    succeed("preprocess", "--input", tables, "--output", rebuilt, "--run-id", "pb-1");
    succeed(
        "train",
        "--input",
        rebuilt,
        "--output",
        models,
        "--run-id",
        "tb-1",
        "--set",
        "train.epochs=1");
    // preprocessed again with other settings: the same path now holds another vocabulary
    succeed(
        "preprocess",
        "--input",
        tables,
        "--output",
        rebuilt,
        "--run-id",
        "pb-2",
        "--set",
        "preprocess.vocabulary.min-doc-freq=1");

    Run evaluate =
        attempt(
            "evaluate",
            "--model-run-id",
            "tb-1",
            "--set",
            "train.output=" + models,
            "--input",
            rebuilt);
    // the reviews of an ingest output are featurised with the model's own copy of its vocabulary
    Run ownCopy =
        attempt(
            "evaluate",
            "--model-run-id",
            "tb-1",
            "--set",
            "train.output=" + models,
            "--input",
            tables);
    Run resume =
        attempt(
            "train",
            "--input",
            rebuilt,
            "--output",
            models,
            "--run-id",
            "tb-1",
            "--resume",
            "--set",
            "train.epochs=2");

    assertThat(evaluate.status()).isEqualTo(Polarity.USAGE);
    assertThat(evaluate.err())
        .matches(
            "polarity evaluate: model tb-1 was trained with vocabulary v-[0-9a-f]{12}, but "
                + rebuilt
                + "/vocabulary holds vocabulary v-[0-9a-f]{12} \\(rebuilt since\\?\\).*\\n");
    assertThat(ownCopy.status()).as(ownCopy.err()).isZero();
    assertThat(resume.status()).isEqualTo(Polarity.USAGE);
    assertThat(resume.err())
        .startsWith("polarity train: cannot resume run 'tb-1': its checkpoint was trained with")
        .hasLineCount(1);
  }
}
