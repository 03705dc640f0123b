package io.polarity.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.polarity.model.nightly.NightlyConfig;
import io.polarity.model.nightly.NightlyLock;
import io.polarity.pipeline.warehouse.Warehouse;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code polarity nightly} as a scheduler runs it, on a small generated corpus: skipping what did
 * not change, growing the corpus, champion and challenger, the lock, and a run killed mid-training
 * that continues from its checkpoint.
 */
@ExtendWith(LocalSpark.class)
class NightlyJobTest {
  /** A first model barely trained: an embedding bag from random weights, one tiny step. */
  private static final String[] WEAK = {
    "--set", "train.model.embedding-size=8", "--set", "train.model.learning-rate=0.00001"
  };

  @TempDir Path dir;
  private StringWriter out;
  private StringWriter err;
  private String conf;
  private String warehouse;

  @BeforeEach
  void corpusAndConfiguration() throws IOException {
    warehouse = dir.resolve("warehouse").toString();
    Path file = dir.resolve("nightly.conf");
    Files.writeString(
        file,
        String.join(
            "\n",
            "generate { output = \"" + dir.resolve("corpus") + "\", format = aclimdb,",
            "  reviews = 600, seed = 3, unlabeled-fraction = 0.1, test-fraction = 0.25 }",
            "ingest { output = \"" + dir.resolve("ingest") + "\",",
            "  source { name = demo, format = aclimdb, path = \""
                + dir.resolve("corpus")
                + "\" } }",
            "preprocess.output = \"" + dir.resolve("features") + "\"",
            "train { output = \"" + dir.resolve("models") + "\", epochs = 1 }",
            "evaluate { output = \"" + dir.resolve("evaluations") + "\", report = false }",
            "score.output = \"" + dir.resolve("scores") + "\"",
            "warehouse.root = \"" + warehouse + "\"",
            "nightly { score = true, promotion { margin = 0.02, minimum { accuracy = 0.3 } } }",
            ""));
    conf = file.toString();
    assertThat(run("generate", "--conf", conf)).as(err.toString()).isZero();
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli = Polarity.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private int nightly(String runId, String... more) {
    List<String> args = new ArrayList<>(List.of("nightly", "--conf", conf, "--run-id", runId));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private static String[] with(String[] a, String... b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }

  @Test
  void skipsWhatDidNotChangeGrowsTheCorpusAndKeepsTheBetterModel() throws IOException {
    // 1: everything runs; the first model becomes champion as it passes the floor
    assertThat(nightly("n1", WEAK)).as(err.toString()).isZero();
    assertThat(out.toString())
        .containsPattern("\\ningest +succeeded +[\\d.]+ +n1\\.ingest ")
        .containsPattern("\\ntrain +succeeded ")
        .containsPattern("\\nevaluate +succeeded ")
        .doesNotContain("evaluate-champion")
        .contains("decision 1: promoted, no champion yet; the challenger passes the quality bounds")
        .containsPattern(
            "\\nnightly n1: ingest succeeded [\\d.]+ s, preprocess succeeded [\\d.]+ s, train"
                + " succeeded [\\d.]+ s, evaluate succeeded [\\d.]+ s, promote succeeded [\\d.]+ s,"
                + " score succeeded [\\d.]+ s; champion n1.train; [\\d.]+ s; exit 0\\n$");
    Map<String, String> splits = splits();

    // another run holds the lock: refused, naming it
    try (NightlyLock held =
        NightlyLock.acquire(
            new Configuration(),
            warehouse + "/nightly",
            "other",
            NightlyConfig.Concurrency.FORBID,
            Duration.ofSeconds(30),
            Duration.ofMinutes(10),
            Duration.ofMinutes(1),
            reason -> {})) {
      assertThat(nightly("n2", WEAK)).isEqualTo(Polarity.LOCK_HELD);
      assertThat(err.toString())
          .startsWith(
              "polarity nightly n2: another nightly run holds the lock "
                  + held.path()
                  + ": nightly run other on ")
          .contains(" (pid " + ProcessHandle.current().pid() + "), started ");
    }

    // 2: a stale lock is taken over; nothing changed, so every stage is skipped
    staleLock("ghost", Instant.now().minus(Duration.ofHours(2)));
    assertThat(nightly("n2", WEAK)).as(err.toString()).isZero();
    assertThat(out.toString())
        .containsPattern(
            "\\ningest +skipped +[\\d.]+ +n2\\.ingest +inputs and settings unchanged since"
                + " n1\\.ingest; \\d+ files")
        .containsPattern("\\npreprocess +skipped .* unchanged since n1\\.preprocess\\n")
        .containsPattern("\\ntrain +skipped .* unchanged since n1\\.train\\n")
        .containsPattern(
            "\\nevaluate +skipped .* the challenger n1\\.train is the champion already")
        .containsPattern("\\nscore +skipped .* unchanged since n1\\.score\\n")
        .contains("lock: took over the lock of nightly run ghost on gone-host (pid 7)");
    List<Row> n2 =
        sql(
            "SELECT run_id, status, detail FROM runs WHERE run_id = 'n2' OR parent_run_id = 'n2'"
                + " ORDER BY run_id");
    assertThat(n2.stream().map(r -> r.getString(0) + " " + r.getString(1)))
        .containsExactly(
            "n2 succeeded",
            "n2.evaluate skipped",
            "n2.ingest skipped",
            "n2.preprocess skipped",
            "n2.promote skipped",
            "n2.score skipped",
            "n2.train skipped");
    assertThat(n2.get(0).getString(2)).contains("took over the lock of nightly run ghost");

    // 3: new reviews arrive; a better-trained model is promoted; old reviews keep their splits
    int added = appendReviews(40);
    assertThat(nightly("n3")).as(err.toString()).isZero();
    assertThat(out.toString())
        .containsPattern("\\ningest +succeeded ")
        .containsPattern("\\ntrain +succeeded ")
        .containsPattern("\\nevaluate-champion +succeeded .* model n1\\.train on the test split")
        .containsPattern(
            "decision 2: promoted, better: accuracy 0\\.\\d{4} against the champion's");
    Map<String, String> grown = splits();
    assertThat(grown).hasSize(splits.size() + added);
    splits.forEach((id, split) -> assertThat(grown).containsEntry(id, split));

    // 4: a worse challenger is kept out
    assertThat(nightly("n4", with(WEAK, "--set", "train.seed=9"))).as(err.toString()).isZero();
    assertThat(out.toString())
        .containsPattern("\\ningest +skipped ")
        .containsPattern("\\ntrain +succeeded ")
        .contains("decision 3: kept, not better by the margin: accuracy 0.")
        .containsPattern("; champion n3.train; [\\d.]+ s; exit 0\\n$");

    // 5: a stricter floor: only the decision is taken again, and the run exits 4
    String[] stricter =
        with(WEAK, "--set", "train.seed=9", "--set", "nightly.promotion.minimum.accuracy=1");
    assertThat(nightly("n5", stricter)).as(err.toString()).isEqualTo(Polarity.BELOW_FLOORS);
    assertThat(out.toString())
        .containsPattern("\\ntrain +skipped ")
        .containsPattern("\\nevaluate +skipped ")
        .containsPattern("decision 4: rejected, below the quality bounds: accuracy 0\\.\\d+ <")
        .containsPattern("; champion n3.train; [\\d.]+ s; exit 4\\n$");

    // the same night again: the rejection was an earlier run's, so this one exits 0
    assertThat(nightly("n6", stricter)).as(err.toString()).isZero();
    assertThat(out.toString())
        .containsPattern("\\npromote +skipped .* unchanged since n5\\.promote; rejected: ")
        .containsPattern("; champion n3.train; [\\d.]+ s; exit 0\\n$");

    // rollback by hand; the models table follows every decision
    assertThat(run("models", "--conf", conf, "rollback")).as(err.toString()).isZero();
    assertThat(
            sql("SELECT run_id, status FROM models ORDER BY run_id").stream()
                .map(r -> r.getString(0) + " " + r.getString(1)))
        .containsExactly("n1.train champion", "n3.train rolled back", "n4.train rejected");
    assertThat(
            sql("SELECT metrics['accuracy'] FROM models WHERE run_id = 'n3.train'")
                .get(0)
                .getDouble(0))
        .isBetween(0.3, 1.0);
  }

  @Test
  void aRunKilledWhileTrainingContinuesFromItsCheckpoint() throws Exception {
    Path checkpoint = dir.resolve("models/k1.train/checkpoints/epoch-0001");
    Process killed = childNightly("k1", "--set", "train.epochs=4");
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
      while (!Files.isDirectory(checkpoint) && killed.isAlive() && System.nanoTime() < deadline) {
        killed.waitFor(200, TimeUnit.MILLISECONDS);
      }
      assertThat(checkpoint).as("the first epoch's checkpoint").isDirectory();
    } finally {
      killed.destroyForcibly().waitFor();
    }
    // killed before its third epoch ended: the retry trains at least two epochs after resuming
    try (Stream<Path> saved = Files.list(checkpoint.getParent())) {
      assertThat(saved.map(p -> p.getFileName().toString()))
          .contains("epoch-0001")
          .doesNotContain("epoch-0003", "epoch-0004");
    }

    assertThat(nightly("k1", "--set", "train.epochs=4")).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("lock: took over the lock of nightly run k1 on ")
        .contains(": its process is gone")
        .containsPattern("\\ningest +skipped .* done by an earlier attempt of this run\\n")
        .containsPattern(
            "\\ntrain +resumed +[\\d.]+ +k1\\.train +resumed from its last checkpoint; best epoch")
        .contains("decision 1: promoted");
    assertThat(
            sql("SELECT epoch FROM epoch_metrics WHERE run_id = 'k1.train' ORDER BY epoch").stream()
                .map(r -> r.getInt(0)))
        .as("the resumed run's epochs, after the checkpointed ones")
        .containsExactly(1, 2, 3, 4);
  }

  /** Starts {@code polarity nightly} in a JVM of its own, as spark-submit would. */
  private Process childNightly(String runId, String... more) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-X") || arg.startsWith("-Djdk")) {
        command.add(arg);
      }
    }
    command.addAll(
        List.of(
            "-Dspark.master=local[2]",
            "-Dspark.ui.enabled=false",
            "-Dspark.sql.shuffle.partitions=4",
            "-cp",
            System.getProperty("java.class.path"),
            Polarity.class.getName(),
            "nightly",
            "--conf",
            conf,
            "--run-id",
            runId));
    command.addAll(List.of(more));
    File log = dir.resolve("child-" + runId + ".log").toFile();
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
  }

  private void staleLock(String runId, Instant beat) throws IOException {
    Path lock = Path.of(warehouse, "nightly", "lock.json");
    new ObjectMapper()
        .writeValue(
            lock.toFile(), new NightlyLock.Holder(runId, "gone-host", 7, "2026-11-25T01:00:00Z"));
    Files.setLastModifiedTime(lock, FileTime.from(beat));
  }

  /** Copies the first {@code perLabel} labelled train reviews of each label under new ids. */
  private int appendReviews(int perLabel) throws IOException {
    int added = 0;
    for (String label : List.of("pos", "neg")) {
      Path folder = dir.resolve("corpus/train/" + label);
      List<Path> files;
      try (Stream<Path> listed = Files.list(folder)) {
        files = listed.sorted().limit(perLabel).toList();
      }
      for (Path f : files) {
        String name = f.getFileName().toString();
        int id = Integer.parseInt(name.substring(0, name.indexOf('_')));
        Files.writeString(
            folder.resolve((id + 100_000) + name.substring(name.indexOf('_'))),
            "A new night, a new review. " + Files.readString(f));
        added++;
      }
    }
    return added;
  }

  /** Every review id of the ingest output with its split. */
  private Map<String, String> splits() {
    SparkSession spark = SparkSession.builder().getOrCreate();
    try {
      Map<String, String> splits = new HashMap<>();
      for (Row r :
          spark
              .read()
              .parquet(dir.resolve("ingest/reviews").toString())
              .select("review_id", "split")
              .collectAsList()) {
        splits.put(r.getString(0), r.getString(1));
      }
      return splits;
    } finally {
      spark.stop();
    }
  }

  private List<Row> sql(String query) {
    SparkSession spark = SparkSession.builder().getOrCreate();
    try {
      new Warehouse(spark, warehouse).registerViews();
      return spark.sql(query).collectAsList();
    } finally {
      spark.stop();
    }
  }
}
