package io.writethrough.redis;

/**
 * Redis could not be written (unreachable, timed out, refused the command). The message names the
 * key and the cause and never a credential. {@link #mayHaveRun()} says whether the command may have taken effect:
 * false only when it provably never reached Redis.
 */
public final class RedisWriteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final boolean mayHaveRun;

    /** A failure after which the command may have run (its reply was lost, say). */
    public RedisWriteException(String message, String key, Throwable cause) {
        this(message, key, cause, true);
    }

    /**
     * @param mayHaveRun false when the command was never written to Redis (no connection could be had or opened in
     *     time, the connection was refused, something that had to go first failed): it cannot have run, nor run late
     */
    public RedisWriteException(String message, String key, Throwable cause, boolean mayHaveRun) {
        super(message, cause);
        this.key = key;
        this.mayHaveRun = mayHaveRun;
    }

    /** The first key the failed command touched. */
    public String key() {
        return key;
    }

    /**
     * True unless the command provably never reached Redis. When true, the command may have run, or may still run
     * (a request stuck in the network), so an undo must guard against its late arrival.
     */
    public boolean mayHaveRun() {
        return mayHaveRun;
    }
}
