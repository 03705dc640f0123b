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
            "--set: 'ingest.max-review-char' is not a known setting (did you mean"
                + " 'ingest.max-review-chars'?); polarity-defaults.conf lists every setting");
    assertThatThrownBy(() -> ConfigLoader.applyOverrides(defaults, List.of("zzz.q=1")))
        .hasMessage(
            "--set: 'zzz.q' is not a known setting; polarity-defaults.conf lists every setting");
    assertThatThrownBy(() -> ConfigLoader.applyOverrides(defaults, List.of("no-equals-sign")))
        .hasMessage("--set takes key=value, but was: 'no-equals-sign'");
    assertThatThrownBy(() -> ConfigLoader.applyOverrides(defaults, List.of("ingest.sources=[{")))
        .hasMessage("--set ingest.sources has a value that is not valid HOCON: '[{'");
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.conf").toFile()))
        .hasMessage(
            "--conf must name a readable HOCON file, but was: " + dir.resolve("missing.conf"));
  }

  @Test
  void rejectsAnUnknownKeyInAFileNamingItAndTheNearestKnownOne() throws IOException {
    Path typo =
        Files.writeString(dir.resolve("typo.conf"), "train { spark { averaging-frequncy = 20 } }");
    Path source =
        Files.writeString(
            dir.resolve("sources.conf"),
            "ingest.sources = [ { name = a, format = csv, path = x },"
                + " { name = b, format = jsonl, path = y, colums { text = body } } ]");

    assertThatThrownBy(() -> ConfigLoader.load(typo.toFile()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "--conf "
                + typo
                + ": 'train.spark.averaging-frequncy' is not a known setting (did you mean"
                + " 'train.spark.averaging-frequency'?); polarity-defaults.conf lists every"
                + " setting");
    assertThatThrownBy(() -> ConfigLoader.load(source.toFile()))
        .hasMessage(
            "--conf "
                + source
                + ": 'ingest.sources[1].colums.text' is not a known setting (did you mean"
                + " 'ingest.sources[1].columns.text'?); polarity-defaults.conf lists every"
                + " setting");
  }

  @Test
  void acceptsEveryKeyOfTheShippedConfigurationsAndNewLabels() throws IOException {
    for (String name : List.of("local.conf", "imdb.conf", "amazon-reviews.conf")) {
      Path shipped = Path.of("..", "conf", name);
      assertThat(ConfigLoader.load(shipped.toFile()).hasPath("ingest.output")).as(name).isTrue();
    }
    Path labels =
        Files.writeString(
            dir.resolve("labels.conf"),
            "ingest.source { format = csv, path = x, labels.values { neutral = [meh] } }\n"
                + "ingest.formats.jsonl.labels.rating-ranges { mixed = [3, 3] }");
    assertThat(
            ConfigLoader.load(labels.toFile()).getStringList("ingest.source.labels.values.neutral"))
        .containsExactly("meh");
  }

  @Test
  void resolvesSubstitutionsBeforeCheckingTheKeys() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("subst.conf"),
            "ingest.output = \"/data\"\n"
                + "preprocess.input = ${ingest.output}\n"
                + "train.input = ${?POLARITY_NO_SUCH_VARIABLE}\n");

    Config config = ConfigLoader.load(file.toFile());

    assertThat(config.getString("preprocess.input")).isEqualTo("/data");
    assertThat(config.getString("train.input")).isEqualTo("work/tables/features");
  }

  @Test
  void checksTheKeysInsideAnObjectOrListGivenToSet() {
    Config defaults = ConfigLoader.load(null);

    assertThatThrownBy(
            () ->
                ConfigLoader.applyOverrides(
                    defaults, List.of("ingest.sources=[{name = a, fromat = csv, path = x}]")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "--set ingest.sources: 'ingest.sources[0].fromat' is not a known setting (did you"
                + " mean 'ingest.sources[0].format'?); polarity-defaults.conf lists every setting");
    assertThatThrownBy(
            () ->
                ConfigLoader.applyOverrides(
                    defaults, List.of("ingest.duplicates={conflicting-label = keep-one}")))
        .hasMessageStartingWith(
            "--set ingest.duplicates: 'ingest.duplicates.conflicting-label' is not a known"
                + " setting (did you mean 'ingest.duplicates.conflicting-labels'?)");
  }

  @Test
  void aQuotedSetValueTakesHoconEscapes() {
    Config config =
        ConfigLoader.applyOverrides(
            ConfigLoader.load(null),
            List.of("ingest.formats.csv.csv.separator=\"\\t\"", "ingest.output=\"a b\\u0021\""));

    assertThat(config.getString("ingest.formats.csv.csv.separator")).isEqualTo("\t");
    assertThat(config.getString("ingest.output")).isEqualTo("a b!");
  }

  @Test
  void reportsAFileThatIsNotHocon() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.conf"), "ingest { output = ");

    assertThatThrownBy(() -> ConfigLoader.load(file.toFile()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("--conf " + file + " is not valid HOCON: ");
  }
}
