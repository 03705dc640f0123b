package io.polarity.pipeline.config;

/** A configuration value or command-line option that is missing, malformed or out of range. */
public class InvalidConfigException extends IllegalArgumentException {
  public InvalidConfigException(String message) {
    super(message);
  }

  public InvalidConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
