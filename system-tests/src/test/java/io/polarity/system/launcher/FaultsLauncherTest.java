package io.polarity.system.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.polarity.system.Submission;
import io.polarity.system.launcher.Launcher.Run;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faults a scheduled job meets, through {@code submit-scripts/polarity} as cron or Airflow runs
 * it: a second nightly run while one holds the lock (exit 3), one that replaces it (the running
 * stage stops within a heartbeat), a quality floor (exit 4), SIGTERM (exit 143: the run recorded as
 * failed, its heartbeat and lock gone), a checkpoint damaged after it was written, a full disk, a
 * damaged warehouse file and registry decision, and a file in another encoding. The tests build on
 * each other's outputs, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsLauncherTest {
  private static final int FAILED = 1;
  private static final int LOCK_HELD = 3;
  private static final int BELOW_FLOORS = 4;
  private static final int TERMINATED = 143;

  /** Enough epochs that a run stopped early cannot have finished them. */
  private static final String[] LONG_TRAINING = {"--set", "train.epochs=400"};

  @TempDir static Path dir;
  private static Launcher launcher;
  private static WarehouseReader reader;
  private static Path warehouse;
  private static String conf;

  @BeforeAll
  static void corpus() throws IOException {
    launcher = new Launcher(FaultsLauncherTest.class.getSimpleName());
    reader = new WarehouseReader();
    warehouse = dir.resolve("warehouse");
    conf =
        Files.writeString(
                dir.resolve("nightly.conf"),
                String.join(
                    "\n",
                    "generate { output = \"" + dir.resolve("corpus") + "\", format = aclimdb,",
                    "  reviews = 600, seed = 3, unlabeled-fraction = 0.1, test-fraction = 0.25 }",
                    "ingest { output = \"" + dir.resolve("ingest") + "\",",
                    "  source { name = demo, format = aclimdb, path = \""
                        + dir.resolve("corpus")
                        + "\" } }",
                    "preprocess { input = \"" + dir.resolve("ingest") + "\",",
                    "  output = \"" + dir.resolve("features") + "\" }",
                    "train { input = \"" + dir.resolve("features") + "\",",
                    "  output = \"" + dir.resolve("models") + "\", epochs = 1,",
                    "  early-stopping.patience = 1000 }",
                    "evaluate { output = \"" + dir.resolve("evaluations") + "\", report = false }",
                    "warehouse { root = \"" + warehouse + "\", heartbeat-interval = 2s }",
                    // no model passes: the run that completes exits 4
                    "nightly { score = false, promotion.minimum { accuracy = 0.999 } }",
                    ""))
            .toString();
    launcher.succeed("generate", "--conf", conf);
  }

  @AfterAll
  static void stopTheReader() {
    if (reader != null) {
      reader.close();
    }
  }

  private static Submission nightly(String runId, String... more) {
    return launcher.start(
        Stream.concat(Stream.of("nightly", "--conf", conf, "--run-id", runId), Stream.of(more))
            .toArray(String[]::new));
  }

  private static List<String> query(String sql) {
    return reader.query(warehouse, sql);
  }

  @Test
  @Order(1)
  void aSecondNightlyRunExitsThreeAndAReplacingOneStopsTheRunningStageAtOnce() {
    Submission holder = nightly("n1", LONG_TRAINING);
    Launcher.awaitLog(holder, "epoch 2/400");

    Run refused = Launcher.await(nightly("n2"));
    long replacing = System.nanoTime();
    Submission replacer =
        nightly("n3", "--set", "nightly.concurrency=replace", "--set", "train.epochs=1");
    Run stopped = Launcher.await(holder);
    double stoppedAfter = (System.nanoTime() - replacing) / 1e9;
    Run replaced = Launcher.await(replacer);

    assertThat(refused.status()).as(refused.err()).isEqualTo(LOCK_HELD);
    assertThat(refused.lastErrorLine()).startsWith("polarity nightly n2: ").contains("n1");
    assertThat(stopped.status()).as(stopped.err()).isEqualTo(FAILED);
    assertThat(stopped.lastErrorLine())
        .startsWith("polarity nightly n1: stage train (n1.train) failed: stopped: replaced by");
    // the replacing JVM's start, one heartbeat (2 s) and the current Spark task: not 400 epochs
    assertThat(stoppedAfter).as("seconds from the replacing run's start").isLessThan(45);
    assertThat(stopped.err()).doesNotContain("epoch 400/400");
    assertThat(replaced.status()).as(replaced.err()).isEqualTo(BELOW_FLOORS);
    assertThat(replaced.out()).contains("decision 1: rejected, below the quality bounds");
    assertThat(query("SELECT run_id, status FROM runs WHERE run_id LIKE 'n1%' ORDER BY run_id"))
        .contains("n1,failed", "n1.train,failed");
  }

  @Test
  @Order(2)
  void aNightlyRunStoppedBySignalRecordsItAndReleasesItsLockAndHeartbeats() {
    Submission running = nightly("n4", LONG_TRAINING);
    Launcher.awaitLog(running, "epoch 2/400");

    running.terminate();
    Run terminated = Launcher.await(running);

    assertThat(terminated.status()).as(terminated.err()).isEqualTo(TERMINATED);
    assertThat(warehouse.resolve("nightly/lock.json")).doesNotExist();
    assertThat(warehouse.resolve("_heartbeats/n4")).doesNotExist();
    assertThat(warehouse.resolve("_heartbeats/n4.train")).doesNotExist();
    assertThat(terminated.lastErrorLine())
        .startsWith("polarity nightly n4: terminated by signal SIGTERM");
    assertThat(
            query(
                "SELECT run_id, status, left(error, 28) FROM runs WHERE run_id LIKE 'n4%'"
                    + " ORDER BY run_id"))
        .containsExactly(
            "n4,failed,terminated by signal SIGTERM",
            "n4.ingest,skipped,NULL",
            "n4.preprocess,skipped,NULL",
            "n4.train,failed,terminated by signal SIGTERM");
  }

  /**
   * The stopped train stage left checkpoints; its newest is cut short, as a disk fault would. A
   * resume takes the one before, and is itself stopped by SIGTERM.
   */
  @Test
  @Order(3)
  void aTrainJobResumesPastADamagedCheckpointAndRecordsASignal() throws IOException {
    Path checkpoints = dir.resolve("models/n4.train/checkpoints");
    Path newest;
    try (var epochs = Files.list(checkpoints)) {
      newest = epochs.filter(Files::isDirectory).max(Path::compareTo).orElseThrow();
    }
    Path network = newest.resolve("network.zip");
    Files.write(network, Arrays.copyOf(Files.readAllBytes(network), 1000));

    Submission resumed =
        launcher.start(
            "train",
            "--conf",
            conf,
            "--run-id",
            "n4.train",
            "--resume",
            LONG_TRAINING[0],
            LONG_TRAINING[1]);
    Launcher.awaitLog(resumed, "Resuming from epoch");
    Launcher.awaitLog(resumed, "train: epoch");
    resumed.terminate();
    Run run = Launcher.await(resumed);

    assertThat(run.err())
        .containsPattern("Resuming from epoch \\d+: skipped " + newest + " \\(\\w*Exception");
    assertThat(run.status()).as(run.err()).isEqualTo(TERMINATED);
    assertThat(run.lastErrorLine()).startsWith("polarity train: terminated by signal SIGTERM");
    assertThat(warehouse.resolve("_heartbeats/n4.train")).doesNotExist();
    assertThat(query("SELECT status, left(error, 28) FROM runs WHERE run_id = 'n4.train'"))
        .containsExactly("failed,terminated by signal SIGTERM");
  }

  /**
   * Preprocess writes into a 'disk' (a tmpfs in a mount namespace of its own) that holds the
   * previous output and not much more: the run fails naming the disk, the previous output stays,
   * and no staging is left to keep the disk full.
   */
  @Test
  @Order(4)
  void aFullDiskFailsNamingThePathAndLeavesThePreviousOutputAndNoStaging() throws Exception {
    Assumptions.assumeTrue(
        new ProcessBuilder("unshare", "-rm", "true").start().waitFor() == 0,
        "needs unshare -rm (a mount namespace) to make a small disk; skipped");
    Path features = dir.resolve("features");
    long bytes;
    try (var files = Files.walk(features)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
    Path disk = Files.createDirectories(dir.resolve("small-disk"));
    Path listing = dir.resolve("small-disk.listing");
    String script =
        "mount -t tmpfs -o size="
            + (bytes * 3 / 2 / 1024 + 64)
            + "k tmpfs '"
            + disk
            + "' && cp -r '"
            + features
            + "' '"
            + disk
            + "/features' && { bash \"$0\" \"$@\"; status=$?; ls -A '"
            + disk
            + "' > '"
            + listing
            + "'; cat '"
            + disk
            + "/features/_polarity_run' >> '"
            + listing
            + "'; exit $status; }";

    Run full =
        Launcher.await(
            launcher.startWrapped(
                List.of("unshare", "-rm", "bash", "-c", script),
                "preprocess",
                "--conf",
                conf,
                "--output",
                disk.resolve("features").toString(),
                "--run-id",
                "full-disk"));

    assertThat(full.status()).as(full.err()).isEqualTo(FAILED);
    assertThat(full.lastErrorLine())
        .startsWith("polarity preprocess failed: ")
        .contains(disk + "/.polarity-staging-features-full-disk")
        .endsWith("IOException: No space left on device (stack trace in the job log)");
    assertThat(Files.readAllLines(listing))
        .containsExactly("features", Files.readString(features.resolve("_polarity_run")));
  }

  /**
   * A warehouse file cut short and a registry decision cut short: queries and jobs go on without
   * the file (and say so), the registry names the command that recovers, and {@code runs repair}
   * moves both aside. Then a Windows-1252 export, read first as UTF-8 and then in its encoding.
   */
  @Test
  @Order(5)
  void damagedFilesAreSkippedNamedAndMovedAsideAndAnExportIsReadInItsEncoding() throws IOException {
    Path runsFile;
    try (var files = Files.walk(warehouse.resolve("runs"))) {
      runsFile =
          files
              .filter(f -> f.toString().contains("run_id=n3.evaluate/"))
              .filter(f -> f.toString().endsWith(".parquet"))
              .findFirst()
              .orElseThrow();
    }
    Files.write(runsFile, Arrays.copyOf(Files.readAllBytes(runsFile), 200));
    Files.delete(runsFile.resolveSibling("." + runsFile.getFileName() + ".crc"));
    Path decision = warehouse.resolve("registry/decisions/00000001.json");
    Files.writeString(decision, Files.readString(decision).substring(0, 30));
    Path export = dir.resolve("export.csv");
    StringBuilder csv = new StringBuilder("review,sentiment\r\n");
    for (int i = 0; i < 250; i++) {
      csv.append(
          i % 5 == 0
              ? "plain ascii review " + i + ",positive\r\n"
              : "\"Caf\u00e9 cr\u00e8me \u2019" + i + "\u2019 \u2013 na\u00efve\",negative\r\n");
    }
    Files.write(export, csv.toString().getBytes(Charset.forName("windows-1252")));
    String[] ingest = {
      "ingest", "--conf", conf, "--input", export.toString(), "--format", "csv", "--output"
    };

    Run query =
        launcher.run(
            "metrics", "--conf", conf, "sql", "SELECT run_id FROM runs WHERE run_id LIKE 'n3%'");
    Run models = launcher.run("models", "--conf", conf, "list");
    Run asUtf8 =
        launcher.run(with(ingest, dir.resolve("export-utf8").toString(), "--run-id", "e1"));
    Run inItsEncoding =
        launcher.run(
            with(
                ingest,
                dir.resolve("export").toString(),
                "--run-id",
                "e2",
                "--set",
                "ingest.source.encoding=windows-1252"));
    Run repair = launcher.run("runs", "--conf", conf, "repair");

    assertThat(query.status()).as(query.err()).isZero();
    assertThat(query.out()).contains("n3.ingest").doesNotContain("n3.evaluate");
    assertThat(query.err()).contains("is read without its damaged file file:" + runsFile);
    assertThat(models.status()).as(models.err()).isEqualTo(FAILED);
    assertThat(models.lastErrorLine())
        .startsWith("polarity models list failed: DamagedException: the decision " + decision)
        .contains("`polarity runs repair` moves it aside into " + warehouse + "/_damaged/");
    assertThat(asUtf8.status()).as(asUtf8.err()).isZero();
    // most of its bytes are not UTF-8: the file is quarantined whole, naming the setting
    assertThat(asUtf8.out())
        .contains("demo: quarantined {invalid_encoding=1}")
        .contains(
            "most records (1 of 1) are invalid_encoding: if its files are not UTF-8, set its"
                + " encoding (ingest.source.encoding");
    assertThat(inItsEncoding.status()).as(inItsEncoding.err()).isZero();
    assertThat(inItsEncoding.out()).contains("(checked): 250 = 250 + 0 + 0");
    assertThat(
            reader.query(
                warehouse,
                "SELECT DISTINCT text FROM parquet.`"
                    + dir.resolve("export/reviews")
                    + "` WHERE text LIKE '%7\u2019 %'"))
        .contains("Caf\u00e9 cr\u00e8me \u20197\u2019 \u2013 na\u00efve");
    // the runs recorded while the file was damaged say what they read without
    assertThat(
            query(
                "SELECT run_id, source FROM data_quality WHERE metric = 'warehouse.damaged_file'"
                    + " ORDER BY run_id"))
        .containsExactly(
            "e1," + warehouse.relativize(runsFile), "e2," + warehouse.relativize(runsFile));
    assertThat(repair.status()).as(repair.err()).isZero();
    assertThat(repair.out())
        .contains(
            "moved the damaged file file:"
                + runsFile
                + " (RuntimeException: file:"
                + runsFile
                + " is not a Parquet file")
        .contains(
            "to file:" + warehouse.resolve("_damaged").resolve(warehouse.relativize(runsFile)))
        .contains("moved the damaged decision " + decision + " (JsonEOFException: ")
        .contains("to " + warehouse.resolve("_damaged/registry/decisions/00000001.json"));
    assertThat(runsFile).doesNotExist();
    assertThat(decision).doesNotExist();
  }

  private static String[] with(String[] args, String... more) {
    return Stream.concat(Stream.of(args), Stream.of(more)).toArray(String[]::new);
  }
}
