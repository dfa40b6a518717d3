package io.writethrough.write;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Which of a batch's returned rows belong to which entry. pgjdbc hands back the rows of every entry as one result, in
 * the order the entries ran; an entry's update count is how many rows it returned (for an UPDATE with RETURNING, the
 * rows it changed), so the counts tell where each entry's rows begin.
 */
final class BatchEntries {

    private final long[] rows;
    private int next;
    private long left;

    private BatchEntries(long[] rows) {
        this.rows = rows;
    }

    /**
     * The entries of a batch by its update counts ({@code int[]} or {@code long[]}, as {@code executeBatch} and
     * {@code executeLargeBatch} return them).
     *
     * @throws SQLException when a count is not a number of rows ({@link Statement#SUCCESS_NO_INFO}): then the rows
     *     cannot be told apart
     */
    static BatchEntries of(Object counts) throws SQLException {
        long[] rows;
        if (counts instanceof int[] ints) {
            rows = new long[ints.length];
            for (int i = 0; i < ints.length; i++) {
                rows[i] = ints[i];
            }
        } else {
            rows = ((long[]) counts).clone();
        }
        for (long count : rows) {
            if (count < 0) {
                throw new SQLException("writethrough: the database did not report how many rows each entry of a batch "
                        + "changed (update count " + count + "), so the entries of a key-changing UPDATE cannot be written "
                        + "through in their order; the transaction must roll back", SqlStates.UNSUPPORTED);
            }
        }
        return new BatchEntries(rows);
    }

    /** Called once per returned row, in order: true when the row is the first of its entry. */
    boolean startsEntry() throws SQLException {
        if (left > 0) {
            left--;
            return false;
        }
        while (next < rows.length && rows[next] == 0) {
            next++;
        }
        if (next == rows.length) {
            throw mismatch("more");
        }
        left = rows[next++] - 1;
        return true;
    }

    /** After the last row: every entry's rows were there. */
    void checkAllRead() throws SQLException {
        while (left == 0 && next < rows.length && rows[next] == 0) {
            next++;
        }
        if (left != 0 || next != rows.length) {
            throw mismatch("fewer");
        }
    }

    private static SQLException mismatch(String moreOrFewer) {
        return new SQLException("writethrough: internal error: a batch returned " + moreOrFewer + " rows than its update "
                + "counts add up to; the transaction must roll back");
    }
}
