package io.writethrough.write;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * The application's {@code maxRows} and {@code maxFieldSize}, lifted from the real statement while a planned
 * statement runs and its rows are read. They limit what the application reads, but pgjdbc applies them to every
 * returned row, the driver's own RETURNING included: a row cut off would be a Redis entry left stale, a value cut
 * short a wrong one. The rows kept for the application (its own RETURNING, generated keys) are still cut to
 * {@code maxRows}; {@code maxFieldSize} is not applied to them.
 */
final class RowLimits {

    private RowLimits() {
    }

    @FunctionalInterface
    interface Work<T> {
        /** @param maxRows the application's limit on the rows it is given, 0 for none */
        T run(long maxRows) throws SQLException;
    }

    static <T> T lifted(Statement real, Work<T> work) throws SQLException {
        // Not getLargeMaxRows: pgjdbc does not implement it.
        int maxRows = real.getMaxRows();
        int maxFieldSize = real.getMaxFieldSize();
        if (maxRows == 0 && maxFieldSize == 0) {
            return work.run(0);
        }
        real.setMaxRows(0);
        real.setMaxFieldSize(0);
        try {
            return work.run(maxRows);
        } finally {
            if (!real.isClosed()) {
                real.setMaxRows(maxRows);
                real.setMaxFieldSize(maxFieldSize);
            }
        }
    }
}
