package io.polarity.pipeline.config;

/**
 * A usage error: a configuration value, command-line option or named input that is missing,
 * malformed, out of range or inconsistent. It is thrown where settings and inputs are validated,
 * before any data is read, and is the only failure the jobs report with exit status 2 (every other
 * exception, {@link IllegalArgumentException} from Spark, Hadoop or ND4J included, is a failure
 * while running: exit status 1).
 */
public class InvalidConfigException extends RuntimeException {
  public InvalidConfigException(String message) {
    super(message);
  }

  public InvalidConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
