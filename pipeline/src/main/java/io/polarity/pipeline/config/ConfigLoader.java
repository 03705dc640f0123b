package io.polarity.pipeline.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.util.List;

/**
 * Loads a job's HOCON configuration.
 *
 * <p>Precedence, lowest first: the built-in defaults ({@code polarity-defaults.conf} in the
 * pipeline jar), the configuration file ({@code --conf FILE}), then each {@code --set key=value}
 * override in the order given, then the job's dedicated flags (such as {@code --input}), which the
 * job applies as overrides last. Every key of the file and of {@code --set} must be a known setting
 * ({@link KnownKeys}: a key of the defaults; keys of {@code ingest.source} and of the elements of
 * {@code ingest.sources} may be any key of {@code ingest.formats.<format>}; new labels may be added
 * to the label maps), so that a typo stops the job with the nearest known key instead of being
 * ignored.
 */
public final class ConfigLoader {
  private static final String DEFAULTS_RESOURCE = "/polarity-defaults.conf";

  private ConfigLoader() {}

  /** The built-in defaults, documented key by key in {@code polarity-defaults.conf}. */
  public static Config defaults() {
    return ConfigFactory.parseResources(ConfigLoader.class, DEFAULTS_RESOURCE).resolve();
  }

  /** The defaults merged under the given file ({@code null} for defaults only). */
  public static Config load(File file) {
    Config defaults = defaults();
    if (file == null) {
      return defaults;
    }
    if (!file.isFile()) {
      throw new InvalidConfigException(
          "--conf must name a readable HOCON file, but was: " + file.getPath());
    }
    Config fromFile;
    try {
      fromFile =
          ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new InvalidConfigException(
          "--conf " + file.getPath() + " is not valid HOCON: " + e.getMessage(), e);
    }
    try {
      Config merged = fromFile.withFallback(defaults).resolve();
      // the file's own keys, with substitutions (${...}, ${?ENV}) resolved, are what is checked
      new KnownKeys(defaults)
          .requireKnown(fromFile.resolveWith(merged), "--conf " + file.getPath());
      return merged;
    } catch (ConfigException e) {
      throw new InvalidConfigException(
          "--conf " + file.getPath() + " is not valid HOCON: " + e.getMessage(), e);
    }
  }

  /** Applies {@code key=value} overrides in order; later ones win. */
  public static Config applyOverrides(Config base, List<String> assignments) {
    KnownKeys known = new KnownKeys(defaults());
    Config result = base;
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw new InvalidConfigException("--set takes key=value, but was: '" + assignment + "'");
      }
      String key = assignment.substring(0, eq).trim();
      String raw = assignment.substring(eq + 1).trim();
      known.requireKnown(key);
      ConfigValue value = parseValue(key, raw);
      if (value.valueType() == ConfigValueType.OBJECT
          || value.valueType() == ConfigValueType.LIST) {
        // the keys inside an object or a list of sources must be known too
        known.requireKnown(ConfigFactory.empty().withValue(key, value), "--set " + key);
      }
      result = result.withValue(key, value);
    }
    return result;
  }

  /** Sets one value, as a dedicated flag does; the key needs no check. */
  public static Config withValue(Config base, String key, Object value) {
    return base.withValue(key, ConfigValueFactory.fromAnyRef(value));
  }

  /** Sets one value when a flag was given ({@code value} not null); otherwise returns base. */
  public static Config withFlag(Config base, String key, Object value) {
    return value == null ? base : withValue(base, key, value);
  }

  /**
   * Lists, objects and quoted strings ({@code [a,b]}, {@code {...}}, {@code "\t"}) are parsed as
   * HOCON, so a quoted value takes HOCON's escapes ({@code \t}, {@code \n}, {@code \u0009}, {@code
   * \"}); everything else stays a plain string, which Typesafe Config converts to numbers or
   * booleans when a job reads it. Plain strings are not parsed so that values such as {@code
   * s3a://bucket/x} keep their {@code //}.
   */
  private static ConfigValue parseValue(String key, String raw) {
    if (raw.startsWith("[") || raw.startsWith("{") || raw.startsWith("\"")) {
      try {
        return ConfigFactory.parseString("v = " + raw).getValue("v");
      } catch (ConfigException e) {
        throw new InvalidConfigException(
            "--set " + key + " has a value that is not valid HOCON: '" + raw + "'", e);
      }
    }
    return ConfigValueFactory.fromAnyRef(raw);
  }
}
