package dev.trustmap.api.platform.config;

/** A configuration value that cannot be used; the message names the key and says what is expected. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
