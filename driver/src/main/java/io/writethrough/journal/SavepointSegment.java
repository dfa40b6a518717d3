package io.writethrough.journal;

import io.writethrough.redis.BeforeImage;
import java.util.LinkedHashMap;

/**
 * One open savepoint of a {@link TransactionJournal} and the keys written after it: those new to the transaction are
 * the ones the journal's key set holds from {@code firstNewKey} on (up to the next segment's); the others are in
 * {@code images}, with what each held at the savepoint.
 */
final class SavepointSegment {
    final Object savepoint;
    int firstNewKey;
    final LinkedHashMap<String, BeforeImage> images = new LinkedHashMap<>();

    SavepointSegment(Object savepoint, int firstNewKey) {
        this.savepoint = savepoint;
        this.firstNewKey = firstNewKey;
    }
}
