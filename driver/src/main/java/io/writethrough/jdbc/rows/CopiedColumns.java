package io.writethrough.jdbc.rows;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The columns of a {@link MaterializedResultSet}: what each one is, and how its cells are captured from pgjdbc
 * and laid out in a row. A cell is the {@code getObject} value, then the {@code getString} text (null when it
 * can be derived from the value), then, for time columns only, pgjdbc's {@code OffsetTime} of a {@code timetz}.
 * A cell whose value and text are both null is SQL NULL.
 *
 * <p>While a builder captures rows it learns what it cannot read from the metadata without a catalog query;
 * {@link #snapshot()} freezes that for a built result set.
 */
final class CopiedColumns {

    static final String PG_OBJECT_CLASS = "org.postgresql.util.PGobject";

    final int count;
    final int rowWidth;
    private final int[] firstSlot;
    private final int[] sqlTypes;
    private final Map<String, Integer> byLabel;
    private final TemporalKind[] kinds;
    /** Per column, the class and PostgreSQL type name of the first {@code PGobject} captured, else null. */
    private final Class<?>[] pgObjectClasses;
    private final String[] pgTypeNames;

    private CopiedColumns(int count, int rowWidth, int[] firstSlot, int[] sqlTypes, Map<String, Integer> byLabel,
                          TemporalKind[] kinds, Class<?>[] pgObjectClasses, String[] pgTypeNames) {
        this.count = count;
        this.rowWidth = rowWidth;
        this.firstSlot = firstSlot;
        this.sqlTypes = sqlTypes;
        this.byLabel = byLabel;
        this.kinds = kinds;
        this.pgObjectClasses = pgObjectClasses;
        this.pgTypeNames = pgTypeNames;
    }

    /** The first {@code count} columns of a result set with this metadata: labels and JDBC types, no round trip. */
    static CopiedColumns of(ResultSetMetaData metaData, int count) throws SQLException {
        int[] sqlTypes = new int[count];
        int[] firstSlot = new int[count];
        TemporalKind[] kinds = new TemporalKind[count];
        Map<String, Integer> byLabel = new HashMap<>();
        int width = 0;
        for (int column = 1; column <= count; column++) {
            sqlTypes[column - 1] = metaData.getColumnType(column);
            kinds[column - 1] = TemporalKind.of(sqlTypes[column - 1]);
            firstSlot[column - 1] = width;
            width += hasOffsetTimeSlot(sqlTypes[column - 1]) ? 3 : 2;
        }
        for (int column = count; column >= 1; column--) {
            // Filled last to first so that, as in pgjdbc, the first of several same-named columns wins.
            byLabel.put(metaData.getColumnLabel(column).toLowerCase(Locale.US), column);
        }
        return new CopiedColumns(count, width, firstSlot, sqlTypes, byLabel, kinds, new Class<?>[count],
                new String[count]);
    }

    static CopiedColumns none() {
        return new CopiedColumns(0, 0, new int[0], new int[0], Map.of(), new TemporalKind[0], new Class<?>[0],
                new String[0]);
    }

    /** A frozen copy of what has been learnt so far, for one built result set. */
    CopiedColumns snapshot() {
        return new CopiedColumns(count, rowWidth, firstSlot, sqlTypes, Map.copyOf(byLabel), kinds.clone(),
                pgObjectClasses.clone(), pgTypeNames.clone());
    }

    /** Copies the first {@link #count} columns of the source's current row. */
    Object[] capture(ResultSet source) throws SQLException {
        Object[] row = new Object[rowWidth];
        for (int column = 1; column <= count; column++) {
            Object object = source.getObject(column);
            String text = source.getString(column);
            if (source.wasNull()) {
                continue;
            }
            int index = column - 1;
            int slot = firstSlot[index];
            row[slot] = object;
            row[slot + 1] = textOf(object, text);
            if (kinds[index] == TemporalKind.UNRESOLVED && text != null) {
                kinds[index] = TemporalKind.resolve(sqlTypes[index], text, source, column);
            }
            if (kinds[index] == TemporalKind.TIMETZ) {
                row[slot + 2] = offsetTime(source, column);
            }
            if (pgObjectClasses[index] == null && object != null && isPgObjectType(object.getClass())) {
                pgObjectClasses[index] = object.getClass();
                pgTypeNames[index] = pgTypeName(object);
            }
        }
        return row;
    }

    private static boolean hasOffsetTimeSlot(int sqlType) {
        return sqlType == Types.TIME || sqlType == Types.TIME_WITH_TIMEZONE;
    }

    /**
     * The text to keep for a cell: null when {@link #text(Object, Object)} derives it from the value, which is
     * the common case (strings, numbers, UUIDs, hex bytea), so most cells hold one reference.
     */
    private static String textOf(Object object, String text) {
        if (object instanceof byte[]) {
            // pgjdbc's getString of a binary-transferred bytea is the array's identity ("[B@1b6d3586"); the
            // text-format answer is derived instead.
            return text == null || text.equals(object.toString()) || isHexText((byte[]) object, text) ? null : text;
        }
        return hasStableText(object) && object.toString().equals(text) ? null : text;
    }

    /** A cell's {@code getString}: the kept text, or the one derived from the value. */
    static String text(Object object, Object keptText) {
        if (keptText != null) {
            return (String) keptText;
        }
        if (object instanceof byte[]) {
            return "\\x" + HexFormat.of().formatHex((byte[]) object);
        }
        return hasStableText(object) ? object.toString() : null;
    }

    /** Immutable values whose {@code toString} does not depend on the default zone or locale. */
    private static boolean hasStableText(Object object) {
        return object instanceof String || object instanceof Integer || object instanceof Long
                || object instanceof Short || object instanceof BigDecimal || object instanceof Double
                || object instanceof Float || object instanceof UUID;
    }

    /** Whether the text is PostgreSQL's hex output of the bytes, compared without building it. */
    private static boolean isHexText(byte[] bytes, String text) {
        if (text.length() != 2 + 2 * bytes.length || !text.startsWith("\\x")) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (text.charAt(2 + 2 * i) != Character.forDigit((bytes[i] >> 4) & 0xf, 16)
                    || text.charAt(3 + 2 * i) != Character.forDigit(bytes[i] & 0xf, 16)) {
                return false;
            }
        }
        return true;
    }

    /**
     * pgjdbc's own {@code OffsetTime} of a {@code timetz}: in binary transfer it keeps the value's offset,
     * which its {@code getString} (in the client's offset) has lost. Null if pgjdbc cannot make one; the text
     * is then used.
     */
    private static OffsetTime offsetTime(ResultSet source, int column) {
        try {
            return source.getObject(column, OffsetTime.class);
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    private static String pgTypeName(Object pgObject) {
        try {
            return (String) pgObject.getClass().getMethod("getType").invoke(pgObject);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static boolean isPgObjectType(Class<?> type) {
        for (Class<?> each = type; each != null; each = each.getSuperclass()) {
            if (each.getName().equals(PG_OBJECT_CLASS)) {
                return true;
            }
        }
        return false;
    }

    /** The 1-based column with this label (case-insensitive, first wins), or null. */
    Integer column(String label) {
        return label == null ? null : byLabel.get(label.toLowerCase(Locale.US));
    }

    int firstSlot(int column) {
        return firstSlot[column - 1];
    }

    int sqlType(int column) {
        return sqlTypes[column - 1];
    }

    TemporalKind kind(int column) {
        return kinds[column - 1];
    }

    Class<?> pgObjectClass(int column) {
        return pgObjectClasses[column - 1];
    }

    String pgTypeName(int column) {
        return pgTypeNames[column - 1];
    }

    @Override
    public String toString() {
        return "CopiedColumns" + Arrays.toString(kinds);
    }

    /**
     * What a date/time column holds, as pgjdbc tells them apart for the {@code java.time} getters. pgjdbc
     * reports both {@code timestamp} and {@code timestamptz} as {@link Types#TIMESTAMP} (and both time types as
     * {@link Types#TIME}), and {@code getColumnTypeName} may cost a catalog query, so the first non-null value
     * decides: PostgreSQL prints an offset for exactly the zoned types.
     */
    enum TemporalKind {
        NONE, UNRESOLVED, DATE, TIME, TIMETZ, TIMESTAMP, TIMESTAMPTZ;

        static TemporalKind of(int sqlType) {
            switch (sqlType) {
                case Types.DATE:
                    return DATE;
                case Types.TIME:
                case Types.TIMESTAMP:
                    return UNRESOLVED;
                case Types.TIME_WITH_TIMEZONE:
                    return TIMETZ;
                case Types.TIMESTAMP_WITH_TIMEZONE:
                    return TIMESTAMPTZ;
                default:
                    return NONE;
            }
        }

        static TemporalKind resolve(int sqlType, String text, ResultSet source, int column) {
            if (sqlType == Types.TIME) {
                return PgTemporalText.hasOffset(text) ? TIMETZ : TIME;
            }
            if (!PgTemporalText.isInfinity(text)) {
                return PgTemporalText.hasOffset(text) ? TIMESTAMPTZ : TIMESTAMP;
            }
            // "infinity" has no offset in either type; pgjdbc itself accepts LocalDateTime only for timestamp.
            try {
                source.getObject(column, LocalDateTime.class);
                return TIMESTAMP;
            } catch (SQLException notTimestamp) {
                return TIMESTAMPTZ;
            }
        }
    }
}
