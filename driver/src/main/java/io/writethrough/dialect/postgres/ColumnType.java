package io.writethrough.dialect.postgres;

import com.fasterxml.jackson.core.JsonGenerator;
import io.writethrough.dialect.ColumnCodec;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * How one column's value becomes canonical text (hash fields, keys) and a JSON value (docs/design.md,
 * "What lands in Redis"): integers and numeric are JSON numbers, booleans booleans, json/jsonb embedded, arrays
 * arrays, and everything else — floating point included — a JSON string of the canonical text. The text
 * never depends on the JVM's time zone or locale, nor on pgjdbc's transfer mode.
 */
public enum ColumnType implements ColumnCodec {
    INTEGER {
        @Override
        public String text(ResultSet rs, int i) throws SQLException {
            long v = rs.getLong(i);
            return rs.wasNull() ? null : Long.toString(v);
        }

        @Override
        public void json(JsonGenerator g, ResultSet rs, int i) throws SQLException, IOException {
            String t = text(rs, i);
            if (t == null) {
                g.writeNull();
            } else {
                g.writeNumber(t);
            }
        }
    },
    NUMERIC {
        @Override
        public String text(ResultSet rs, int i) throws SQLException {
            // Not getString: with binary transfer pgjdbc's getString builds a TimestampUtils (calendars, locks)
            // for each result set, which was a visible share of a one-row statement's CPU. getObject decodes
            // the number without it; NaN and the infinities come back as a Double, whose text is PostgreSQL's.
            Object v = rs.getObject(i);
            return v instanceof BigDecimal d ? d.toPlainString() : v == null ? null : v.toString();
        }

        @Override
        public void json(JsonGenerator g, ResultSet rs, int i) throws SQLException, IOException {
            numberOrString(g, text(rs, i));
        }
    },
    REAL {
        @Override
        public String text(ResultSet rs, int i) throws SQLException {
            // Float.toString is the shortest text that reads back as the same float; widening to double
            // first would print digits the column never held (0.1f -> 0.10000000149011612).
            float v = rs.getFloat(i);
            return rs.wasNull() ? null : Float.toString(v);
        }
    },
    DOUBLE {
        @Override
        public String text(ResultSet rs, int i) throws SQLException {
            double v = rs.getDouble(i);
            return rs.wasNull() ? null : Double.toString(v);
        }
    },
    BOOLEAN {
        @Override
        public String text(ResultSet rs, int i) throws SQLException {
            boolean v = rs.getBoolean(i);
            return rs.wasNull() ? null : Boolean.toString(v);
        }

        @Override
        public void json(JsonGenerator g, ResultSet rs, int i) throws SQLException, IOException {
            boolean v = rs.getBoolean(i);
            if (rs.wasNull()) {
                g.writeNull();
            } else {
                g.writeBoolean(v);
            }
        }
    },
    DATE {
        @Override
        public String text(ResultSet rs, int i) throws SQLException {
            LocalDate v = rs.getObject(i, LocalDate.class);
            return v == null ? null : DateTimeFormatter.ISO_LOCAL_DATE.format(v);
        }
    },
    TIME {
        @Override
        public String text(ResultSet rs, int i) throws SQLException {
            LocalTime v = rs.getObject(i, LocalTime.class);
            return v == null ? null : DateTimeFormatter.ISO_LOCAL_TIME.format(v);
        }
    },
    TIMESTAMP {
        @Override
        public String text(ResultSet rs, int i) throws SQLException {
            LocalDateTime v = rs.getObject(i, LocalDateTime.class);
            return v == null ? null : DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(v);
        }
    },
    TIMESTAMPTZ {
        @Override
        public String text(ResultSet rs, int i) throws SQLException {
            OffsetDateTime v = rs.getObject(i, OffsetDateTime.class);
            return v == null ? null : InstantText.of(v);
        }
    },
    UUID {
        @Override
        public String text(ResultSet rs, int i) throws SQLException {
            // Not getString, for the reason NUMERIC gives: pgjdbc receives uuid in binary once a statement is
            // prepared on the server. UUID.toString is PostgreSQL's text (lower case, hyphenated).
            Object v = rs.getObject(i);
            return v == null ? null : v.toString();
        }
    },
    BYTEA {
        @Override
        public String text(ResultSet rs, int i) throws SQLException {
            byte[] v = rs.getBytes(i);
            return v == null ? null : Base64.getEncoder().encodeToString(v);
        }
    },
    JSON {
        @Override
        public void json(JsonGenerator g, ResultSet rs, int i) throws SQLException, IOException {
            String t = rs.getString(i);
            if (t == null) {
                g.writeNull();
            } else {
                g.writeRawValue(t);
            }
        }
    },
    ARRAY {
        @Override
        public void json(JsonGenerator g, ResultSet rs, int i) throws SQLException, IOException {
            Array array = rs.getArray(i);
            if (array == null) {
                g.writeNull();
                return;
            }
            // The array's own result set gives each element with its SQL type, so elements follow the
            // same rules as columns (timestamptz elements as UTC instants, and so on).
            try (ResultSet elements = array.getResultSet()) {
                ColumnType element = of(elements.getMetaData(), 2);
                g.writeStartArray();
                while (elements.next()) {
                    element.json(g, elements, 2);
                }
                g.writeEndArray();
            } finally {
                array.free();
            }
        }
    },
    TEXT;

