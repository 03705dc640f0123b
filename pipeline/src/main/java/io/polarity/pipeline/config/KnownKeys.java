package io.polarity.pipeline.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The settings Polarity knows: every key of the built-in defaults, plus the keys whose defaults
 * live elsewhere ({@code ingest.source.*} and each element of {@code ingest.sources} take any key
 * of {@code ingest.formats.<format>}) and new entries of the maps whose keys are data (label names
 * in {@code labels.values} and {@code labels.rating-ranges}). A key outside them is a typo,
 * reported with the nearest known key.
 */
final class KnownKeys {
  private static final List<String> OPEN_MAPS =
      List.of("labels.values", "labels.rating-ranges", "promotion.minimum", "promotion.maximum");
  private static final String SOURCE = "ingest.source";
  private static final String SOURCES = "ingest.sources";
  private static final String FORMATS = "ingest.formats";

  private final Config defaults;
  private final List<String> candidates;

  KnownKeys(Config defaults) {
    this.defaults = defaults;
    TreeSet<String> all = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) {
      all.add(e.getKey());
    }
    if (defaults.hasPath(FORMATS)) {
      for (Map.Entry<String, ConfigValue> e : defaults.getConfig(FORMATS).entrySet()) {
        String rest = e.getKey().substring(e.getKey().indexOf('.') + 1);
        all.add(SOURCE + "." + rest);
      }
    }
    this.candidates = List.copyOf(all);
  }

  /**
   * Fails on the first key of {@code config} (a parsed {@code --conf} file, not yet merged with the
   * defaults) that is not a known setting; {@code origin} names the file in the message.
   */
  void requireKnown(Config config, String origin) {
    List<Leaf> leaves = new ArrayList<>();
    collect(config.root(), List.of(), leaves);
    for (Leaf leaf : leaves) {
      if (!isKnown(leaf.key())) {
        throw unknown(origin, leaf.key(), leaf::shown);
      }
    }
  }

  /** Fails unless {@code key} (a {@code --set} key, possibly a whole section) is known. */
  void requireKnown(String key) {
    try {
      ConfigUtil.splitPath(key);
    } catch (ConfigException e) {
      throw new InvalidConfigException("--set key is not a valid path: '" + key + "'", e);
    }
    if (!isKnown(key)) {
      throw unknown("--set", key, k -> k);
    }
  }

  private InvalidConfigException unknown(String origin, String key, UnaryOperator<String> shown) {
    String nearest = nearest(key);
    String suggestion = nearest == null ? "" : " (did you mean '" + shown.apply(nearest) + "'?)";
    return new InvalidConfigException(
        origin
            + ": '"
            + shown.apply(key)
            + "' is not a known setting"
            + suggestion
            + "; polarity-defaults.conf lists every setting");
  }

  /**
   * A key of a file; the keys of the element {@code source} (0, 1, ...) of ingest.sources are
   * checked as keys of ingest.source and shown as {@code ingest.sources[i].<key>}.
   */
  private record Leaf(String key, int source) {
    String shown(String known) {
      return source < 0 || !known.startsWith(SOURCE + ".")
          ? known
          : SOURCES + "[" + source + "]." + known.substring(SOURCE.length() + 1);
    }
  }

  private static void collect(ConfigObject object, List<String> path, List<Leaf> out) {
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      List<String> key = new ArrayList<>(path);
      key.add(e.getKey());
      String joined = ConfigUtil.joinPath(key);
      ConfigValue value = e.getValue();
      if (value.valueType() == ConfigValueType.OBJECT) {
        collect((ConfigObject) value, key, out);
      } else if (value.valueType() == ConfigValueType.LIST && joined.equals(SOURCES)) {
        ConfigList list = (ConfigList) value;
        for (int i = 0; i < list.size(); i++) {
          if (list.get(i).valueType() != ConfigValueType.OBJECT) {
            continue; // Settings.sections reports a list element that is not an object
          }
          List<Leaf> inner = new ArrayList<>();
          collect((ConfigObject) list.get(i), ConfigUtil.splitPath(SOURCE), inner);
          for (Leaf leaf : inner) {
            out.add(new Leaf(leaf.key(), i));
          }
        }
      } else {
        out.add(new Leaf(joined, -1));
      }
    }
  }

  boolean isKnown(String key) {
    return defaults.hasPathOrNull(key) || isTemplated(key) || isInOpenMap(key);
  }

  /** A key of ingest.source whose default lives in ingest.formats.<format>. */
  private boolean isTemplated(String key) {
    if (!key.startsWith(SOURCE + ".") || !defaults.hasPath(FORMATS)) {
      return false;
    }
    String rest = key.substring(SOURCE.length() + 1);
    for (String format : defaults.getConfig(FORMATS).root().keySet()) {
      String candidate = FORMATS + "." + format + "." + rest;
      if (defaults.hasPathOrNull(candidate) || isInOpenMap(candidate)) {
        return true;
      }
    }
    return false;
  }

  /** A new entry of a map whose keys are data (label names), under a known section. */
  private boolean isInOpenMap(String key) {
    for (String suffix : OPEN_MAPS) {
      int at = key.indexOf("." + suffix + ".");
      if (at > 0) {
        String map = key.substring(0, at + suffix.length() + 1);
        String rest = key.substring(at + suffix.length() + 2);
        if (ConfigUtil.splitPath(rest).size() == 1 && (defaults.hasPath(map) || isTemplated(map))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The known key nearest to {@code key} in edit distance, if it is near enough to be a typo. */
  String nearest(String key) {
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance.apply(key, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
  }
}
