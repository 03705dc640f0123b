package io.polarity.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void fileOverridesDefaultsAndSetOverridesTheFile() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("job.conf"), "ingest { max-review-chars = 500, output = out }");

    Config config =
        ConfigLoader.applyOverrides(
            ConfigLoader.load(file.toFile()),
            List.of(
                "ingest.output=s3a://bucket/tables//x",
                "ingest.split.test-fraction=0.3",
                "ingest.sources=[{format = csv, path = a}]"));

    assertThat(config.getInt("ingest.max-review-chars")).isEqualTo(500);
    assertThat(config.getString("ingest.output")).isEqualTo("s3a://bucket/tables//x");
    assertThat(config.getDouble("ingest.split.test-fraction")).isEqualTo(0.3);
    assertThat(config.getDouble("ingest.split.validation-fraction")).isEqualTo(0.1);
    assertThat(config.getConfigList("ingest.sources")).hasSize(1);
  }

  @Test
  void acceptsFormatKeysForTheSourceAndNewLabels() {
    Config config =
        ConfigLoader.applyOverrides(
            ConfigLoader.load(null),
            List.of(
                "ingest.formats.csv.labels.values.neutral=[meh]",
                "ingest.source.labels.values.mixed=[so-so]",
                "ingest.source.columns.text=body"));

    assertThat(config.getStringList("ingest.formats.csv.labels.values.neutral"))
        .containsExactly("meh");
    assertThat(config.getStringList("ingest.source.labels.values.mixed")).containsExactly("so-so");
    assertThat(config.getString("ingest.source.columns.text")).isEqualTo("body");
  }

  @Test
  void rejectsUnknownKeysMalformedAssignmentsAndMissingFiles() {
    Config defaults = ConfigLoader.load(null);
    assertThatThrownBy(
            () -> ConfigLoader.applyOverrides(defaults, List.of("ingest.max-review-char=5")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "--set key 'ingest.max-review-char' is not a known setting (see conf/local.conf for the keys)");
    assertThatThrownBy(() -> ConfigLoader.applyOverrides(defaults, List.of("no-equals-sign")))
        .hasMessage("--set takes key=value, but was: 'no-equals-sign'");
    assertThatThrownBy(() -> ConfigLoader.applyOverrides(defaults, List.of("ingest.sources=[{")))
        .hasMessage("--set ingest.sources has a value that is not valid HOCON: '[{'");
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.conf").toFile()))
        .hasMessage(
            "--conf must name a readable HOCON file, but was: " + dir.resolve("missing.conf"));
  }

  @Test
  void reportsAFileThatIsNotHocon() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.conf"), "ingest { output = ");

    assertThatThrownBy(() -> ConfigLoader.load(file.toFile()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("--conf " + file + " is not valid HOCON: ");
  }
}
