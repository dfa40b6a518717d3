package io.writethrough.dialect;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How one returned column becomes the canonical text stored in hash fields and keys, and the JSON value stored in json
 * entries (see {@code docs/design.md}, "What lands in Redis"). Chosen per column by {@link Dialect#codec}.
 */
public interface ColumnCodec {

    /** The column's canonical text, or {@code null} for SQL NULL. */
    String text(ResultSet rs, int column) throws SQLException;

    /** Writes the column's JSON value. */
    void json(JsonGenerator g, ResultSet rs, int column) throws SQLException, IOException;
}
