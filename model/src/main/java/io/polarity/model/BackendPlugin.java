package io.polarity.model;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * A Spark plugin ({@code spark.plugins}) that makes {@link BackendSelection}'s choice in every
 * executor JVM as it starts, before a task can touch ND4J, and in the driver.
 */
public final class BackendPlugin implements SparkPlugin {
  @Override
  public DriverPlugin driverPlugin() {
    return new DriverPlugin() {
      @Override
      public Map<String, String> init(
          org.apache.spark.SparkContext sc, PluginContext pluginContext) {
        BackendSelection.select();
        return Map.of();
      }
    };
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {
        BackendSelection.select();
      }
    };
  }
}
