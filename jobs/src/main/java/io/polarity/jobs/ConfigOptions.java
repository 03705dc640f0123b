package io.polarity.jobs;

import com.typesafe.config.Config;
import io.polarity.pipeline.config.ConfigLoader;
import io.polarity.pipeline.warehouse.Warehouse;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every job shares: {@code --conf FILE} and repeatable {@code --set key=value}.
 *
 * <p>Without {@code --conf}, {@code conf/local.conf} is used: under {@code $POLARITY_HOME} when the
 * launcher set it, else under the working directory; if that file does not exist either, the
 * built-in defaults alone apply.
 */
public final class ConfigOptions {
  static final String DEFAULT_CONF = "conf/local.conf";

  @Option(
      names = "--conf",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "HOCON configuration file (default: conf/local.conf).")
  File conf;

  @Option(
      names = "--set",
      scope = ScopeType.INHERIT,
      paramLabel = "KEY=VALUE",
      description = "Override one setting, e.g. --set ingest.split.test-fraction=0.2 (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--warehouse",
      scope = ScopeType.INHERIT,
      paramLabel = "PATH",
      description = "Metrics warehouse root (warehouse.root), where runs and metrics are recorded.")
  String warehouse;

  /** Defaults, then the file, then the {@code --set} overrides, then {@code --warehouse}. */
  public Config load() {
    Config c = ConfigLoader.applyOverrides(ConfigLoader.load(confFile()), overrides);
    return ConfigLoader.withFlag(c, Warehouse.ROOT, warehouse);
  }

  private File confFile() {
    if (conf != null) {
      return conf;
    }
    String home = System.getenv("POLARITY_HOME");
    File candidate = home != null ? new File(home, DEFAULT_CONF) : new File(DEFAULT_CONF);
    return candidate.isFile() ? candidate : null;
  }
}
