package io.writethrough.write;

import java.util.List;

/**
 * Where keys go that an undo deleted because the value to restore could not be decided: they are refilled from the
 * database's committed rows once the deciding transactions have ended (the recovery's work), so that no miss stays.
 */
@FunctionalInterface
public interface KeyRefill {

    /** Refills these keys in the background; returns at once. */
    void refill(List<String> keys);

    KeyRefill NONE = keys -> { };
}
