package io.writethrough.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The application's data access for {@code items}, written twice: once as plain JDBC ({@link PlainJdbcItems}, run
 * against raw pgjdbc and against the driver) and once with write-through by hand ({@link HandWrittenItems}). Each
 * operation prepares its statements and closes them again, as ordinary application code does.
 */
public interface ItemsApplication extends AutoCloseable {

    String INSERT = "INSERT INTO items (id, name, price, qty, note) VALUES (?, ?, ?, ?, ?)";
    String UPDATE_BY_KEY = "UPDATE items SET qty = qty + 1, price = ? WHERE id = ?";
    String UPDATE_NOTE = "UPDATE items SET note = ? WHERE id = ?";
    String DELETE_BY_KEY = "DELETE FROM items WHERE id = ?";
    String SELECT_BY_KEY = "SELECT id, name, price, qty, note FROM items WHERE id = ?";
    String INSERT_AUDIT = "INSERT INTO audit_log (item_id, message) VALUES (?, ?)";

    /** The application for {@code arm}: by hand for the hand-written arms, plain JDBC otherwise. */
    static ItemsApplication of(Arm arm, ItemsSchema schema) {
        return arm == Arm.HAND || arm == Arm.HAND_PIPELINED
                ? new HandWrittenItems(HandWrittenWriteThrough.connect(schema.redisUrl(), schema.keyPrefix()),
                        arm == Arm.HAND_PIPELINED)
                : new PlainJdbcItems();
    }

    /** Inserts one new item on a connection in autocommit mode. Returns the update count. */
    int insert(Connection c, long id) throws SQLException;

    /** Updates one item by key on a connection in autocommit mode. Returns the update count. */
    int updateByKey(Connection c, long id) throws SQLException;

    /**
     * One transaction of five statements on a connection with autocommit off: inserts {@code newId}, updates
     * {@code a} and {@code b}, updates and deletes {@code newId}; then commits, or rolls back when {@code commit}
     * is false. Returns the sum of the update counts.
     */
    int fiveStatementTransaction(Connection c, long newId, long a, long b, boolean commit) throws SQLException;

    /**
     * Inserts items {@code firstId .. firstId + rows - 1} as one JDBC batch on a connection with autocommit off, and
     * commits. Returns the sum of the update counts (pgjdbc reports -2 per row when it rewrote the batch).
     */
    int insertBatch(Connection c, long firstId, int rows) throws SQLException;

    /** Releases what the application holds (its Redis client). */
    @Override
    default void close() {
    }
}