    /** The column's canonical text, or {@code null} for SQL NULL. */
    public String text(ResultSet rs, int i) throws SQLException {
        return rs.getString(i);
    }

    /** Writes the column's JSON value; the default is a JSON string of the canonical text. */
    public void json(JsonGenerator g, ResultSet rs, int i) throws SQLException, IOException {
        String t = text(rs, i);
        if (t == null) {
            g.writeNull();
        } else {
            g.writeString(t);
        }
    }

    /**
     * Classifies a result-set column. The JDBC type settles most columns; only the ones it leaves ambiguous
     * (boolean vs bit, timestamp vs timestamptz, json vs other types) ask for the type name, because pgjdbc
     * answers {@code getColumnTypeName} with a catalog query the first time per connection and column.
     */
    public static ColumnType of(java.sql.ResultSetMetaData metaData, int column) throws SQLException {
        int jdbcType = metaData.getColumnType(column);
        switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT:
                return INTEGER;
            case Types.NUMERIC, Types.DECIMAL:
                return NUMERIC;
            case Types.REAL:
                return REAL;
            case Types.DATE:
                return DATE;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY:
                return BYTEA;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR:
                return TEXT;
            default:
                return of(jdbcType, metaData.getColumnTypeName(column));
        }
    }

    /** Classifies a column by its JDBC type and PostgreSQL type name. */
    public static ColumnType of(int jdbcType, String typeName) {
        String name = typeName == null ? "" : typeName.toLowerCase(java.util.Locale.ROOT);
        if (jdbcType == Types.ARRAY || name.startsWith("_")) {
            return ARRAY;
        }
        switch (name) {
            case "int2", "int4", "int8", "smallint", "integer", "bigint", "serial", "bigserial", "smallserial", "oid":
                return INTEGER;
            case "numeric", "decimal":
                return NUMERIC;
            case "float4", "real":
                return REAL;
            case "float8", "double precision":
                return DOUBLE;
            case "bool", "boolean":
                return BOOLEAN;
            case "date":
                return DATE;
            case "time", "time without time zone":
                return TIME;
            case "timestamp", "timestamp without time zone":
                return TIMESTAMP;
            case "timestamptz", "timestamp with time zone":
                return TIMESTAMPTZ;
            case "bytea":
                return BYTEA;
            case "uuid":
                return UUID;
            case "json", "jsonb":
                return JSON;
            default:
                return TEXT;
        }
    }

    private static boolean isNonFinite(String s) {
        return s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity");
    }

    private static void numberOrString(JsonGenerator g, String t) throws IOException {
        if (t == null) {
            g.writeNull();
        } else if (isNonFinite(t)) {
            g.writeString(t);
        } else {
            g.writeNumber(t);
        }
    }
}
