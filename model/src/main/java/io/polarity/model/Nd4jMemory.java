package io.polarity.model;

import com.typesafe.config.Config;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * ND4J's off-heap memory (its arrays live outside the Java heap, allocated through JavaCPP), from
 * the {@code nd4j} section: JavaCPP's limits for every JVM that computes, and the memory overhead
 * the cluster manager must grant executors beyond their heap. Applied in one place, to the
 * SparkSession of the jobs that run DL4J (train, evaluate), before the SparkContext exists.
 *
 * @param maxOffHeap JavaCPP's {@code maxbytes}: off-heap bytes ND4J may allocate per JVM, e.g.
 *     {@code 4g}; null: JavaCPP's default (the heap size)
 * @param maxPhysical JavaCPP's {@code maxphysicalbytes}: heap plus off-heap per JVM; null: its
 *     default (twice maxbytes)
 */
public record Nd4jMemory(String maxOffHeap, String maxPhysical) {
  private static final Pattern SIZE = Pattern.compile("[0-9]+[kmgt]?", Pattern.CASE_INSENSITIVE);
  private static final String EXTRA_OPTIONS = "spark.executor.extraJavaOptions";
  private static final String OVERHEAD = "spark.executor.memoryOverhead";

  private static long mebibytes(String size) {
    char unit = Character.toLowerCase(size.charAt(size.length() - 1));
    if (Character.isDigit(unit)) {
      return Long.parseLong(size) >> 20;
    }
    long n = Long.parseLong(size.substring(0, size.length() - 1));
    return switch (unit) {
      case 'k' -> n >> 10;
      case 'm' -> n;
      case 'g' -> n << 10;
      default -> n << 20; // t
    };
  }

  public static Nd4jMemory from(Config root) {
    Settings s = Settings.of(root, "nd4j");
    return new Nd4jMemory(size(s, "max-off-heap"), size(s, "max-physical"));
  }

  private static String size(Settings s, String name) {
    String value = s.optionalString(name);
    if (value != null && !SIZE.matcher(value).matches()) {
      throw new InvalidConfigException(
          s.key(name) + " must be a size such as 512m or 4g, or empty, but was: '" + value + "'");
    }
    return value;
  }

  /**
   * Sets the limits on the builder's executors and on this driver JVM, which in local mode is the
   * executor too.
   */
  public SparkSession.Builder apply(SparkSession.Builder builder) {
    SparkConf given = new SparkConf();
    sparkSettings(given.get(EXTRA_OPTIONS, ""), given.contains(OVERHEAD)).forEach(builder::config);
    if (maxOffHeap != null) {
      System.setProperty("org.bytedeco.javacpp.maxbytes", maxOffHeap);
    }
    if (maxPhysical != null) {
      System.setProperty("org.bytedeco.javacpp.maxphysicalbytes", maxPhysical);
    }
    return builder;
  }

  /**
   * The Spark settings for the executors: JavaCPP's limits added to the JVM options already given
   * ({@code givenOptions}, from spark-submit), and, when an off-heap size is set and spark-submit
   * gave no {@code memoryOverhead} of its own, an overhead of that size plus Spark's minimum 384
   * MiB for the JVM's own native memory.
   */
  public Map<String, String> sparkSettings(String givenOptions, boolean overheadGiven) {
    Map<String, String> settings = new LinkedHashMap<>();
    StringBuilder options = new StringBuilder(givenOptions);
    if (maxOffHeap != null) {
      options.append(" -Dorg.bytedeco.javacpp.maxbytes=").append(maxOffHeap);
      if (!overheadGiven) {
        settings.put(OVERHEAD, (mebibytes(maxOffHeap) + 384) + "m");
      }
    }
    if (maxPhysical != null) {
      options.append(" -Dorg.bytedeco.javacpp.maxphysicalbytes=").append(maxPhysical);
    }
    if (!options.toString().equals(givenOptions)) {
      settings.put(EXTRA_OPTIONS, options.toString().trim());
    }
    return settings;
  }
}
