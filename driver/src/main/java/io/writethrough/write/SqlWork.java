package io.writethrough.write;

import java.sql.SQLException;

/** Something run against the real connection or statement that may fail with an SQLException. */
@FunctionalInterface
public interface SqlWork<T> {
    T run() throws SQLException;
}
