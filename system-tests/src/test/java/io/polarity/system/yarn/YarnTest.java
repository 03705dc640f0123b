package io.polarity.system.yarn;

import static org.assertj.core.api.Assertions.assertThat;

import io.polarity.system.HdfsWarehouse;
import io.polarity.system.SparkLine;
import io.polarity.system.Submission;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The YARN template on a YARN cluster: a MiniYARNCluster (one NodeManager, containers as processes
 * of this machine) over a MiniDFSCluster, both of the line's Hadoop. Jobs go through {@code
 * submit-scripts/yarn} as a user submits them, with {@code HADOOP_CONF_DIR} naming the cluster's
 * client configuration and the build's runtime as Spark (it carries spark-yarn); every path is on
 * {@code hdfs://}. Client mode runs generate, the nightly batch with an executor container killed
 * during training, and {@code metrics latest}; cluster mode (the driver in the application master)
 * runs the nightly batch on a new corpus and {@code metrics latest}. Everything is stopped whatever
 * happens; the jobs' consoles are in {@code target/yarn/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnTest {
  private static final Duration JOB_LIMIT = Duration.ofMinutes(6);

  @TempDir static Path tmp;
  private static Path repository;
  private static Path logs;
  private static MiniDFSCluster hdfs;
  private static MiniYARNCluster yarn;
  private static Path hadoopConf;
  private static Path sparkProperties;
  private static String root;
  private static Path jobConf;
  private static HdfsWarehouse reader;

  @BeforeAll
  static void startTheCluster() throws Exception {
    repository = Path.of(System.getProperty("polarity.home", "..")).toAbsolutePath().normalize();
    Path sparkHome = SparkLine.sparkHome(repository);
    assertThat(SparkLine.appJar(repository)).as("the app jar").exists();
    assertThat(sparkHome.resolve("jars")).as("the Spark runtime").isDirectory();
    logs = Files.createDirectories(Path.of("target/yarn").toAbsolutePath());

    hdfs = HdfsWarehouse.startHdfs(tmp.resolve("hdfs"));
    root = hdfs.getURI() + "/polarity";

    YarnConfiguration conf = new YarnConfiguration(hdfs.getConfiguration(0));
    conf.set("fs.defaultFS", hdfs.getURI().toString());
    // room for an application master and two executors of 1 GB (and Spark's 384 MB overheads)
    conf.setInt(YarnConfiguration.NM_PMEM_MB, 6144);
    conf.setInt(YarnConfiguration.NM_VCORES, 4);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, 4096);
    conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.9f);
    // one queue, no capacity-scheduler.xml to write
    conf.set(
        YarnConfiguration.RM_SCHEDULER,
        "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler");
    yarn = new MiniYARNCluster("polarity-yarn-test", 1, 1, 1);
    yarn.init(conf);
    yarn.start();
    assertThat(yarn.waitForNodeManagersToConnect(60_000)).as("the NodeManager registered").isTrue();

    // the cluster's client configuration, as an operator hands it out: where HDFS and the
    // ResourceManager are (the test clusters' whole configuration names classes of their own)
    hadoopConf = Files.createDirectories(tmp.resolve("hadoop-conf"));
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", hdfs.getURI().toString());
    Configuration site = new Configuration(false);
    for (String key :
        List.of(
            YarnConfiguration.RM_ADDRESS,
            YarnConfiguration.RM_SCHEDULER_ADDRESS,
            YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
            YarnConfiguration.RM_ADMIN_ADDRESS,
            YarnConfiguration.RM_WEBAPP_ADDRESS)) {
      site.set(key, yarn.getConfig().get(key));
    }
    for (Map.Entry<String, Configuration> file :
        Map.of("core-site.xml", core, "yarn-site.xml", site).entrySet()) {
      try (OutputStream out = Files.newOutputStream(hadoopConf.resolve(file.getKey()))) {
        file.getValue().writeXml(out);
      }
    }
    String javaHome = System.getProperty("java.home");
    sparkProperties = tmp.resolve("site-spark.properties");
    Files.writeString(
        sparkProperties,
        String.join(
            "\n",
            // Spark's jars where every node has them (the NodeManager is this machine), as a
            // site with Spark installed on its nodes says; without it each submission zips the
            // whole runtime and every container copies it. The app jar is uploaded as usual.
            "spark.yarn.jars local:" + sparkHome.resolve("jars") + "/*",
            "spark.yarn.appMasterEnv.JAVA_HOME " + javaHome,
            "spark.executorEnv.JAVA_HOME " + javaHome,
            "spark.hadoop.fs.defaultFS " + hdfs.getURI(),
            "spark.driver.host 127.0.0.1",
            ""));

    jobConf = tmp.resolve("yarn-test.conf");
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
            "  output = \"" + root + "/tables/features\" }",
            "train { input = \"" + root + "/tables/features\", output = \"" + root + "/models\",",
            "  epochs = 3, spark { workers = 2, batch-size-per-worker = 16,",
            "  averaging-frequency = 4 } }",
            "evaluate.output = \"" + root + "/evaluations\"",
            "score.output = \"" + root + "/tables/scores\"",
            "nightly { score = true, promotion.minimum.accuracy = 0.7 }",
            ""),
        StandardCharsets.UTF_8);

    reader = new HdfsWarehouse(root, "yarn-test-reader");
  }

  @AfterAll
  static void stopEverything() {
    try {
      if (reader != null) {
        reader.close();
      }
    } finally {
      try {
        if (yarn != null) {
          yarn.stop();
        }
      } finally {
        if (hdfs != null) {
          hdfs.shutdown();
        }
      }
    }
  }

  /**
   * Client mode: the driver here, executors in containers. One executor container is killed while
   * the nightly run trains; the round is fitted again on a new one, and every epoch fits every
   * training example.
   */
  @Test
  @Order(1)
  void clientModeRunsTheNightlyBatchThroughAKilledExecutor() throws Exception {
    assertSucceeds(submit("client", "client-generate", "generate"));
    Submission nightly = submit("client", "client-nightly", "nightly", "--run-id", "night-1");
    awaitSecondEpoch(nightly);
    List<ProcessHandle> executors = executors();
    assertThat(executors).as("the application's executor containers").isNotEmpty();
    executors.get(0).destroyForcibly();
    assertSucceeds(nightly);

    Submission latest = submit("client", "client-latest", "metrics", "latest");
    assertSucceeds(latest);
    assertThat(latest.out()).contains("accuracy");
    Map<String, String> status = reader.runs();
    assertThat(status).containsEntry("night-1", "succeeded");
    List<Row> epochs =
        reader
            .table("epoch_metrics")
            .where("run_id LIKE 'night-1%'")
            .orderBy("epoch")
            .select("epoch", "examples")
            .collectAsList();
    assertThat(epochs).hasSize(3);
    long trainingExamples =
        reader
            .parquet("tables/features/features")
            .where("split = 'train' AND label_index >= 0")
            .count();
    assertThat(epochs).allSatisfy(e -> assertThat(e.getLong(1)).isEqualTo(trainingExamples));
  }

  /** Cluster mode: the driver in the application master, the job's config shipped to it. */
  @Test
  @Order(2)
  void clusterModeRunsTheNightlyBatchOnANewCorpus() throws Exception {
    assertSucceeds(submit("cluster", "cluster-generate", "generate", "--set", "generate.seed=12"));
    assertSucceeds(submit("cluster", "cluster-nightly", "nightly", "--run-id", "night-2"));
    assertSucceeds(submit("cluster", "cluster-latest", "metrics", "latest"));
    assertThat(reader.runs()).containsEntry("night-2", "succeeded");
  }

  // --- helpers

  private static Submission submit(String mode, String name, String job, String... flags) {
    List<String> args = new ArrayList<>();
    args.add(job);
    args.add("--conf");
    args.add(jobConf.toString());
    args.addAll(List.of(flags));
    Map<String, String> env = new HashMap<>();
    env.put("HADOOP_CONF_DIR", hadoopConf.toString());
    env.put("POLARITY_DEPLOY_MODE", mode);
    env.put("POLARITY_SPARK_PROPERTIES", sparkProperties.toString());
    env.put("POLARITY_DRIVER_MEMORY", "1g");
    env.put("POLARITY_EXECUTOR_MEMORY", "1g");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    return Submission.start(repository, "yarn", args, env, logs.resolve(name), "console");
  }

  private static void assertSucceeds(Submission job) throws InterruptedException {
    assertThat(job.await(JOB_LIMIT)).as(job.console()).isZero();
  }

  /** The executor JVMs YARN's NodeManager started (its containers are processes of this JVM). */
  private static List<ProcessHandle> executors() {
    return ProcessHandle.current()
        .descendants()
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains("YarnCoarseGrainedExecutorBackend"))
                    .orElse(false))
        .toList();
  }

  /** Waits until the nightly run's driver has validated the first epoch, and a second more. */
  private static void awaitSecondEpoch(Submission job) throws Exception {
    long deadline = System.nanoTime() + JOB_LIMIT.toNanos();
    while (!job.err().contains("validation after epoch 1 took")) {
      assertThat(job.isAlive())
          .as("the job ended before its second epoch:\n" + job.console())
          .isTrue();
      assertThat(System.nanoTime()).as("waiting for epoch 2").isLessThan(deadline);
      Thread.sleep(100);
    }
    Thread.sleep(1000);
  }

  private static FileSystem fs() throws IOException {
    return hdfs.getFileSystem();
  }
}
