package io.writethrough.redis;

/**
 * One key to put back. Applied only while the transaction still owns the key.
 *
 * @param key   the data key
 * @param mode  where the value to put back comes from
 * @param image the image to restore for {@link Mode#SAVEPOINT}; ignored otherwise
 */
public record UndoStep(String key, Mode mode, BeforeImage image) {

    public enum Mode {
        /** Restore the transaction's before-image kept in Redis with the ownership mark; drop the mark. */
        TRANSACTION("T"),
        /** Restore the given image (what the key held when a savepoint was set); keep the mark. */
        SAVEPOINT("S"),
        /** The outcome is unknown: delete the key (a cache miss is never wrong) and the mark. */
        INVALIDATE("X"),
        /**
         * As {@link #TRANSACTION}, but a key whose value to restore is undecided is left alone, mark and all: the
         * recovery of a configuration that cannot refill the key leaves it to one that can.
         */
        TRANSACTION_IF_DECIDED("F");

        final String code;

        Mode(String code) {
            this.code = code;
        }
    }

    public static UndoStep savepoint(String key, BeforeImage image) {
        return new UndoStep(key, Mode.SAVEPOINT, image);
    }
}
