package io.writethrough.write;

import io.writethrough.redis.EntryWrite;
import java.sql.SQLException;
import java.util.List;

/** Where the entries encoded from one statement's returned rows go: the transaction that sends them to Redis. */
@FunctionalInterface
interface EntrySink {

    /** Writes one chunk of a statement's entries (deletes before puts) for PostgreSQL transaction {@code xid}. */
    void write(List<EntryWrite> writes, long xid) throws SQLException;
}
