package io.writethrough.redis;

/**
 * Redis could not be written (unreachable, timed out, refused the command). The message names the
 * key and the cause and never a credential; whether the command took effect is unknown.
 */
public final class RedisWriteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public RedisWriteException(String message, String key, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The first key the failed command touched. */
    public String key() {
        return key;
    }
}
