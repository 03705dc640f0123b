package io.polarity.system.templates;

import static org.assertj.core.api.Assertions.assertThat;

import io.polarity.system.SparkLine;
import io.polarity.system.Submission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes template and the image build, where no cluster and no Docker run: each is run as a
 * user runs it, with {@code POLARITY_DRY_RUN=1}, and the command it would run (and the Spark
 * properties it wrote) is checked word by word. Also the launcher's choice of the Spark line.
 */
class ClusterTemplatesDryRunTest {
  private static final Duration LIMIT = Duration.ofSeconds(30);

  @TempDir static Path tmp;
  private static Path repository;
  private static Path sparkHome;

  /** A Spark distribution of this build's line, as far as the scripts look at one. */
  @BeforeAll
  static void fakeSparkHome() throws IOException {
    repository = Path.of(System.getProperty("polarity.home", "..")).toAbsolutePath().normalize();
    sparkHome = tmp.resolve("spark");
    Files.createDirectories(sparkHome.resolve("bin"));
    Files.createDirectories(sparkHome.resolve("jars"));
    Path submit = sparkHome.resolve("bin/spark-submit");
    Files.writeString(submit, "#!/bin/sh\nexit 99\n");
    submit.toFile().setExecutable(true);
    Files.createFile(
        sparkHome.resolve(
            "jars/spark-core_" + SparkLine.scalaVersion() + "-" + version() + ".jar"));
  }

  private static String version() {
    return System.getProperty("polarity.spark.version", "4.2.0");
  }

  private static Submission dryRun(String script, Map<String, String> env, String... args)
      throws InterruptedException {
    Map<String, String> all = new HashMap<>(env);
    all.put("POLARITY_DRY_RUN", "1");
    Submission s = Submission.start(repository, script, List.of(args), all, tmp, script);
    assertThat(s.await(LIMIT)).as(s.console()).isZero();
    return s;
  }

  /** The printed command, a word a line, after the line that announces it. */
  private static List<String> command(Submission s, String announcer) {
    List<String> lines = s.out().lines().toList();
    int at = lines.indexOf(announcer + ": dry run, the command:");
    assertThat(at).as(s.console()).isNotNegative();
    return lines.subList(at + 1, lines.size());
  }

  @Test
  void kubernetesSubmitsTheImagesJarInClusterModeWithTheImageAndItsConfig() throws Exception {
    Submission s =
        dryRun(
            "kubernetes",
            Map.of(
                "SPARK_HOME", sparkHome.toString(),
                "POLARITY_K8S_MASTER", "k8s://https://k8s.example.com:6443",
                "POLARITY_IMAGE", "registry.example.com/polarity:test",
                "POLARITY_K8S_NAMESPACE", "reviews",
                "POLARITY_EXECUTORS", "3"),
            "train",
            "--conf",
            "conf/imdb.conf",
            "--input",
            "hdfs:///polarity/features");
    assertThat(s.out())
        .contains(
            "polarity: dry run, the properties file:\n",
            "spark.kubernetes.container.image registry.example.com/polarity:test\n",
            "spark.kubernetes.namespace reviews\n",
            "spark.kubernetes.authenticate.driver.serviceAccountName spark\n",
            "spark.executor.instances 3\n");
    List<String> command = command(s, "polarity");
    assertThat(command.get(0)).isEqualTo(sparkHome.resolve("bin/spark-submit").toString());
    assertThat(String.join(" ", command))
        .contains(" --master k8s://https://k8s.example.com:6443 ")
        .contains(" --executor-cores 1 --executor-memory 4g ")
        .contains(" --deploy-mode cluster ")
        .contains(
            " --conf spark.driver.extraJavaOptions=-Dlog4j2.configurationFile=file:"
                + "/opt/polarity/conf/log4j2.properties ")
        .doesNotContain("--files");
    // the image's jar and config, not this machine's paths
    assertThat(command.subList(command.indexOf("--class"), command.size()))
        .containsExactly(
            "--class",
            "io.polarity.jobs.Polarity",
            "local:///opt/polarity/jobs/target/polarity-app.jar",
            "train",
            "--conf",
            "/opt/polarity/conf/imdb.conf",
            "--input",
            "hdfs:///polarity/features");
  }

  @Test
  void theImageIsApacheSparksOfTheLineWithTheLinesJar() throws Exception {
    String base =
        SparkLine.name().equals("spark4")
            ? "apache/spark:4.2.0-scala2.13-java17-ubuntu"
            : "apache/spark:3.5.9-scala2.12-java17-ubuntu";
    Submission s = dryRun("build-image", Map.of(), "registry.example.com/polarity:test");
    assertThat(command(s, "build-image"))
        .containsExactly(
            "docker",
            "build",
            "-f",
            repository.resolve("submit-scripts/image/Dockerfile").toString(),
            "--build-arg",
            "SPARK_IMAGE=" + base,
            "--build-arg",
            "APP_JAR=jobs/target/polarity-app-" + SparkLine.name() + ".jar",
            "-t",
            "registry.example.com/polarity:test",
            repository.toString());
  }

  @Test
  void theLauncherRunsTheJarOfTheLineOfSparkHome() throws Exception {
    // no line named: the launcher reads it from SPARK_HOME's spark-core jar
    Submission s =
        dryRun(
            "polarity",
            Map.of("SPARK_HOME", sparkHome.toString(), "POLARITY_SPARK_LINE", ""),
            "metrics",
            "latest");
    assertThat(command(s, "polarity"))
        .contains(SparkLine.appJar(repository).toString())
        .endsWith("metrics", "latest");
  }

  @Test
  void refusesALineItDoesNotKnow() throws Exception {
    Submission s =
        Submission.start(
            repository,
            "polarity",
            List.of("metrics", "latest"),
            Map.of("POLARITY_SPARK_LINE", "spark2"),
            tmp,
            "unknown-line");
    assertThat(s.await(LIMIT)).isEqualTo(2);
    assertThat(s.lastErrorLine())
        .isEqualTo("polarity: POLARITY_SPARK_LINE must be spark4 or spark3.5, but is 'spark2'");
  }
}
