package io.polarity.system.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.polarity.system.HdfsWarehouse;
import io.polarity.system.SparkLine;
import io.polarity.system.Submission;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Polarity on a cluster of several JVMs: HDFS (MiniDFSCluster), a Spark standalone master and two
 * one-core workers on 127.0.0.1, authentication and encryption on (conf/cluster.conf), every job
 * submitted through {@code submit-scripts/standalone} with the secret in a file outside the
 * repository, all data and the warehouse on {@code hdfs://}. The pipeline runs first; the train run
 * that loses an executor is the one the driver-kill test compares with. Everything is stopped
 * whatever happens; the JVMs' logs are in {@code target/cluster/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  private static final Duration JOB_LIMIT = Duration.ofMinutes(5);
  private static final String TRAIN_SETTINGS =
      "train { epochs = 3, spark { workers = 2, batch-size-per-worker = 16,"
          + " averaging-frequency = 4 } }";

  @TempDir static Path tmp;
  private static Path repository;
  private static Path logs;
  private static MiniDFSCluster hdfs;
  private static StandaloneCluster cluster;
  private static String root;
  private static Path jobConf;
  private static Path secretFile;
  private static HdfsWarehouse reader;

  /**
   * A client without the secret, started with the cluster: the master's refusal takes Spark's
   * registration retries (about a minute) of waiting, which overlap the pipeline's jobs.
   */
  private static Submission anonymous;

  @BeforeAll
  static void startTheCluster() throws Exception {
    repository = Path.of(System.getProperty("polarity.home", "..")).toAbsolutePath().normalize();
    Path sparkHome = SparkLine.sparkHome(repository);
    assertThat(SparkLine.appJar(repository))
        .as("the app jar (mvn package builds it before this module)")
        .exists();
    assertThat(sparkHome.resolve("jars")).as("the Spark runtime").isDirectory();
    logs = Files.createDirectories(Path.of("target/cluster").toAbsolutePath());

    hdfs = HdfsWarehouse.startHdfs(tmp.resolve("hdfs"));
    root = hdfs.getURI() + "/polarity";

    String secret = UUID.randomUUID().toString();
    secretFile = tmp.resolve("secrets/spark-secret");
    Files.createDirectories(secretFile.getParent());
    Files.writeString(secretFile, secret + "\n");
    Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
    // what the operator puts in the master's and workers' spark-defaults.conf
    Path daemons = tmp.resolve("secrets/daemons.properties");
    Files.writeString(
        daemons,
        "spark.authenticate true\n"
            + "spark.authenticate.secret "
            + secret
            + "\n"
            + "spark.network.crypto.enabled true\n");
    cluster = new StandaloneCluster(sparkHome, daemons, tmp.resolve("work"), logs, 2, "2g");
    anonymous =
        Submission.start(
            repository,
            "polarity",
            List.of("info", "--master", cluster.url()),
            jobEnvironment(),
            logs.resolve("anonymous"),
            "console");

    jobConf = tmp.resolve("cluster-test.conf");
    Files.writeString(
        jobConf,
        String.join(
            "\n",
            "warehouse.root = \"" + root + "/warehouse\"",
            "generate { output = \"" + root + "/corpus\", format = jsonl, reviews = 1500,",
            "  seed = 11, test-fraction = 0.2 }",
            "ingest { output = \"" + root + "/tables/ingest\",",
            "  source { name = gen, format = jsonl, path = \"" + root + "/corpus\" }",
            "  split { validation-fraction = 0.15, test-fraction = 0.15 } }",
            "preprocess { input = \"" + root + "/tables/ingest\",",
            "  output = \"" + root + "/tables/features\", sequence.max-tokens = 100 }",
            "train { input = \"" + root + "/tables/features\", output = \"" + root + "/models\" }",
            TRAIN_SETTINGS,
            "evaluate { input = \"" + root + "/tables/features\",",
            "  output = \"" + root + "/evaluations\" }",
            ""),
        StandardCharsets.UTF_8);

    assertSucceeds(submit("generate", "pipeline-generate"));
    for (String job : List.of("ingest", "preprocess")) {
      assertSucceeds(submit(job, "pipeline-" + job, "--run-id", "c-" + job));
    }
    reader = new HdfsWarehouse(root, "cluster-test-reader");
  }

  @AfterAll
  static void stopEverything() throws InterruptedException {
    try {
      if (anonymous != null) {
        anonymous.kill();
      }
      if (reader != null) {
        reader.close();
      }
    } finally {
      try {
        if (cluster != null) {
          cluster.close();
        }
      } finally {
        if (hdfs != null) {
          hdfs.shutdown();
        }
      }
    }
  }

  /**
   * One of the two executors is killed half-way through the second epoch: the run completes, every
   * epoch recorded, and its model evaluates on the test split.
   */
  @Test
  @Order(1)
  void trainsThroughAKilledExecutorAndEvaluatesOnHdfs() throws Exception {
    Submission train = submit("train", "train-whole", "--run-id", "whole");
    awaitFitOfSecondEpoch(train, "whole");
    List<ProcessHandle> executors = cluster.executors();
    assertThat(executors).as("the application's executors").isNotEmpty();
    executors.get(0).destroyForcibly();
    assertThat(train.await(JOB_LIMIT)).as(train.console()).isZero();
    assertSucceeds(
        submit(
            "evaluate",
            "evaluate-whole",
            "--run-id",
            "e-whole",
            "--set",
            "evaluate.model-run-id=whole"));

    assertThat(reader.runs())
        .containsEntry("c-ingest", "succeeded")
        .containsEntry("c-preprocess", "succeeded")
        .containsEntry("whole", "succeeded")
        .containsEntry("e-whole", "succeeded");
    List<Row> epochs = epochMetrics("whole");
    assertThat(epochs).hasSize(3);
    assertThat(epochs.get(2).<Double>getAs("validation_accuracy")).isGreaterThan(0.8);
    Row accuracy =
        reader
            .table("eval_metrics")
            .where("run_id = 'e-whole' AND metric = 'accuracy' AND slice = 'all'")
            .select("value")
            .first();
    assertThat(accuracy.getDouble(0)).isGreaterThan(0.8);
    // the minibatches were exported under the run and removed when it ended
    assertThat(fs().exists(new org.apache.hadoop.fs.Path(root + "/models/whole/export"))).isFalse();
    assertThat(fs().exists(new org.apache.hadoop.fs.Path(root + "/models/whole/model.zip")))
        .isTrue();
  }

  /**
   * Killed half-way through its second epoch, resumed from the first epoch's checkpoint: it ends
   * exactly as the first run did, so neither losing the driver nor losing an executor (whose round
   * is fitted again from its starting point) changes what is trained.
   */
  @Test
  @Order(2)
  void aKilledDriverResumesToTheResultOfTheFirstRun() throws Exception {
    Submission train = submit("train", "train-driver-killed", "--run-id", "driver-killed");
    awaitFitOfSecondEpoch(train, "driver-killed");
    train.kill();

    Submission resumed = submit("train", "train-resumed", "--run-id", "driver-killed", "--resume");
    assertThat(resumed.await(JOB_LIMIT)).as(resumed.console()).isZero();

    assertThat(reader.runs()).containsEntry("driver-killed", "succeeded");
    List<Row> whole = epochMetrics("whole");
    List<Row> resumedEpochs = epochMetrics("driver-killed");
    assertThat(resumedEpochs).hasSize(3);
    for (int i = 0; i < 3; i++) {
      for (String metric : List.of("validation_loss", "validation_accuracy", "validation_auc")) {
        assertThat(resumedEpochs.get(i).<Double>getAs(metric))
            .as("epoch %d %s", i + 1, metric)
            .isEqualTo(whole.get(i).<Double>getAs(metric));
      }
    }
  }

  /**
   * An ingest that fails on the executors half-way (a truncated gzip file, with unreadable files
   * set to fail the run) leaves the previous review table as it was and is recorded as failed.
   */
  @Test
  @Order(3)
  void aRunFailingMidwayLeavesThePreviousOutputsAndIsRecordedFailed() throws Exception {
    long reviewsBefore = reader.parquet("tables/ingest/reviews").count();
    FileSystem fs = fs();
    try (var out = fs.create(new org.apache.hadoop.fs.Path(root + "/corpus/broken.jsonl.gz"))) {
      out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3});
    }
    try {
      Submission ingest =
          submit(
              "ingest",
              "ingest-failing",
              "--run-id",
              "c-ingest-failing",
              "--set",
              "ingest.on-unreadable-file=fail");
      assertThat(ingest.await(JOB_LIMIT)).as(ingest.console()).isEqualTo(1);
      assertThat(ingest.console()).contains("broken.jsonl.gz");
    } finally {
      fs.delete(new org.apache.hadoop.fs.Path(root + "/corpus/broken.jsonl.gz"), false);
    }

    assertThat(reader.parquet("tables/ingest/reviews").count()).isEqualTo(reviewsBefore);
    assertThat(reader.runs())
        .containsEntry("c-ingest-failing", "failed")
        .containsEntry("c-ingest", "succeeded");
  }

  /**
   * The master refuses an application that does not know the shared secret (submitted through the
   * plain launcher, without the template's secret, as the cluster started).
   */
  @Test
  @Order(4)
  void aClientWithoutTheSecretIsRefused() throws Exception {
    assertThat(anonymous.await(Duration.ofMinutes(4))).as(anonymous.console()).isNotZero();
    assertThat(anonymous.console()).doesNotContain("executors: ND4J");
  }

  // --- helpers

  private static Submission submit(String job, String name, String... flags) {
    List<String> args = new ArrayList<>();
    args.add(job);
    args.add("--conf");
    args.add(jobConf.toString());
    args.addAll(List.of(flags));
    args.add("--conf");
    args.add("spark.hadoop.fs.defaultFS=" + hdfs.getURI());
    return Submission.start(
        repository, "standalone", args, jobEnvironment(), logs.resolve(name), "console");
  }

  private static Map<String, String> jobEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("SPARK_MASTER_URL", cluster.url());
    env.put("POLARITY_SPARK_SECRET_FILE", secretFile.toString());
    env.put("POLARITY_DRIVER_MEMORY", "1g");
    env.put("POLARITY_EXECUTOR_MEMORY", "1g");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    return env;
  }

  private static void assertSucceeds(Submission job) throws InterruptedException {
    assertThat(job.await(JOB_LIMIT)).as(job.console()).isZero();
  }

  private static String checkpoint(String run, int epoch) {
    return root + "/models/" + run + "/checkpoints/" + String.format("epoch-%04d", epoch);
  }

  /**
   * Waits until {@code run} has saved its first checkpoint and its driver has started fitting the
   * second epoch (the trainer logs the validation step's time as the next step starts), and then a
   * further second: the fit of an epoch takes over three seconds here.
   */
  private static void awaitFitOfSecondEpoch(Submission job, String run) throws Exception {
    org.apache.hadoop.fs.Path first = new org.apache.hadoop.fs.Path(checkpoint(run, 1));
    long deadline = System.nanoTime() + JOB_LIMIT.toNanos();
    while (!fs().exists(first) || !job.err().contains("validation after epoch 1 took")) {
      assertThat(job.isAlive())
          .as("the job ended before its second epoch:\n" + job.console())
          .isTrue();
      assertThat(System.nanoTime()).as("waiting for epoch 2 of " + run).isLessThan(deadline);
      Thread.sleep(100);
    }
    Thread.sleep(1000);
    assertThat(job.isAlive()).as(job.console()).isTrue();
    assertThat(fs().exists(new org.apache.hadoop.fs.Path(checkpoint(run, 2))))
        .as("still in the second epoch")
        .isFalse();
  }

  private static FileSystem fs() throws IOException {
    return hdfs.getFileSystem();
  }

  private static List<Row> epochMetrics(String run) {
    return reader
        .table("epoch_metrics")
        .where("run_id = '" + run + "'")
        .orderBy("epoch")
        .collectAsList();
  }
}
