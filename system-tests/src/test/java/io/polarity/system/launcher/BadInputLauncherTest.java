package io.polarity.system.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.polarity.system.launcher.Launcher.Run;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of bad files and records and a series of bad settings, through {@code
 * submit-scripts/polarity} as a user runs it (each job a JVM of its own on the assembled runtime):
 * every class listed in the README's "Bad input and what happens to it" gets its outcome, the
 * counts account for every record, and the exit status is 0, 1 or 2 as documented, with one line on
 * stderr naming the problem.
 */
class BadInputLauncherTest {
  /** Where a {@code noaccess:} file system reads local files but refuses those named no-access. */
  private static final String NO_ACCESS_FS = "io.polarity.pipeline.testing.NoAccessFileSystem";

  private static final int FAILED = 1;
  private static final int USAGE = 2;

  @TempDir static Path dir;
  private static Launcher launcher;
  private static WarehouseReader reader;
  private static Path corpus;
  private static String tables;
  private static String features;
  private static String warehouse;
  private static String models;
  private static Run ingest;
  private static List<String> trainLoss;

  /** A job run with the warehouse of this test. */
  static Run attempt(String... args) {
    return launcher.run(append(args, "--warehouse", warehouse));
  }

  /** A job that must succeed, with the warehouse of this test. */
  static Run succeed(String... args) {
    Run r = attempt(args);
    assertThat(r.status()).as(r.err()).isZero();
    return r;
  }

  /** Rows of a query over the warehouse (or over Parquet paths), cells joined by commas. */
  static List<String> query(String sql) {
    return reader.query(Path.of(warehouse), sql);
  }

  @BeforeAll
  static void runTheBadCorpusThroughThePipeline() throws IOException {
    launcher = new Launcher(BadInputLauncherTest.class.getSimpleName());
    // the test's file system, from the pipeline module's test jar
    Path testJar =
        launcher
            .repository()
            .resolve("pipeline/target/polarity-pipeline-" + version() + "-tests.jar");
    launcher.withJar(testJar, "spark.hadoop.fs.noaccess.impl=" + NO_ACCESS_FS);
    reader = new WarehouseReader();
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
    succeed(trainT1());
    // read now: a later test's refused resume of t-1 records that attempt in t-1's place
    trainLoss = query("SELECT train_loss FROM epoch_metrics WHERE run_id = 't-1'");
  }

