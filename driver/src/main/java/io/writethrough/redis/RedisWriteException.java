package io.writethrough.redis;

/**
 * Redis could not be written (unreachable, timed out, refused the command). The message names the
 * key and the cause and never a credential; whether the command took effect is unknown.
 */
public final class RedisWriteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final boolean unreachable;

    public RedisWriteException(String message, String key, Throwable cause, boolean unreachable) {
        super(message, cause);
        this.key = key;
        this.unreachable = unreachable;
    }

    /** Redis could not be reached or did not answer in time (rather than refusing the command). */
    public boolean unreachable() {
        return unreachable;
    }

    /** The first key the failed command touched. */
    public String key() {
        return key;
    }
}
