package io.polarity.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * A Spark plugin ({@code spark.plugins}) that gives every executor the driver's logging
 * configuration ({@code conf/log4j2.properties}) as it starts, so that executors on a Spark
 * distribution log Polarity's progress and Spark's warnings, not Spark's INFO lines.
 *
 * <p>A file shipped with {@code --files} cannot do it: executors fetch such files with their first
 * task, after log4j has configured itself, so {@code -Dlog4j2.configurationFile=log4j2.properties}
 * found nothing and log4j fell back to Spark's defaults. The driver plugin reads the configuration
 * its own JVM uses and hands the text to the executor plugins (Spark's plugin {@code extraConf});
 * each executor writes it to a temporary file and reconfigures log4j with it.
 */
public final class ExecutorLogging implements SparkPlugin {
  static final String CONFIGURATION = "log4j2.properties";

  @Override
  public DriverPlugin driverPlugin() {
    return new DriverPlugin() {
      @Override
      public Map<String, String> init(SparkContext sc, PluginContext pluginContext) {
        String text = driverConfiguration();
        return text == null ? Map.of() : Map.of(CONFIGURATION, text);
      }
    };
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {
        String text = extraConf.get(CONFIGURATION);
        if (text != null) {
          apply(text);
        }
      }
    };
  }

  /** The text of the properties file this JVM's log4j was configured from, if it was one. */
  static String driverConfiguration() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    ConfigurationSource source = context.getConfiguration().getConfigurationSource();
    URI uri = source == null ? null : source.getURI();
    if (uri == null || !uri.toString().endsWith(".properties")) {
      return null; // log4j's or Spark's defaults, or a format other than properties
    }
    try (InputStream in = uri.toURL().openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the logging configuration " + uri, e);
    }
  }

  /** Reconfigures this JVM's log4j from {@code text}, the contents of a properties file. */
  static void apply(String text) {
    try {
      Path file = Files.createTempFile("polarity-log4j2-", ".properties");
      file.toFile().deleteOnExit();
      Files.writeString(file, text, StandardCharsets.UTF_8);
      Configurator.reconfigure(file.toUri());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the executors' logging configuration", e);
    }
  }
}