  /** The train job of model t-1 (one epoch) on the test's features, with {@code more}. */
  private static String[] trainT1(String... more) {
    return append(
        new String[] {
          "train",
          "--input",
          features,
          "--output",
          models,
          "--run-id",
          "t-1",
          "--set",
          "train.epochs=1"
        },
        more);
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
      noAccess(corpus),
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
  static void stopTheReader() {
    if (reader != null) {
      reader.close();
    }
  }

  private static String version() {
    return System.getProperty("polarity.version");
  }

  /** The {@code noaccess:} URI of a local path. */
  private static String noAccess(Path local) {
    return "noaccess://" + local.toAbsolutePath();
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
    assertThat(trainLoss).hasSize(1);
    assertThat(Double.parseDouble(trainLoss.get(0))).isFinite().isPositive();
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
  void headerlessTsvAndSentenceLinesIngestFromConfigurationAlone() throws IOException {
    StringBuilder tsv = new StringBuilder();
    StringBuilder pos = new StringBuilder();
    StringBuilder neg = new StringBuilder();
    for (int i = 0; i < 120; i++) {
      boolean positive = i % 2 == 0;
      String text =
          (positive ? "a wonderful and moving film, the cast is superb" : "a dull and awful film")
              + " number "
              + i;
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
    assertThat(lineIngest.out())
        .containsPattern("\\npos +60 +60 +0 ")
        .containsPattern("\\nneg +60 +60 +0 ");
    assertThat(
            query(
                "SELECT label, count(*) FROM parquet.`"
                    + tsvTables
                    + "/reviews` GROUP BY label ORDER BY label"))
        .containsExactly("negative,60", "positive,60");
    assertThat(
            query("SELECT text FROM parquet.`" + lineTables + "/reviews` WHERE text LIKE '%\r%'"))
        .isEmpty();
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
        List.of("preprocess", "--set", "preprocess.normalise.unspaced-scripts=chars"),
        "polarity preprocess: preprocess.normalise.unspaced-scripts must be one of [characters,"
            + " words, words-and-characters, runs], but was: chars");
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
        // conf/local.conf, the launcher's default configuration, names its source demo
        "polarity ingest: ingest source 'demo': input path does not exist: "
            + dir.resolve("nowhere"));
    cases.forEach(
        (args, message) ->
            assertOneLine(launcher.run(args.toArray(String[]::new)), USAGE, message, args));
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

    assertOneLine(
        strict, FAILED, "polarity ingest failed: IllegalStateException: cannot read noaccess:");
    assertThat(strict.lastErrorLine()).contains("ingest.on-unreadable-file = fail");
    // an IllegalArgumentException from Hadoop is a failure while running, not a usage error
    assertOneLine(hadoopArgument, FAILED, "polarity ingest failed: IllegalArgumentException: ");
    assertThat(query("SELECT DISTINCT run_id FROM parquet.`" + tables + "/reviews`"))
        .containsExactly("bad-1");
    assertThat(query("SELECT status FROM runs WHERE run_id = 'bad-strict'"))
        .containsExactly("failed");
  }

  @Test
  void theWarehouseAnswersQueriesOnlyAndNamesWhatIsWrongWithOne() {
    String target = dir.resolve("overwritten").toString();
    Run write =
        attempt(
            "metrics",
            "sql",
            "INSERT OVERWRITE DIRECTORY '" + target + "' USING parquet SELECT 1 AS x");
    // Spark's own messages for these need commons-text, which the runtime once lacked
    Run typo = attempt("metrics", "sql", "SELEC nonsense");
    Run column = attempt("metrics", "sql", "SELECT nosuchcol FROM runs");

    assertOneLine(
        write,
        USAGE,
        "polarity metrics sql: only queries may run over the warehouse (SELECT, WITH, SHOW,"
            + " DESCRIBE, EXPLAIN); this statement would write, create, drop, alter, set or"
            + " load something: InsertIntoDir");
    assertThat(dir.resolve("overwritten")).doesNotExist();
    String invalid = "polarity metrics sql: not a valid query over the warehouse " + warehouse;
    assertOneLine(typo, USAGE, invalid);
    assertThat(typo.lastErrorLine())
        .contains("): [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'");
    assertOneLine(column, USAGE, invalid);
    // Spark's own words, which differ by line ("A column or function parameter" on 3.5, "A
    // column, variable, or function parameter" on 4)
    assertThat(column.lastErrorLine())
        .contains("): [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column")
        .contains(" with name `nosuchcol` cannot be resolved.");
  }

  /**
   * A launch that ended with {@code status} and, as stderr's last line, the one line that starts
   * with {@code message}; no stack trace on the console.
   */
  private static void assertOneLine(Run run, int status, String message, Object... what) {
    String as = (what.length == 0 ? "" : what[0] + ": ") + run.err();
    assertThat(run.status()).as(as).isEqualTo(status);
    assertThat(run.lastErrorLine()).as(as).startsWith(message);
    assertThat(run.err()).as(as).doesNotContain("\tat ").doesNotContain("NoClassDefFoundError");
  }

  @Test
  void aRebuiltVocabularyIsRefusedByEvaluateAndByResume() {
    // preprocessed again with other settings: the path model t-1 was trained on now holds another
    // vocabulary (the reviews of an ingest output are featurised with the model's own copy of its
    // vocabulary: evaluateScoresEveryLabelledReviewOfTheBadCorpusThatHasWords)
    succeed(
        "preprocess",
        "--input",
        tables,
        "--output",
        features,
        "--run-id",
        "p-2",
        "--set",
        "preprocess.vocabulary.min-doc-freq=1");

    Run evaluate =
        attempt(
            "evaluate",
            "--model-run-id",
            "t-1",
            "--set",
            "train.output=" + models,
            "--input",
            features);
    Run resume = attempt(trainT1("--resume", "--set", "train.epochs=2"));

    assertOneLine(evaluate, USAGE, "polarity evaluate: model t-1 was trained with vocabulary v-");
    assertThat(evaluate.lastErrorLine())
        .matches(
            "polarity evaluate: model t-1 was trained with vocabulary v-[0-9a-f]{12}, but "
                + features
                + "/vocabulary holds vocabulary v-[0-9a-f]{12} \\(rebuilt since\\?\\).*");
    assertOneLine(
        resume, USAGE, "polarity train: cannot resume run 't-1': its checkpoint was trained with");
  }
}
