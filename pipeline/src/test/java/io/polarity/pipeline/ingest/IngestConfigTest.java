package io.polarity.pipeline.ingest;

import static io.polarity.pipeline.ingest.IngestFixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polarity.pipeline.config.InvalidConfigException;
import org.junit.jupiter.api.Test;

class IngestConfigTest {
  private static final String ONE_SOURCE =
      "ingest.source { format = csv, path = \"/data/x.csv\" }\n";

  @Test
  void fillsASourceFromItsFormatDefaults() {
    IngestConfig config = config(ONE_SOURCE + "ingest.run-id = nightly-1");

    assertThat(config.runId()).isEqualTo("nightly-1");
    assertThat(config.sources()).hasSize(1);
    SourceConfig source = config.sources().get(0);
    assertThat(source.name()).isEqualTo("x");
    assertThat(source.columns())
        .isEqualTo(new SourceConfig.Columns("review", "sentiment", null, null));
    assertThat(source.csv()).isEqualTo(new SourceConfig.CsvOptions(',', '"', '"', false));
    assertThat(source.labels().resolve("Positive", null).label()).isEqualTo("positive");
  }

  @Test
  void generatesARunIdWhenNoneIsSet() {
    assertThat(config(ONE_SOURCE).runId()).matches("ingest-\\d{8}T\\d{6}Z");
  }

  @Test
  void aSourcesOwnLabelMapReplacesTheDefaultOne() {
    IngestConfig config =
        config(ONE_SOURCE + "ingest.source.labels.values { good = [\"+\"], bad = [\"-\"] }");

    LabelRules rules = config.sources().get(0).labels();
    assertThat(rules.resolve("+", null).label()).isEqualTo("good");
    assertThat(rules.resolve("positive", null).rejection())
        .isEqualTo(QuarantineReason.UNKNOWN_LABEL);
  }

  @Test
  void namesTheKeyTheValueAndWhatIsAllowed() {
    assertThatThrownBy(() -> config("ingest.source { format = parquet, path = x }"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("ingest.source.format must be one of [aclimdb, csv, jsonl], but was: parquet");
    assertThatThrownBy(() -> config("ingest.source { format = csv }"))
        .hasMessage("ingest.source.path must be set, but was empty");
    assertThatThrownBy(() -> config(ONE_SOURCE + "ingest.max-review-chars = 0"))
        .hasMessage("ingest.max-review-chars must be between 1 and 10000000, but was: 0");
    assertThatThrownBy(() -> config(ONE_SOURCE + "ingest.split.test-fraction = lots"))
        .hasMessage("ingest.split.test-fraction must be a number, but was: \"lots\"");
    assertThatThrownBy(
            () ->
                config(
                    ONE_SOURCE + "ingest.split { test-fraction = 0.5, validation-fraction = 0.5 }"))
        .hasMessage(
            "ingest.split.validation-fraction + ingest.split.test-fraction must be below 1, but was: 1.0");
    assertThatThrownBy(() -> config(ONE_SOURCE + "ingest.run-id = \"a b\""))
        .hasMessage("ingest.run-id must be 1-100 letters, digits, '_', '.' or '-', but was: 'a b'");
    assertThatThrownBy(() -> config(ONE_SOURCE + "ingest.source.name = \"My Source\""))
        .hasMessage(
            "ingest.source.name must be lower-case letters, digits, '_' or '-', but was: 'My Source'");
    assertThatThrownBy(() -> config(ONE_SOURCE + "ingest.source.csv.separator = \";;\""))
        .hasMessage("ingest.source.csv.separator must be a single character, but was: ';;'");
  }

  @Test
  void rejectsInconsistentLabelRules() {
    assertThatThrownBy(
            () ->
                config(
                    ONE_SOURCE
                        + "ingest.source.labels { from = rating, rating-ranges { a = [1, 3], b = [3, 5] } }"))
        .hasMessage(
            "ingest.source.labels.rating-ranges ranges of a and b overlap: [1.0, 3.0] and [3.0, 5.0]");
    assertThatThrownBy(
            () -> config(ONE_SOURCE + "ingest.source.labels.values { a = [x], b = [X] }"))
        .hasMessage("ingest.source.labels.values maps the raw value 'X' to both a and b");
    assertThatThrownBy(() -> config(ONE_SOURCE + "ingest.source.labels.from = rating"))
        .hasMessage(
            "ingest.source.labels.rating-ranges must give at least one label a [min, max] range"
                + " when ingest.source.labels.from = rating, but was empty");
    assertThatThrownBy(
            () ->
                config(
                    ONE_SOURCE
                        + "ingest.source.labels { from = rating, rating-ranges { a = [1, 3] } }"))
        .hasMessage(
            "ingest.source.columns.rating must name the rating field when labels.from = rating");
  }

  @Test
  void rejectsTwoSourcesWithOneName() {
    assertThatThrownBy(
            () ->
                config(
                    "ingest.sources = [ { name = a, format = csv, path = x },"
                        + " { name = a, format = jsonl, path = y } ]"))
        .hasMessage("ingest.sources has two sources named 'a'; names must be unique");
  }

  @Test
  void derivesSourceNamesFromPaths() {
    assertThat(SourceConfig.nameFromPath("/data/aclImdb/")).isEqualTo("aclimdb");
    assertThat(SourceConfig.nameFromPath("s3a://bucket/exports/Reviews_2024.jsonl.gz"))
        .isEqualTo("reviews_2024");
    assertThat(SourceConfig.nameFromPath("/data/*")).isEqualTo("data");
  }
}
