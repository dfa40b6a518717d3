package io.writethrough.testing;

/** Whether an entry that is absent from Redis while its row exists counts as a difference. */
public enum MissingKeyPolicy {
    /** An absent entry is a difference ({@code missing key …}): Redis must hold every row. */
    REPORT,
    /**
     * An absent entry is a cache miss, not a difference: only entries that are present are checked. For fault
     * tests, where a failed write may leave a key deleted but never stale.
     */
    ALLOW
}
