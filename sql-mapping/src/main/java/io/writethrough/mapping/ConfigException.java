package io.writethrough.mapping;

/**
 * A configuration error. The message names the source, the key, the bad value and what was expected;
 * it never contains a secret.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
