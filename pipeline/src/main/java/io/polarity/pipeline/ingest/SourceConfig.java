package io.polarity.pipeline.ingest;

import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.config.Settings;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * One raw corpus to ingest: its name (the {@code source} column), format, location, field names and
 * label rules. Settings a source leaves out come from {@code ingest.formats.<format>}; the label
 * maps ({@code values}, {@code rating-ranges}) are taken whole, never merged.
 *
 * <p>The name is part of every review id of the source ({@link ReviewIds#reviewId}), so it comes
 * from the configuration alone: a source without a name is named after its format ({@code jsonl},
 * {@code csv}, ...), never after a file, so that renaming or moving files (nightly dumps named by
 * date) keeps every review's id and split.
 */
public record SourceConfig(
    String name,
    InputFormat format,
    String path,
    String encoding,
    Columns columns,
    CsvOptions csv,
    LabelRules labels)
    implements Serializable {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  /**
   * Field (JSON) or column (CSV) names; {@code id}, {@code rating} and {@code group} (the key that
   * {@code ingest.split.group-by = group} keeps together: a product, a business) may be null. For
   * CSV without a header they are positions: {@code "0"} is the first column.
   */
  public record Columns(String text, String label, String id, String rating, String group)
      implements Serializable {
    static final String[] KEYS = {"text", "label", "id", "rating", "group"};

    String[] all() {
      return new String[] {text, label, id, rating, group};
    }
  }

  /**
   * How delimited files are parsed; {@code quote} is empty when quoting is off, and without a
   * {@code header} the columns are named by position.
   */
  public record CsvOptions(
      char separator, String quote, char escape, boolean multiLine, boolean header)
      implements Serializable {}

  /** Reads one source section, falling back to the defaults of its format. */
  static SourceConfig from(Settings source, Settings formats) {
    InputFormat format = source.oneOf("format", InputFormat.class);
    String path = source.string("path");
    Settings defaults = formats.section(Settings.configName(format));
    Settings merged = source.withFallback(defaults);
    String name = source.optionalString("name");
    if (name == null) {
      name = Settings.configName(format);
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidConfigException(
          source.key("name")
              + " must be lower-case letters, digits, '_' or '-', but was: '"
              + name
              + "'");
    }
    String encoding = encoding(merged, format);
    Columns columns = null;
    CsvOptions csv = null;
    if (format == InputFormat.CSV || format == InputFormat.JSONL) {
      Settings c = merged.section("columns");
      String label = c.optionalString("label");
      columns =
          new Columns(
              c.string("text"),
              label,
              c.optionalString("id"),
              c.optionalString("rating"),
              c.optionalString("group"));
    }
    if (format == InputFormat.CSV) {
      Settings c = merged.section("csv");
      String quote = c.optionalString("quote");
      csv =
          new CsvOptions(
              c.character("separator"),
              quote == null ? "" : String.valueOf(c.character("quote")),
              c.character("escape"),
              c.bool("multi-line"),
              c.bool("header"));
      if (!csv.header()) {
        requirePositions(merged.section("columns"), columns);
      }
    }
    Settings labelSettings = labelSection(source, defaults);
    LabelRules.From from = labelSettings.oneOf("from", LabelRules.From.class);
    if (format == InputFormat.LINES && from != LabelRules.From.FIXED) {
      throw new InvalidConfigException(
          source.key("labels.from")
              + " must be fixed for the lines format (a line has no label field; give the label"
              + " with labels.fixed), but was: "
              + Settings.configName(from));
    }
    LabelRules labels = LabelRules.from(labelSettings);
    if (columns != null) {
      requireField(source, labels, columns);
    }
    return new SourceConfig(name, format, path, encoding, columns, csv, labels);
  }

  /** The files' character set, by its canonical name: one Java knows, and the format can read. */
  private static String encoding(Settings source, InputFormat format) {
    String given = source.string("encoding");
    Charset charset;
    try {
      charset = Charset.forName(given);
    } catch (IllegalArgumentException e) { // unsupported or illegal name
      throw new InvalidConfigException(
          source.key("encoding")
              + " must be a character encoding Java knows (UTF-8, windows-1252, ISO-8859-1, GBK,"
              + " GB18030, Big5, Shift_JIS, EUC-JP, EUC-KR, UTF-16, ...), but was: '"
              + given
              + "'");
    }
    if (format == InputFormat.JSONL && !charset.equals(StandardCharsets.UTF_8)) {
      throw new InvalidConfigException(
          source.key("encoding")
              + " must be UTF-8 for jsonl: JSON Lines is UTF-8 by its specification (jsonlines.org,"
              + " RFC 8259); convert the files to UTF-8 (iconv), but was: '"
              + given
              + "'");
    }
    if ((format == InputFormat.CSV || format == InputFormat.LINES) && !asciiCompatible(charset)) {
      throw new InvalidConfigException(
          source.key("encoding")
              + " must write ASCII as single bytes for "
              + Settings.configName(format)
              + " (its lines are split at the newline byte), but was: '"
              + given
              + "'; convert the files to UTF-8 (iconv -f "
              + charset.name()
              + " -t UTF-8)");
    }
    return charset.name();
  }

  /** Whether {@code charset} writes the ASCII characters as the same single bytes. */
  static boolean asciiCompatible(Charset charset) {
    if (!charset.canEncode()) {
      return false;
    }
    String ascii = "\n\r\t ,;|\"'0123456789AZaz";
    ByteBuffer encoded = charset.encode(ascii);
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return Arrays.equals(bytes, ascii.getBytes(StandardCharsets.US_ASCII));
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

  /** Without a header, every configured column must be a position: 0, 1, ... */
  private static void requirePositions(Settings section, Columns columns) {
    String[] keys = Columns.KEYS;
    String[] values = columns.all();
    for (int i = 0; i < keys.length; i++) {
      if (values[i] != null && !values[i].matches("\\d{1,4}")) {
        throw new InvalidConfigException(
            section.key(keys[i])
                + " must be a column position (0 for the first column) when csv.header = false,"
                + " but was: '"
                + values[i]
                + "'");
      }
    }
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
}
