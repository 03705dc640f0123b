package io.polarity.pipeline.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.util.List;
import java.util.Map;

/**
 * Loads a job's HOCON configuration.
 *
 * <p>Precedence, lowest first: the built-in defaults ({@code polarity-defaults.conf} in the
 * pipeline jar), the configuration file ({@code --conf FILE}), then each {@code --set key=value}
 * override in the order given, then the job's dedicated flags (such as {@code --input}), which the
 * job applies as overrides last. A {@code --set} key must exist in the defaults or the file (keys
 * of {@code ingest.source} may be any key of {@code ingest.formats.<format>}, and new labels may be
 * added to the label maps), so that a typo fails loudly instead of being ignored.
 */
public final class ConfigLoader {
  private static final String DEFAULTS_RESOURCE = "/polarity-defaults.conf";
  private static final List<String> OPEN_MAPS = List.of("labels.values", "labels.rating-ranges");
  private static final Map<String, String> TEMPLATES = Map.of("ingest.source.", "ingest.formats");

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
    try {
      Config fromFile =
          ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
      return fromFile.withFallback(defaults).resolve();
    } catch (ConfigException e) {
      throw new InvalidConfigException(
          "--conf " + file.getPath() + " is not valid HOCON: " + e.getMessage(), e);
    }
  }

  /** Applies {@code key=value} overrides in order; later ones win. */
  public static Config applyOverrides(Config base, List<String> assignments) {
    Config result = base;
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw new InvalidConfigException("--set takes key=value, but was: '" + assignment + "'");
      }
      String key = assignment.substring(0, eq).trim();
      String raw = assignment.substring(eq + 1).trim();
      requireKnownKey(result, key);
      result = result.withValue(key, parseValue(key, raw));
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

  private static void requireKnownKey(Config config, String key) {
    try {
      if (config.hasPathOrNull(key) || isTemplated(config, key) || isInOpenMap(config, key)) {
        return;
      }
    } catch (ConfigException.BadPath e) {
      throw new InvalidConfigException("--set key is not a valid path: '" + key + "'", e);
    }
    throw new InvalidConfigException(
        "--set key '" + key + "' is not a known setting (see conf/local.conf for the keys)");
  }

  /** A key of a section whose defaults live elsewhere, e.g. ingest.source.* in ingest.formats.*. */
  private static boolean isTemplated(Config config, String key) {
    for (Map.Entry<String, String> t : TEMPLATES.entrySet()) {
      if (key.startsWith(t.getKey()) && config.hasPath(t.getValue())) {
        String rest = key.substring(t.getKey().length());
        for (String variant : config.getConfig(t.getValue()).root().keySet()) {
          String candidate = t.getValue() + "." + variant + "." + rest;
          if (config.hasPathOrNull(candidate) || isInOpenMap(config, candidate)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** A new entry of a map whose keys are data (label names), under a known section. */
  private static boolean isInOpenMap(Config config, String key) {
    for (String suffix : OPEN_MAPS) {
      int at = key.indexOf("." + suffix + ".");
      if (at > 0 && config.hasPath(key.substring(0, at + suffix.length() + 1))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Lists and objects ({@code [a,b]}, {@code {...}}) are parsed as HOCON; everything else stays a
   * plain string, which Typesafe Config converts to numbers or booleans when a job reads it. Plain
   * strings are not parsed so that values such as {@code s3a://bucket/x} keep their {@code //}.
   */
  private static ConfigValue parseValue(String key, String raw) {
    if (raw.startsWith("[") || raw.startsWith("{")) {
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
