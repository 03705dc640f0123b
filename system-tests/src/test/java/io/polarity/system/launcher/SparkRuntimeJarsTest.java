package io.polarity.system.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.polarity.system.SparkLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark runtime that the build assembles for {@code submit-scripts/polarity} holds exactly the
 * runtime dependencies of {@code spark-core}, {@code spark-sql}, {@code spark-mllib} and {@code
 * spark-yarn} (the YARN template submits with it), as Maven resolves them for a project that
 * declares nothing else: the parent's dependency management (a managed scope also applies below
 * Spark) must not take a jar out of it, nor add one. A jar missing here crashes the jobs with
 * {@code NoClassDefFoundError} only on the paths that need it (commons-text was: every "did you
 * mean" and every SQL error message). Versions may differ: the parent pins some to those a Spark
 * distribution ships, where Maven's nearest-wins mediation over Spark's published POMs picks older
 * ones (slf4j-api 1.7 through Avro, an older jackson-core). Beside the jars, the class data archive
 * the launcher starts the driver from.
 */
class SparkRuntimeJarsTest {
  /** {@code group:artifact:type[:classifier]:version:scope} as dependency:list prints it. */
  private static final Pattern LISTED =
      Pattern.compile("\\s*([^:\\s]+):([^:]+):([^:]+)(?::([^:]+))?:([^:]+):(compile|runtime)\\b.*");

  @TempDir Path dir;

  @Test
  void theRuntimeHoldsSparksOwnRuntimeDependenciesExactly() throws Exception {
    Path repository = Path.of(System.getProperty("polarity.home", "..")).toAbsolutePath();
    Path jars = SparkLine.sparkHome(repository).resolve("jars");
    assertThat(jars).as("the Spark runtime (mvn package assembles it)").isDirectory();

    List<Artifact> expected = sparkRuntimeArtifacts();
    List<String> assembled;
    try (var files = Files.list(jars)) {
      assembled = files.map(f -> f.getFileName().toString()).sorted().toList();
    }

    List<Artifact> missing =
        expected.stream().filter(a -> assembled.stream().noneMatch(a::isFile)).toList();
    List<String> extra =
        assembled.stream().filter(f -> expected.stream().noneMatch(a -> a.isFile(f))).toList();
    assertThat(expected)
        .as("Spark's runtime dependencies, as Maven lists them")
        .hasSizeGreaterThan(100);
    assertThat(missing).as("jars Spark needs that the runtime lacks").isEmpty();
    assertThat(extra).as("jars in the runtime that Spark does not declare").isEmpty();
  }

  /**
   * The runtime's class data archive (spark-runtime/class-archive.sh, run by {@code mvn package})
   * maps in this JVM with the runtime's jars ({@code -Xshare:on} fails where it would not), and the
   * launcher hands it to the driver.
   */
  @Test
  void theDriverStartsFromTheRuntimesClassDataArchive() throws Exception {
    Path repository = Path.of(System.getProperty("polarity.home", "..")).toAbsolutePath();
    Path runtime = SparkLine.sparkHome(repository);
    Path archive = runtime.resolve("polarity-classes.jsa");
    assertThat(archive).as("the class data archive (mvn package writes it)").isRegularFile();

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process mapped =
        new ProcessBuilder(
                java.toString(),
                "-Xshare:on",
                "-XX:SharedArchiveFile=" + archive,
                "-cp",
                runtime.resolve("jars") + "/*",
                "-version")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("java.log").toFile())
            .start();
    assertThat(mapped.waitFor(1, TimeUnit.MINUTES)).as("java -version ended").isTrue();
    assertThat(mapped.exitValue()).as(Files.readString(dir.resolve("java.log"))).isZero();

    assertThat(dryRun(repository, null).output()).contains("-XX:SharedArchiveFile=" + archive);
    // an archive named that is not there is an error, not a silent slow start
    Path missing = dir.resolve("nowhere.jsa");
    DryRun named = dryRun(repository, missing.toString());
    assertThat(named.status()).isEqualTo(2);
    assertThat(named.output())
        .containsExactly(
            "polarity: POLARITY_CLASS_ARCHIVE names no file: "
                + missing
                + " (none starts without an archive)");
  }

  /** What the launcher's dry run printed, a line a word, and its exit status. */
  record DryRun(int status, List<String> output) {}

  /** {@code polarity info} as a dry run, with POLARITY_CLASS_ARCHIVE set where not null. */
  private DryRun dryRun(Path repository, String classArchive) throws Exception {
    Path log = dir.resolve("dry-run-" + System.nanoTime() + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(repository.resolve("submit-scripts/polarity").toString(), "info")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(dir.toFile());
    builder.environment().remove("SPARK_HOME");
    builder.environment().put("POLARITY_DRY_RUN", "1");
    builder.environment().put("POLARITY_SPARK_LINE", SparkLine.name());
    if (classArchive != null) {
      builder.environment().put("POLARITY_CLASS_ARCHIVE", classArchive);
    }
    Process launched = builder.start();
    assertThat(launched.waitFor(1, TimeUnit.MINUTES)).as("the dry run ended").isTrue();
    return new DryRun(launched.exitValue(), Files.readAllLines(log));
  }

  /** A resolved jar: its artifact id, version and classifier (null for none). */
  record Artifact(String artifactId, String version, String classifier) {
    /** Whether {@code file} is this artifact's jar, in this version or another. */
    boolean isFile(String file) {
      return file.matches(
          Pattern.quote(artifactId)
              + "-\\d[^/]*"
              + (classifier == null ? "" : "-" + Pattern.quote(classifier))
              + "\\.jar");
    }
  }

  /** The runtime dependencies of Spark's three modules, from Maven run on a project of its own. */
  private List<Artifact> sparkRuntimeArtifacts() throws IOException, InterruptedException {
    String scala = System.getProperty("polarity.scala.binary.version");
    String spark = System.getProperty("polarity.spark.version");
    StringBuilder dependencies = new StringBuilder();
    for (String module : List.of("core", "sql", "mllib", "yarn")) {
      dependencies.append(
          "<dependency><groupId>org.apache.spark</groupId><artifactId>spark-"
              + module
              + "_"
              + scala
              + "</artifactId><version>"
              + spark
              + "</version></dependency>");
    }
    Path pom =
        Files.writeString(
            dir.resolve("pom.xml"),
            "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                + "<groupId>check</groupId><artifactId>spark-runtime-jars</artifactId>"
                + "<version>1</version><packaging>pom</packaging><dependencies>"
                + dependencies
                + "</dependencies></project>");
    Path listing = dir.resolve("dependencies.txt");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("maven.home"), "bin", "mvn").toString());
    command.addAll(
        List.of(
            "-B",
            "-q",
            "-f",
            pom.toString(),
            "-Dmaven.repo.local=" + System.getProperty("maven.repo.local"),
            "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:list",
            "-DincludeScope=runtime",
            "-DoutputFile=" + listing));
    Process maven =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("maven.log").toFile())
            .start();
    assertThat(maven.waitFor(5, TimeUnit.MINUTES)).as("Maven's dependency:list ended").isTrue();
    assertThat(maven.exitValue())
        .as("dependency:list: " + Files.readString(dir.resolve("maven.log")))
        .isZero();
    List<Artifact> artifacts = new ArrayList<>();
    for (String line : Files.readAllLines(listing)) {
      Matcher m = LISTED.matcher(line);
      if (m.matches() && m.group(3).equals("jar")) {
        artifacts.add(new Artifact(m.group(2), m.group(5), m.group(4)));
      }
    }
    return artifacts;
  }
}
