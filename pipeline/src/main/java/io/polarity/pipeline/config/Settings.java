package io.polarity.pipeline.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validated, typed reads from one section of a configuration. Every failure names the full key, the
 * value found and what is allowed, e.g. {@code "ingest.max-review-chars must be between 1 and
 * 10000000, but was: 0"}.
 */
public final class Settings {
  private final Config config;
  private final String prefix;

  private Settings(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  /** The section at {@code path} of {@code root}; its keys are reported as {@code path.key}. */
  public static Settings of(Config root, String path) {
    if (!root.hasPath(path)) {
      throw new InvalidConfigException("missing configuration section '" + path + "'");
    }
    return new Settings(root.getConfig(path), path + ".");
  }

  /** Wraps an already extracted section whose keys are reported under {@code displayPath}. */
  public static Settings wrap(Config section, String displayPath) {
    return new Settings(section, displayPath + ".");
  }

  public Config raw() {
    return config;
  }

  public String key(String name) {
    return prefix + name;
  }

  public boolean has(String name) {
    return config.hasPath(name);
  }

  public Settings section(String name) {
    if (!config.hasPath(name)) {
      throw new InvalidConfigException("missing configuration section '" + key(name) + "'");
    }
    return new Settings(config.getConfig(name), key(name) + ".");
  }

  /** A string that must be present and not blank. */
  public String string(String name) {
    String value = optionalString(name);
    if (value == null) {
      throw new InvalidConfigException(key(name) + " must be set, but was empty");
    }
    return value;
  }

  /** A string, or {@code null} when absent, null or blank. */
  public String optionalString(String name) {
    if (!config.hasPath(name)) {
      return null;
    }
    try {
      String value = config.getString(name).trim();
      return value.isEmpty() ? null : value;
    } catch (ConfigException.WrongType e) {
      throw new InvalidConfigException(
          key(name) + " must be a string, but was: " + render(name), e);
    }
  }

  public long longIn(String name, long min, long max) {
    long value;
    try {
      value = config.getLong(name);
    } catch (ConfigException.Missing e) {
      throw new InvalidConfigException(key(name) + " must be set", e);
    } catch (ConfigException.WrongType e) {
      throw new InvalidConfigException(
          key(name) + " must be a whole number, but was: " + render(name), e);
    }
    if (value < min || value > max) {
      throw new InvalidConfigException(
          key(name) + " must be between " + min + " and " + max + ", but was: " + value);
    }
    return value;
  }

  public int intIn(String name, int min, int max) {
    return (int) longIn(name, min, max);
  }

  /** A number in {@code [min, max]}. */
  public double doubleIn(String name, double min, double max) {
    double value;
    try {
      value = config.getDouble(name);
    } catch (ConfigException.Missing e) {
      throw new InvalidConfigException(key(name) + " must be set", e);
    } catch (ConfigException.WrongType e) {
      throw new InvalidConfigException(
          key(name) + " must be a number, but was: " + render(name), e);
    }
    if (!(value >= min && value <= max)) {
      throw new InvalidConfigException(
          key(name) + " must be between " + min + " and " + max + ", but was: " + value);
    }
    return value;
  }

  public boolean bool(String name) {
    try {
      return config.getBoolean(name);
    } catch (ConfigException.Missing e) {
      throw new InvalidConfigException(key(name) + " must be set", e);
    } catch (ConfigException.WrongType e) {
      throw new InvalidConfigException(
          key(name) + " must be true or false, but was: " + render(name), e);
    }
  }

  /** One of an enum's constants, written in lower case with '-' for '_' (e.g. {@code aclimdb}). */
  public <E extends Enum<E>> E oneOf(String name, Class<E> type) {
    String value = string(name);
    for (E constant : type.getEnumConstants()) {
      if (configName(constant).equals(value.toLowerCase(Locale.ROOT))) {
        return constant;
      }
    }
    throw new InvalidConfigException(
        key(name) + " must be one of " + allowed(type) + ", but was: " + value);
  }

  /** A single character, such as a CSV separator; {@code \t} and {@code tab} mean a tab. */
  public char character(String name) {
    String value = config.hasPath(name) ? config.getString(name) : "";
    if (value.equals("\\t") || value.equalsIgnoreCase("tab")) {
      return '\t';
    }
    if (value.length() != 1) {
      throw new InvalidConfigException(
          key(name) + " must be a single character, but was: '" + value + "'");
    }
    return value.charAt(0);
  }

  /** A list of strings (absent means empty). */
  public List<String> strings(String name) {
    if (!config.hasPath(name)) {
      return List.of();
    }
    try {
      return List.copyOf(config.getStringList(name));
    } catch (ConfigException.WrongType e) {
      throw new InvalidConfigException(
          key(name) + " must be a list of strings, but was: " + render(name), e);
    }
  }

  /** An object whose values are lists of strings, in file order of its keys. */
  public Map<String, List<String>> stringListMap(String name) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    if (!config.hasPath(name)) {
      return result;
    }
    Settings section = section(name);
    for (String child : section.raw().root().keySet()) {
      result.put(child, section.strings(quoteKey(child)));
    }
    return result;
  }

  /** An object whose values are lists of numbers. */
  public Map<String, double[]> numberListMap(String name) {
    Map<String, double[]> result = new LinkedHashMap<>();
    if (!config.hasPath(name)) {
      return result;
    }
    Settings section = section(name);
    for (String child : section.raw().root().keySet()) {
      try {
        List<Double> numbers = section.raw().getDoubleList(quoteKey(child));
        result.put(child, numbers.stream().mapToDouble(Double::doubleValue).toArray());
      } catch (ConfigException.WrongType e) {
        throw new InvalidConfigException(
            section.key(child) + " must be a list of numbers, but was: " + section.render(child),
            e);
      }
    }
    return result;
  }

  /** The elements of a list of objects, each as its own section named {@code name[i]}. */
  public List<Settings> sections(String name) {
    if (!config.hasPath(name)) {
      return List.of();
    }
    ConfigValue value = config.getValue(name);
    if (value.valueType() != ConfigValueType.LIST) {
      throw new InvalidConfigException(
          key(name) + " must be a list of objects, but was: " + render(name));
    }
    List<Settings> result = new ArrayList<>();
    List<? extends Config> items;
    try {
      items = config.getConfigList(name);
    } catch (ConfigException.WrongType e) {
      throw new InvalidConfigException(
          key(name) + " must be a list of objects, but was: " + render(name), e);
    }
    for (int i = 0; i < items.size(); i++) {
      result.add(new Settings(items.get(i), key(name) + "[" + i + "]."));
    }
    return result;
  }

  /** This section laid over {@code fallback}: keys missing here are taken from there. */
  public Settings withFallback(Settings fallback) {
    return new Settings(config.withFallback(fallback.config), prefix);
  }

  /** This section without the setting at {@code name}. */
  public Settings without(String name) {
    return new Settings(config.withoutPath(name), prefix);
  }

  public static String configName(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static <E extends Enum<E>> String allowed(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(Settings::configName).toList().toString();
  }

  private String render(String name) {
    return config.hasPath(name) ? config.getValue(name).render() : "(absent)";
  }

  private static String quoteKey(String key) {
    return "\"" + key.replace("\"", "\\\"") + "\"";
  }
}
