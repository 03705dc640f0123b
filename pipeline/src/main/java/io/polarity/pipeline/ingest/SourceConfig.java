package io.polarity.pipeline.ingest;

import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.config.Settings;
import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One raw corpus to ingest: its name (the {@code source} column), format, location, field names and
 * label rules. Settings a source leaves out come from {@code ingest.formats.<format>}; the label
 * maps ({@code values}, {@code rating-ranges}) are taken whole, never merged.
 */
public record SourceConfig(
    String name,
    InputFormat format,
    String path,
    Columns columns,
    CsvOptions csv,
    LabelRules labels)
    implements Serializable {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  /** Field (JSON) or column (CSV) names; {@code id} and {@code rating} may be null. */
  public record Columns(String text, String label, String id, String rating)
      implements Serializable {}

  /** How delimited files are parsed. */
  public record CsvOptions(char separator, char quote, char escape, boolean multiLine)
      implements Serializable {}

  /** Reads one source section, falling back to the defaults of its format. */
  static SourceConfig from(Settings source, Settings formats) {
    InputFormat format = source.oneOf("format", InputFormat.class);
    String path = source.string("path");
    Settings defaults = formats.section(Settings.configName(format));
    Settings merged = source.withFallback(defaults);
    String name = source.optionalString("name");
    if (name == null) {
      name = nameFromPath(path);
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidConfigException(
          source.key("name")
              + " must be lower-case letters, digits, '_' or '-', but was: '"
              + name
              + "'");
    }
    Columns columns = null;
    CsvOptions csv = null;
    if (format != InputFormat.ACLIMDB) {
      Settings c = merged.section("columns");
      String label = c.optionalString("label");
      columns =
          new Columns(c.string("text"), label, c.optionalString("id"), c.optionalString("rating"));
    }
    if (format == InputFormat.CSV) {
      Settings c = merged.section("csv");
      csv =
          new CsvOptions(
              c.character("separator"),
              c.character("quote"),
              c.character("escape"),
              c.bool("multi-line"));
    }
    LabelRules labels = LabelRules.from(labelSection(source, defaults));
    if (columns != null) {
      requireField(source, labels, columns);
    }
    return new SourceConfig(name, format, path, columns, csv, labels);
  }

  /** The label section: keys merge with the format defaults, but the two maps replace theirs. */
  private static Settings labelSection(Settings source, Settings defaults) {
    Settings fallback = defaults.section("labels");
    if (!source.has("labels")) {
      return fallback;
    }
    Settings own = source.section("labels");
    for (String map : new String[] {"values", "rating-ranges"}) {
      if (own.has(map)) {
        fallback = fallback.without(map);
      }
    }
    return own.withFallback(fallback);
  }

  private static void requireField(Settings source, LabelRules labels, Columns columns) {
    if (labels.from() == LabelRules.From.LABEL && columns.label() == null) {
      throw new InvalidConfigException(
          source.key("columns.label") + " must name the label field when labels.from = label");
    }
    if (labels.from() == LabelRules.From.RATING && columns.rating() == null) {
      throw new InvalidConfigException(
          source.key("columns.rating") + " must name the rating field when labels.from = rating");
    }
  }

  /**
   * {@code /data/aclImdb/} gives {@code aclimdb}; {@code reviews.jsonl.gz} gives {@code reviews}.
   */
  static String nameFromPath(String path) {
    String trimmed = path.replaceAll("[/*]+$", "");
    String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    int dot = last.indexOf('.');
    String base = dot > 0 ? last.substring(0, dot) : last;
    String cleaned = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    return cleaned.isEmpty() || !Character.isLetterOrDigit(cleaned.charAt(0)) ? "source" : cleaned;
  }
}
