package io.polarity.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The notebooks executed headless ({@code notebooks/execute}, jupyter nbconvert) against the
 * warehouse of a small real run: generate, ingest, preprocess, train, promote, evaluate twice.
 * Skipped when Jupyter is not installed, unless POLARITY_REQUIRE_NOTEBOOKS=1 (as in CI), which
 * makes it fail.
 */
@ExtendWith(LocalSpark.class)
class NotebooksTest {
  @TempDir static Path dir;

  @BeforeAll
  static void smallRun() throws InterruptedException {
    requireJupyter();
    String w = dir.resolve("warehouse").toString();
    String corpus = dir.resolve("corpus").toString();
    String tables = dir.resolve("tables").toString();
    String features = dir.resolve("features").toString();
    cli("generate", "--output", corpus, "--format", "jsonl", "--reviews", "400", "--seed", "9");
    cli("ingest", "--input", corpus, "--format", "jsonl", "--output", tables, "--warehouse", w);
    cli("preprocess", "--input", tables, "--output", features, "--warehouse", w);
    cli(
        "train",
        "--input",
        features,
        "--output",
        dir.resolve("models").toString(),
        "--warehouse",
        w,
        "--run-id",
        "nb-train",
        "--set",
        "train.epochs=2");
    cli("models", "--warehouse", w, "promote", dir.resolve("models/nb-train").toString());
    for (String id : new String[] {"nb-eval-1", "nb-eval-2"}) {
      cli(
          "evaluate",
          "--warehouse",
          w,
          "--run-id",
          id,
          "--set",
          "evaluate.output=" + dir.resolve("evaluations"));
    }
  }

  private static void cli(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = Polarity.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute(args)).as(String.join(" ", args) + ": " + err).isZero();
  }

  @Test
  void everyCellOfEveryNotebookRunsAndDrawsItsCharts() throws Exception {
    Path out = dir.resolve("executed");
    String classpath =
        String.join(
            ";",
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(File.pathSeparator));
    ProcessBuilder pb =
        new ProcessBuilder("bash", "../notebooks/execute", out.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("execute.log").toFile());
    pb.environment().put("POLARITY_WAREHOUSE", dir.resolve("warehouse").toString());
    pb.environment().put("POLARITY_KERNEL_CLASSPATH", classpath);
    Process p = pb.start();
    assertThat(p.waitFor(20, TimeUnit.MINUTES)).isTrue();
    String log = Files.readString(dir.resolve("execute.log"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(log).isZero();

    for (String name :
        List.of("training-history.ipynb", "latest-evaluation.ipynb", "model-registry.ipynb")) {
      List<String> kinds = outputs(out.resolve(name));
      assertThat(kinds).as(name).doesNotContain("error").contains("stream");
    }
    assertThat(outputs(out.resolve("training-history.ipynb")))
        .filteredOn("image/png"::equals)
        .hasSize(3);
    assertThat(outputs(out.resolve("latest-evaluation.ipynb")))
        .filteredOn("image/png"::equals)
        .hasSize(2);
    assertThat(Files.readString(out.resolve("latest-evaluation.ipynb")))
        .contains("nb-eval-2", "nb-train");
    assertThat(outputs(out.resolve("model-registry.ipynb")))
        .filteredOn("text/html"::equals)
        .hasSize(3);
    assertThat(Files.readString(out.resolve("model-registry.ipynb")))
        .contains("champion: nb-train since ", "promoted by hand", "<td>champion</td>");
  }

  /** Each output of each cell: its image/png or text/html data, or its output type. */
  private static List<String> outputs(Path notebook) throws IOException {
    List<String> kinds = new ArrayList<>();
    for (JsonNode cell : new ObjectMapper().readTree(notebook.toFile()).get("cells")) {
      for (JsonNode o : cell.path("outputs")) {
        if (o.path("data").has("image/png")) {
          kinds.add("image/png");
        } else if (o.path("data").has("text/html")) {
          kinds.add("text/html");
        } else {
          kinds.add(o.get("output_type").asText());
        }
      }
    }
    return kinds;
  }

  private static void requireJupyter() throws InterruptedException {
    boolean installed;
    try {
      installed =
          new ProcessBuilder("jupyter", "nbconvert", "--version")
                  .redirectErrorStream(true)
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .start()
                  .waitFor()
              == 0;
    } catch (IOException e) {
      installed = false;
    }
    String message =
        "jupyter nbconvert is not installed (apt-get install jupyter-nbconvert jupyter-client"
            + " python3-ipykernel): the notebooks were not executed";
    if ("1".equals(System.getenv("POLARITY_REQUIRE_NOTEBOOKS"))) {
      assertThat(installed).as(message).isTrue();
    }
    Assumptions.assumeTrue(installed, message);
  }
}
