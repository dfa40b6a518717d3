package io.writethrough.write;

import java.util.List;

/**
 * Background work a transaction hands off, so that no application call waits for it: refilling keys an undo could
 * not decide, and dropping a committed transaction's marks when its connection goes idle (the recovery's thread does
 * both).
 */
public interface Housekeeping {

    /**
     * Refills keys an undo deleted because the value to restore could not be decided, from the database's committed
     * rows, once the deciding transactions have ended; returns at once.
     */
    void refill(List<String> keys);

    /** Runs {@code task} on the background thread after {@code delayMillis}. */
    void later(Runnable task, long delayMillis);
}
