package io.beadhub.config;

/** A configuration or startup problem; its message is printed as is and the process exits non-zero. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
