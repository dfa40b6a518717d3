package io.writethrough.recovery;

import io.writethrough.dialect.Dialect;
import io.writethrough.mapping.MappingConfig;
import io.writethrough.mapping.TableMapping;
import io.writethrough.redis.EntryWrite;
import io.writethrough.redis.RedisWriter;
import io.writethrough.write.EntryEncoder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes keys from the database's committed rows, the way a writer takes a key: the row is read and share-locked, so
 * no transaction can change it before the entry is written, and the entry is written only where no transaction owns
 * the key ({@code fill.lua}) — a live writer's value is never overwritten, and the key is looked at again once its
 * owner is done. A row that is gone deletes the key. A key
 * is matched to its table by decoding it with each mapping's key template (at most one can have rendered it).
 */
final class RowRefill {

    private static final Logger LOG = LoggerFactory.getLogger(RowRefill.class);
    /** How long a refill waits for a writer's row lock before it leaves the key for the next try. */
    static final int LOCK_WAIT_SECONDS = 2;

    private final RedisWriter redis;
    private final Dialect dialect;
    private final MappingConfig config;
    private final String database;

    RowRefill(RedisWriter redis, Dialect dialect, MappingConfig config, String database) {
        this.redis = redis;
        this.dialect = dialect;
        this.config = config;
        this.database = database;
    }

    /**
     * Refills the keys in one database transaction; returns the keys that must be tried again: a row lock could not be
     * had in time, or a transaction owns the key. The owner's outcome does not settle the key: one that rolls back
     * puts back what it found, which may be the very absence this refill was asked to heal (it wrote the key after
     * an undo had deleted it). Nor does a commit: an owner that wrote the key under a savepoint and rolled back to it
     * put that absence back, and commits with it. Keys no mapping can have rendered are dropped with a warning.
     */
    List<String> refill(Connection real, List<String> keys, long[] filled) throws SQLException {
        List<EntryWrite> writes = new ArrayList<>(keys.size());
        boolean autoCommit = real.getAutoCommit();
        real.setAutoCommit(false);
        try {
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                EntryWrite write;
                try {
                    write = read(real, key);
                } catch (SQLException e) {
                    // Most likely a writer holds the row: this key and the rest wait for the next try.
                    LOG.debug("writethrough: refill of '{}' waits: {}", key, e.getMessage());
                    real.rollback();
                    return new ArrayList<>(keys.subList(i, keys.size()));
                }
                if (write != null) {
                    writes.add(write);
                }
            }
            List<String> owned = writes.isEmpty() ? List.of() : redis.fill(writes);
            filled[0] += writes.size() - owned.size();
            real.commit();
            List<String> written = new ArrayList<>(writes.size());
            writes.forEach(write -> written.add(write.key()));
            written.removeAll(owned);
            redis.refillSets().refilled(written);
            return owned;
        } finally {
            if (!real.isClosed()) {
                real.rollback();
                real.setAutoCommit(autoCommit);
            }
        }
    }

    /** The key's entry as the committed row gives it (a deletion when the row is gone), or null when no table maps it. */
    private EntryWrite read(Connection real, String key) throws SQLException {
        for (TableMapping mapping : config.tables()) {
            List<String> values = mapping.key().decode(key);
            if (values == null) {
                continue;
            }
            try (PreparedStatement query = dialect.lockedRow(real, database, mapping, values)) {
                query.setQueryTimeout(LOCK_WAIT_SECONDS);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return EntryWrite.delete(key);
                    }
                    return EntryEncoder.forRows(mapping, row.getMetaData(), dialect, false).put(key, row);
                }
            }
        }
        LOG.warn("writethrough: no mapped table's key template renders key '{}'; it cannot be refilled", key);
        return null;
    }
}
