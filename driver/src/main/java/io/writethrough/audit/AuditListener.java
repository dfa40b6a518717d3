package io.writethrough.audit;

/** Told how an audit advances, for a progress display. Called on the auditing thread. */
public interface AuditListener {

    /** Tells nothing. */
    AuditListener NONE = new AuditListener() {
    };

    /**
     * A pass begins: over the rows of {@code table} ({@code pass} = "rows") or over its keys in Redis ("keys").
     *
     * @param expected about how many items the pass will see (the catalog's estimate), or -1 when unknown
     */
    default void passStarted(String table, String pass, long expected) {
    }

    /** {@code items} more rows or keys have been dealt with. */
    default void advanced(long items) {
    }

    /** The pass begun last has ended. */
    default void passEnded() {
    }
}
