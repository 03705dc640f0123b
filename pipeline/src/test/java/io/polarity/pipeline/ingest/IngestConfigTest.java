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
    assertThat(source.name()).isEqualTo("csv");
    assertThat(source.columns())
        .isEqualTo(new SourceConfig.Columns("review", "sentiment", null, null, null));
    assertThat(source.csv())
        .isEqualTo(new SourceConfig.CsvOptions(',', "\"", '"', false, true /* header */));
    assertThat(source.labels().resolve("Positive", null).label()).isEqualTo("positive");
    assertThat(config.onUnreadableFile()).isEqualTo(IngestConfig.OnUnreadableFile.QUARANTINE);
    assertThat(config.conflictingLabels()).isEqualTo(IngestConfig.ConflictingLabels.QUARANTINE);
  }

  @Test
  void matchesLabelValuesWhateverTheirCaseAndSpacing() {
    LabelRules rules =
        config(ONE_SOURCE + "ingest.source.labels.values { very-good = [\"very  good\"] }")
            .sources()
            .get(0)
            .labels();

    assertThat(rules.resolve(" Very   GOOD\t", null).label()).isEqualTo("very-good");
    assertThat(rules.resolve("verygood", null).rejection())
        .isEqualTo(QuarantineReason.UNKNOWN_LABEL);
  }

  @Test
  void namesASourceAfterItsFormatNeverAfterAFile() {
    // review ids hash the source name: a nightly file renamed by date must keep its reviews' ids
    IngestConfig tonight =
        config("ingest.source { format = jsonl, path = \"/d/2026-11-25.jsonl\" }");
    IngestConfig tomorrow =
        config("ingest.source { format = jsonl, path = \"/d/2026-11-26.jsonl\" }");

    assertThat(tonight.sources().get(0).name()).isEqualTo("jsonl");
    assertThat(tomorrow.sources().get(0).name()).isEqualTo("jsonl");
    assertThat(config("ingest.source { format = aclimdb, path = \"/data/aclImdb\" }").sources())
        .extracting(SourceConfig::name)
        .containsExactly("aclimdb");
  }

  @Test
  void readsHeaderlessCsvColumnsByPositionAndRefusesNames() {
    SourceConfig tsv =
        config(
                "ingest.source { format = csv, path = x.tsv, csv { header = false, separator ="
                    + " \"\\t\", quote = \"\" }, columns { text = 0, label = 1 } }")
            .sources()
            .get(0);

    assertThat(tsv.csv()).isEqualTo(new SourceConfig.CsvOptions('\t', "", '"', false, false));
    assertThat(tsv.columns()).isEqualTo(new SourceConfig.Columns("0", "1", null, null, null));
    assertThatThrownBy(() -> config(ONE_SOURCE + "ingest.source.csv.header = false"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "ingest.source.columns.text must be a column position (0 for the first column) when"
                + " csv.header = false, but was: 'review'");
  }

  @Test
  void labelsEveryLineOfALinesSourceFromItsConfiguration() {
    SourceConfig lines =
        config("ingest.source { format = lines, path = pos.txt, labels.fixed = positive }")
            .sources()
            .get(0);

    assertThat(lines.columns()).isNull();
    assertThat(lines.labels().resolve(null, null).label()).isEqualTo("positive");
    assertThat(
            config("ingest.source { format = lines, path = u.txt }")
                .sources()
                .get(0)
                .labels()
                .resolve(null, null))
        .isEqualTo(LabelRules.Resolution.NONE);
    assertThatThrownBy(
            () -> config("ingest.source { format = lines, path = x, labels.from = label }"))
        .hasMessage(
            "ingest.source.labels.from must be fixed for the lines format (a line has no label"
                + " field; give the label with labels.fixed), but was: label");
    assertThatThrownBy(
            () -> config("ingest.source { format = lines, path = x, labels.fixed = \"a b\" }"))
        .hasMessage(
            "ingest.source.labels.fixed has a label name that is not letters, digits, '_' or '-':"
                + " 'a b'");
  }

  @Test
  void generatesARunIdWhenNoneIsSet() {
    assertThat(config(ONE_SOURCE).runId()).matches("ingest-\\d{8}T\\d{6}Z-[0-9a-f]{6}");
    // two runs started in the same second get different ids
    assertThat(config(ONE_SOURCE).runId()).isNotEqualTo(config(ONE_SOURCE).runId());
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
        .hasMessage(
            "ingest.source.format must be one of [aclimdb, csv, jsonl, lines], but was: parquet");
    assertThatThrownBy(() -> config(ONE_SOURCE + "ingest.on-unreadable-file = skip"))
        .hasMessage("ingest.on-unreadable-file must be one of [quarantine, fail], but was: skip");
    assertThatThrownBy(() -> config(ONE_SOURCE + "ingest.duplicates.conflicting-labels = both"))
        .hasMessage(
            "ingest.duplicates.conflicting-labels must be one of [keep-one, quarantine], but was:"
                + " both");
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
  void groupByNeedsEverySourceToNameItsGroup() {
    assertThat(
            config(
                    "ingest.source { format = jsonl, path = x, columns.group = asin }\n"
                        + "ingest.split.group-by = group")
                .splits()
                .byGroup())
        .isTrue();
    assertThat(config("ingest.source { format = aclimdb, path = x }").splits().byGroup()).isFalse();
    assertThatThrownBy(
            () ->
                config(
                    "ingest.source { name = yelp, format = jsonl, path = x }\n"
                        + "ingest.split.group-by = group"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("source 'yelp' (format jsonl) has no group")
        .hasMessageContaining("columns.group");
    assertThatThrownBy(
            () ->
                config(
                    "ingest.source { format = lines, path = x, labels.fixed = positive }\n"
                        + "ingest.split.group-by = group"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("a lines file has no fields");
    assertThatThrownBy(
            () -> config("ingest.source { format = csv, path = x }\ningest.split.group-by = movie"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("ingest.split.group-by")
        .hasMessageContaining("movie");
  }

  @Test
  void anEncodingIsOneJavaKnowsAndOneItsFormatCanRead() {
    assertThat(config("ingest.source { format = csv, path = x, encoding = cp1252 }"))
        .extracting(c -> c.sources().get(0).encoding())
        .isEqualTo("windows-1252");
    assertThat(config(ONE_SOURCE))
        .extracting(c -> c.sources().get(0).encoding())
        .isEqualTo("UTF-8");
    assertThatThrownBy(() -> config("ingest.source { format = csv, path = x, encoding = klingon }"))
        .hasMessageStartingWith(
            "ingest.source.encoding must be a character encoding Java knows (UTF-8, windows-1252,")
        .hasMessageEndingWith("but was: 'klingon'");
    assertThatThrownBy(() -> config("ingest.source { format = jsonl, path = x, encoding = GBK }"))
        .hasMessageStartingWith(
            "ingest.source.encoding must be UTF-8 for jsonl: JSON Lines is UTF-8 by its"
                + " specification");
    assertThatThrownBy(
            () -> config("ingest.sources = [ { format = lines, path = x, encoding = UTF-16LE } ]"))
        .hasMessage(
            "ingest.sources[0].encoding must write ASCII as single bytes for lines (its lines are"
                + " split at the newline byte), but was: 'UTF-16LE'; convert the files to UTF-8"
                + " (iconv -f UTF-16LE -t UTF-8)");
    // one file is decoded whole: any encoding
    assertThat(config("ingest.source { format = aclimdb, path = x, encoding = UTF-16 }"))
        .extracting(c -> c.sources().get(0).encoding())
        .isEqualTo("UTF-16");
  }
}
