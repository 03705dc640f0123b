package io.polarity.system.cluster;

import io.polarity.system.SparkLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone master and its workers on 127.0.0.1, each in its own JVM started from the
 * SPARK_HOME that spark-runtime assembles, with authentication on: they are started with a
 * properties file holding the shared secret, as an operator would. {@link #close()} kills them and
 * every executor they launched.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  private final Path sparkHome;
  private final Path logs;
  private final List<Process> processes = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();
  private final int port;
  private final int uiPort;

  /**
   * Starts a master and {@code workers} workers of one core and {@code workerMemory} each, and
   * waits until the master has them all.
   */
  StandaloneCluster(
      Path sparkHome, Path properties, Path work, Path logs, int workers, String workerMemory)
      throws IOException, InterruptedException {
    this.sparkHome = sparkHome;
    this.logs = Files.createDirectories(logs);
    this.port = freePort();
    this.uiPort = freePort();
    try {
      processes.add(
          start(
              "master",
              List.of(
                  "org.apache.spark.deploy.master.Master",
                  "--host",
                  "127.0.0.1",
                  "--port",
                  Integer.toString(port),
                  "--webui-port",
                  Integer.toString(uiPort),
                  "--properties-file",
                  properties.toString())));
      for (int i = 1; i <= workers; i++) {
        Process worker =
            start(
                "worker-" + i,
                List.of(
                    "org.apache.spark.deploy.worker.Worker",
                    "--host",
                    "127.0.0.1",
                    "--webui-port",
                    Integer.toString(freePort()),
                    "--cores",
                    "1",
                    "--memory",
                    workerMemory,
                    "--work-dir",
                    Files.createDirectories(work.resolve("worker-" + i)).toString(),
                    "--properties-file",
                    properties.toString(),
                    url()));
        processes.add(worker);
        this.workers.add(worker);
      }
      awaitAliveWorkers(workers, Duration.ofSeconds(90));
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  String url() {
    return "spark://127.0.0.1:" + port;
  }

  /** The executor JVMs the workers have running now. */
  List<ProcessHandle> executors() {
    List<ProcessHandle> executors = new ArrayList<>();
    for (Process worker : workers) {
      worker
          .descendants()
          .filter(
              p ->
                  p.info()
                      .commandLine()
                      .map(c -> c.contains("CoarseGrainedExecutorBackend"))
                      .orElse(false))
          .forEach(executors::add);
    }
    return executors;
  }

  private Process start(String name, List<String> mainAndArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(sparkHome.resolve("conf") + ":" + sparkHome.resolve("jars") + "/*");
    command.addAll(mainAndArgs);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("SPARK_HOME", sparkHome.toString());
    builder.environment().put("SPARK_SCALA_VERSION", SparkLine.scalaVersion());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.redirectErrorStream(true);
    builder.redirectOutput(logs.resolve(name + ".log").toFile());
    return builder.start();
  }

  private void awaitAliveWorkers(int expected, Duration timeout)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "a cluster JVM exited with " + p.exitValue() + "; see the logs in " + logs);
        }
      }
      try {
        last =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = ALIVE_WORKERS.matcher(last);
        if (m.find() && Integer.parseInt(m.group(1)) == expected) {
          return;
        }
      } catch (IOException e) {
        last = e.toString(); // the master's UI is not up yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "the master did not see " + expected + " workers in " + timeout + ": " + last);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : processes) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
