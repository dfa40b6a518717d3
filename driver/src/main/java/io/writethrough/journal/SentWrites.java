package io.writethrough.journal;

import io.writethrough.redis.BeforeImage;
import io.writethrough.redis.EntryWrite;
import io.writethrough.redis.OwnershipStore;
import io.writethrough.redis.RedisWriteException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A transaction's writes sent to Redis whose replies the {@link TransactionJournal} has not read yet, and what to do
 * with those replies: the prior images a write captured for its savepoint segment, and the earlier owners it took
 * over. Guarded by the journal's lock.
 */
final class SentWrites {

    /** Writes sent and not yet settled before their replies are read anyway: bounds what Redis buffers for us. */
    static final int MAX_UNSETTLED = 64;

    private final OwnershipStore.Pipeline pipeline;
    private final List<SentWrite> unsettled = new ArrayList<>();

    SentWrites(OwnershipStore.Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** A write sent and not yet settled: the keys whose prior image it captures for {@code segment}. */
    private record SentWrite(SavepointSegment segment, List<String> captured) {
    }

    /**
     * Records the keys in {@code touched} (before the call: a rollback visits them even if it fails) and sends the
     * write (see {@link OwnershipStore.Pipeline#send}). While a savepoint is open ({@code segment}), the first write
     * of a key written before it captures the key's prior image. Returns true when so many writes wait that they
     * should be settled.
     */
    boolean send(String tx, long xid, String database, SavepointSegment segment, KeySet touched,
            List<EntryWrite> writes, OwnershipStore.Release release) {
        boolean[] capture = new boolean[writes.size()];
        List<String> captured = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            String key = writes.get(i).key();
            boolean newInTransaction = touched.add(key);
            if (segment != null && !newInTransaction && touched.indexOf(key) < segment.firstNewKey
                    && !segment.images.containsKey(key)) {
                capture[i] = true;
                captured.add(key);
                // Until the reply arrives the image is unknown; absent makes a savepoint undo delete.
                segment.images.put(key, BeforeImage.ABSENT);
            }
        }
        pipeline.send(tx, xid, database, segment != null, writes, capture, release);
        unsettled.add(new SentWrite(segment, captured));
        return unsettled.size() >= MAX_UNSETTLED;
    }

    /**
     * Reads every reply outstanding: records each write's captured images in its segment and adds the owners it took
     * over to {@code takenOverFrom}. Returns the first failure, or null; never throws.
     */
    RedisWriteException settle(Set<String> takenOverFrom) {
        if (unsettled.isEmpty()) {
            return null;
        }
        OwnershipStore.Settlement settled = pipeline.settle();
        for (int w = 0; w < unsettled.size(); w++) {
            OwnershipStore.WriteResult result = w < settled.results().size() ? settled.results().get(w) : null;
            if (result == null) {
                continue;
            }
            SentWrite sent = unsettled.get(w);
            for (int i = 0; i < sent.captured().size(); i++) {
                sent.segment().images.put(sent.captured().get(i), result.captures().get(i));
            }
            for (String owner : result.takenOverFrom()) {
                if (!"?".equals(owner)) {
                    takenOverFrom.add(owner);
                }
            }
        }
        unsettled.clear();
        return settled.failure();
    }
}
