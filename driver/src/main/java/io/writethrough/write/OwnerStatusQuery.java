package io.writethrough.write;

import io.writethrough.dialect.Dialect;
import io.writethrough.dialect.TransactionStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the database which earlier owners of taken-over keys committed, before an undo chooses between the value it
 * found and the value before (see {@code TransactionJournal}). How it may ask depends on where the connection's
 * transaction stands, hence one method per moment. Each returns {@code null} when the answer cannot be had: the undo
 * then deletes such keys, a cache miss rather than a guess.
 */
final class OwnerStatusQuery {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerStatusQuery.class);

    private final Connection real;
    private final Dialect dialect;

    OwnerStatusQuery(Connection real, Dialect dialect) {
        this.real = real;
        this.dialect = dialect;
    }

    /**
     * Inside the transaction about to be rolled back. PostgreSQL answers nothing in a failed transaction until it
     * ends, so a failed one is rolled back first (it is being rolled back anyway; other transactions may now write
     * these keys, but then they own them and the undo leaves them alone).
     */
    Set<String> beforeRollback(Set<String> xids) {
        if (xids.isEmpty()) {
            return Set.of();
        }
        try {
            return committed(xids);
        } catch (SQLException e) {
            if (!dialect.isFailedTransaction(e)) {
                return null;
            }
        }
        try {
            real.rollback();
            Set<String> committed = committed(xids);
            endOwnTransaction();
            return committed;
        } catch (SQLException e) {
            return null;
        }
    }

    /** Inside a transaction that goes on (a savepoint rollback): unknown if it has failed. */
    Set<String> inTransaction(Set<String> xids) {
        if (xids.isEmpty()) {
            return Set.of();
        }
        try {
            return committed(xids);
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * The xids that committed, or null when the fate of any is unknown (too old for the database to remember):
     * taking it for "not committed" could restore a value a commit had replaced.
     */
    private Set<String> committed(Set<String> xids) throws SQLException {
        Set<String> committed = new HashSet<>();
        for (Map.Entry<String, TransactionStatus> status : dialect.transactionStatus(real, xids).entrySet()) {
            if (status.getValue() == TransactionStatus.UNKNOWN) {
                return null;
            }
            if (status.getValue() == TransactionStatus.COMMITTED) {
                committed.add(status.getKey());
            }
        }
        return committed;
    }

    /** After the transaction ended: the question begins a new one, which is ended again. */
    Set<String> afterTransaction(Set<String> xids) {
        Set<String> committed = inTransaction(xids);
        if (!xids.isEmpty()) {
            endOwnTransaction();
        }
        return committed;
    }

    private void endOwnTransaction() {
        try {
            if (!real.getAutoCommit()) {
                real.rollback();
            }
        } catch (SQLException e) {
            LOG.debug("writethrough: could not end the transaction of a status query: {}", e.getMessage());
        }
    }
}
