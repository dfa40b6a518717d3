package io.writethrough.jdbc.rows;

import io.writethrough.jdbc.rows.CopiedColumns.TemporalKind;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;

/**
 * A read-only, in-memory copy of rows that were read once from pgjdbc's forward-only result set (generated keys,
 * or the rows of the application's own {@code RETURNING}), handed to the application positioned before the
 * first row and answering as pgjdbc's result set would.
 *
 * <p>Per cell it keeps what pgjdbc's {@code getObject} and {@code getString} returned (the text only when it
 * cannot be derived from the value; see {@link CopiedColumns}). Every other getter is derived from that text with pgjdbc's own
 * text-format conversions ({@link PgTextConversions}, {@link PgTemporalText}), so numbers, booleans, dates and
 * times come out as pgjdbc computes them at the time of the call, in the caller's calendar, with pgjdbc's
 * SQLStates and messages when it refuses. pgjdbc switches to binary transfer after {@code prepareThreshold}
 * executions of a statement; where its binary and text formats disagree on a cross-type getter (e.g.
 * {@code getBytes} of an {@code int4}, {@code getDate} of a {@code float8}) this answers as the text format.
 * Neither building nor reading makes a database round trip, except {@code getObject(i, PGobject.class)} on a
 * column that held no {@code PGobject}, which asks the source metadata's {@code getColumnTypeName} (pgjdbc may
 * answer that with a catalog query, once per connection and column).
 *
 * <p>It reports {@code TYPE_FORWARD_ONLY} unless the builder says otherwise, but every scrolling method works.
 * It is {@code CONCUR_READ_ONLY}: every update method throws {@link SQLFeatureNotSupportedException}.
 * Mutable values (byte arrays, {@code java.sql} dates, {@code PGobject}s) are copied on the way out; a
 * {@link java.sql.Array} is shared between calls on the same cell. Not thread-safe, like pgjdbc's.
 */
public final class MaterializedResultSet implements ResultSet {

    private static final String INVALID_CURSOR_STATE = "24000";
    private static final String OBJECT_NOT_IN_STATE = "55000";
    private static final String INVALID_PARAMETER_VALUE = "22023";
    private static final String UNDEFINED_COLUMN = "42703";
    private static final String DATA_TYPE_MISMATCH = "42821";
    private static final String NOT_IMPLEMENTED = "0A000";
    private static final LocalDate EPOCH_DAY = LocalDate.of(1970, 1, 1);

    private final Statement owner;
    private final ResultSetMetaData metaData;
    private final CopiedColumns columns;
    private final int type;
    /** The captured cells, laid out as {@link CopiedColumns} describes; null once closed. */
    private Object[][] rows;
    private int currentRow = -1;
    private boolean wasNull;
    private int fetchSize;
    private int fetchDirection = FETCH_FORWARD;
    private CloseAction onClose;

    private MaterializedResultSet(Statement owner, ResultSetMetaData metaData, CopiedColumns columns, Object[][] rows,
                                  int type) {
        this.owner = owner;
        this.metaData = metaData;
        this.columns = columns;
        this.rows = rows;
        this.type = type;
    }

    /**
     * Starts a copy of the first {@code columnCount} columns of a result set with this metadata. Reads each
     * column's label and JDBC type once; no call here or in the builder makes a database round trip.
     *
     * @throws IllegalArgumentException if {@code columnCount} is negative or more than the source has
     */
    public static Builder builder(ResultSetMetaData sourceMetaData, int columnCount) throws SQLException {
        if (sourceMetaData == null) {
            throw new IllegalArgumentException("sourceMetaData is required");
        }
        int available = sourceMetaData.getColumnCount();
        if (columnCount < 0 || columnCount > available) {
            throw new IllegalArgumentException("columnCount " + columnCount + " is outside 0.." + available
                    + ", the number of columns of the source result set");
        }
        return new Builder(sourceMetaData, CopiedColumns.of(sourceMetaData, columnCount));
    }

    /**
     * A result set with no columns and no rows, which is what pgjdbc's {@code getGeneratedKeys} returns when
     * no keys were requested. {@code owner} is what {@link #getStatement()} returns.
     */
    public static MaterializedResultSet empty(Statement owner) {
        return new MaterializedResultSet(owner, new ProjectedResultSetMetaData(null, 0), CopiedColumns.none(),
                new Object[0][], TYPE_FORWARD_ONLY);
    }

    /** Collects rows for a {@link MaterializedResultSet}; not thread-safe. */
    public static final class Builder {

        private final ResultSetMetaData sourceMetaData;
        private final CopiedColumns columns;
        private final List<Object[]> rows = new ArrayList<>();
        private int type = TYPE_FORWARD_ONLY;

        private Builder(ResultSetMetaData sourceMetaData, CopiedColumns columns) {
            this.sourceMetaData = sourceMetaData;
            this.columns = columns;
        }

        /**
         * The result set type {@link MaterializedResultSet#getType()} reports (default
         * {@code TYPE_FORWARD_ONLY}); scrolling works whatever it says.
         */
        public Builder reportedType(int resultSetType) {
            if (resultSetType != TYPE_FORWARD_ONLY && resultSetType != TYPE_SCROLL_INSENSITIVE
                    && resultSetType != TYPE_SCROLL_SENSITIVE) {
                throw new IllegalArgumentException("resultSetType " + resultSetType
                        + " is not one of ResultSet.TYPE_FORWARD_ONLY, TYPE_SCROLL_INSENSITIVE, TYPE_SCROLL_SENSITIVE");
            }
            this.type = resultSetType;
            return this;
        }

        /** Copies columns 1..columnCount of the source's current row. */
        public void addCurrentRow(ResultSet source) throws SQLException {
            rows.add(columns.capture(source));
        }

        /** The number of rows added so far. */
        public int rowCount() {
            return rows.size();
        }

        /**
         * A result set over the rows added so far, positioned before the first row. {@code owner} (the
         * driver's statement) is what {@link MaterializedResultSet#getStatement()} returns.
         */
        public MaterializedResultSet build(Statement owner) {
            return new MaterializedResultSet(owner, new ProjectedResultSetMetaData(sourceMetaData, columns.count),
                    columns.snapshot(), rows.toArray(new Object[0][]), type);
        }
    }

    static SQLException columnOutOfRange(int column, int columnCount) {
        return new SQLException("The column index is out of range: " + column + ", number of columns: "
                + columnCount + ".", INVALID_PARAMETER_VALUE);
    }

    private void checkClosed() throws SQLException {
        if (rows == null) {
            throw new SQLException("This ResultSet is closed.", OBJECT_NOT_IN_STATE);
        }
    }

    /** Checks the state, the position and the index, sets {@link #wasNull()}, and returns the cell's slot. */
    private int cell(int columnIndex) throws SQLException {
        checkClosed();
        if (currentRow < 0 || currentRow >= rows.length) {
            throw new SQLException("ResultSet not positioned properly, perhaps you need to call next.",
                    INVALID_CURSOR_STATE);
        }
        if (columnIndex < 1 || columnIndex > columns.count) {
            throw columnOutOfRange(columnIndex, columns.count);
        }
        int slot = columns.firstSlot(columnIndex);
        Object[] row = rows[currentRow];
        wasNull = row[slot] == null && row[slot + 1] == null;
        return slot;
    }

    private Object objectAt(int slot) {
        return rows[currentRow][slot];
    }

    private String textAt(int slot) {
        Object[] row = rows[currentRow];
        return CopiedColumns.text(row[slot], row[slot + 1]);
    }

    private String text(int columnIndex) throws SQLException {
        return textAt(cell(columnIndex));
    }

    /**
     * The text the java.sql date/time getters read. For a {@code timetz} that is PostgreSQL's form of pgjdbc's
     * own {@code OffsetTime}: in binary transfer pgjdbc's {@code getString} moves the value to the client's
     * offset, which would move the time's day.
     */
    private String temporalText(int columnIndex) throws SQLException {
        int slot = cell(columnIndex);
        if (columns.kind(columnIndex) == TemporalKind.TIMETZ) {
            OffsetTime captured = (OffsetTime) rows[currentRow][slot + 2];
            if (captured != null && !captured.equals(OffsetTime.MAX)) {
                return PgTemporalText.toText(captured);
            }
        }
        return textAt(slot);
    }

    private String typeName(int columnIndex) {
        TemporalKind kind = columns.kind(columnIndex);
        if (kind != TemporalKind.NONE && kind != TemporalKind.UNRESOLVED) {
            return kind.name();
        }
        String pgTypeName = columns.pgTypeName(columnIndex);
        if (pgTypeName != null) {
            return pgTypeName;
        }
        try {
            return JDBCType.valueOf(columns.sqlType(columnIndex)).getName();
        } catch (IllegalArgumentException vendorType) {
            return "JDBC type " + columns.sqlType(columnIndex);
        }
    }

    /** pgjdbc's wording, with the column added. */
    private SQLException conversionNotSupported(Class<?> type, int columnIndex) {
        return new SQLException("conversion to " + type + " from " + typeName(columnIndex) + " not supported ("
                + describe(columnIndex) + ")", INVALID_PARAMETER_VALUE);
    }

    /** pgjdbc's wording, with the column added. */
    private SQLException cannotConvert(int columnIndex, Class<?> type) {
        return new SQLException("Cannot convert the column of type " + typeName(columnIndex) + " to requested type "
                + type.getName() + " (" + describe(columnIndex) + ").", DATA_TYPE_MISMATCH);
    }

    private String describe(int columnIndex) {
        try {
            return "column " + columnIndex + ", \"" + metaData.getColumnLabel(columnIndex) + "\"";
        } catch (SQLException e) {
            return "column " + columnIndex;
        }
    }

    private SQLFeatureNotSupportedException notImplemented(String method) {
        return new SQLFeatureNotSupportedException("Method " + getClass().getName() + "." + method
                + " is not yet implemented.", NOT_IMPLEMENTED);
    }

    private static SQLFeatureNotSupportedException readOnly() {
        return new SQLFeatureNotSupportedException("ResultSet is read-only", NOT_IMPLEMENTED);
    }

    /** A copy of a mutable value, so that a caller changing what it got does not change the next answer. */
    private static Object detached(Object value) {
        if (value instanceof byte[]) {
            return ((byte[]) value).clone();
        }
        if (value instanceof java.util.Date) {
            return ((java.util.Date) value).clone();
        }
        if (value instanceof Cloneable) {
            // PGobject (json, jsonb, geometric, ...) and hstore's Map: public clone() methods, found by reflection
            // since pgjdbc is not a compile-time dependency.
            try {
                return value.getClass().getMethod("clone").invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return value;
            }
        }
        return value;
    }

    private static TimeZone zoneOf(Calendar cal) {
        return cal == null ? TimeZone.getDefault() : cal.getTimeZone();
    }

    // ----- cursor -----

    @Override
    public boolean next() throws SQLException {
        checkClosed();
        if (currentRow + 1 >= rows.length) {
            currentRow = rows.length;
            return false;
        }
        currentRow++;
        return true;
    }

    @Override
    public boolean previous() throws SQLException {
        checkClosed();
        if (currentRow - 1 < 0) {
            currentRow = -1;
            return false;
        }
        currentRow--;
        return true;
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        checkClosed();
        if (row == 0) {
            beforeFirst();
            return false;
        }
        int size = rows.length;
        if (row < 0) {
            if (row < -size) {
                beforeFirst();
                return false;
            }
            currentRow = size + row;
        } else {
            if (row > size) {
                afterLast();
                return false;
            }
            currentRow = row - 1;
        }
        return true;
    }

    @Override
    public boolean relative(int rowsToMove) throws SQLException {
        checkClosed();
        int target = currentRow + 1 + rowsToMove;
        if (target < 0) {
            beforeFirst();
            return false;
        }
        return absolute(target);
    }

    @Override
    public void beforeFirst() throws SQLException {
        checkClosed();
        if (rows.length > 0) {
            currentRow = -1;
        }
    }

    @Override
    public void afterLast() throws SQLException {
        checkClosed();
        if (rows.length > 0) {
            currentRow = rows.length;
        }
    }

    @Override
    public boolean first() throws SQLException {
        checkClosed();
        if (rows.length == 0) {
            return false;
        }
        currentRow = 0;
        return true;
    }

    @Override
    public boolean last() throws SQLException {
        checkClosed();
        if (rows.length == 0) {
            return false;
        }
        currentRow = rows.length - 1;
        return true;
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkClosed();
        return currentRow < 0 && rows.length > 0;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkClosed();
        return rows.length > 0 && currentRow >= rows.length;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkClosed();
        return rows.length > 0 && currentRow == 0;
    }

    @Override
    public boolean isLast() throws SQLException {
        checkClosed();
        return rows.length > 0 && currentRow == rows.length - 1;
    }

    @Override
    public int getRow() throws SQLException {
        checkClosed();
        return currentRow < 0 || currentRow >= rows.length ? 0 : currentRow + 1;
    }

    @Override
    public void close() throws SQLException {
        if (rows != null) {
            rows = null;
            if (onClose != null) {
                onClose.run();
            }
        }
    }

    /** What runs when the application closes a result set. */
    @FunctionalInterface
    public interface CloseAction {
        void run() throws SQLException;
    }

    /** Runs once when the application closes this result set (the statement's close-on-completion). */
    public void whenClosed(CloseAction action) {
        this.onClose = action;
    }

    @Override
    public boolean isClosed() {
        return rows == null;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkClosed();
        return wasNull;
    }

    // ----- result set properties -----

    /** The statement given to {@link Builder#build(Statement)} or {@link #empty(Statement)}. */
    @Override
    public Statement getStatement() throws SQLException {
        checkClosed();
        return owner;
    }

    /** The source's metadata, limited to the copied columns. */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkClosed();
        return metaData;
    }

    /** Like pgjdbc: case-insensitive, the first column with the label wins. */
    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkClosed();
        Integer column = columns.column(columnLabel);
        if (column == null) {
            throw new SQLException("The column name " + columnLabel + " was not found in this ResultSet.",
                    UNDEFINED_COLUMN);
        }
        return column;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkClosed();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkClosed();
    }

    /** Null, as pgjdbc answers: positioned updates are not supported. */
    @Override
    public String getCursorName() throws SQLException {
        checkClosed();
        return null;
    }

    @Override
    public int getType() throws SQLException {
        checkClosed();
        return type;
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkClosed();
        return CONCUR_READ_ONLY;
    }

    /** Not supported, as in pgjdbc. */
    @Override
    public int getHoldability() throws SQLException {
        checkClosed();
        throw notImplemented("getHoldability()");
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkClosed();
        if (direction != FETCH_FORWARD && direction != FETCH_REVERSE && direction != FETCH_UNKNOWN) {
            throw new SQLException("Invalid fetch direction constant: " + direction + ".", INVALID_PARAMETER_VALUE);
        }
        fetchDirection = direction;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkClosed();
        return fetchDirection;
    }

    /** Accepted and reported back; every row is already in memory. */
    @Override
    public void setFetchSize(int rowCount) throws SQLException {
        checkClosed();
        if (rowCount < 0) {
            throw new SQLException("Fetch size must be a value greater than or equal to 0.", INVALID_PARAMETER_VALUE);
        }
        fetchSize = rowCount;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkClosed();
        return fetchSize;
    }

    // ----- getters by index -----

    @Override
    public String getString(int columnIndex) throws SQLException {
        return text(columnIndex);
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        return detached(objectAt(cell(columnIndex)));
    }

    /** A null or empty map reads as {@link #getObject(int)}; custom type maps are not supported, as in pgjdbc. */
    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        checkClosed();
        if (map == null || map.isEmpty()) {
            return getObject(columnIndex);
        }
        throw notImplemented("getObject(int,Map)");
    }

    /** The conversions pgjdbc offers, allowed for the same JDBC types, with pgjdbc's SQLStates when refused. */
    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        if (type == null) {
            throw new SQLException("type is null", INVALID_PARAMETER_VALUE);
        }
        int slot = cell(columnIndex);
        int sqlType = columns.sqlType(columnIndex);
        if (type == BigDecimal.class) {
            require(sqlType == Types.NUMERIC || sqlType == Types.DECIMAL, type, columnIndex);
            return type.cast(getBigDecimal(columnIndex));
        } else if (type == String.class) {
            require(sqlType == Types.CHAR || sqlType == Types.VARCHAR, type, columnIndex);
            return type.cast(getString(columnIndex));
        } else if (type == Boolean.class) {
            require(sqlType == Types.BOOLEAN || sqlType == Types.BIT, type, columnIndex);
            boolean value = getBoolean(columnIndex);
            return wasNull ? null : type.cast(value);
        } else if (type == Short.class) {
            require(sqlType == Types.SMALLINT, type, columnIndex);
            short value = getShort(columnIndex);
            return wasNull ? null : type.cast(value);
        } else if (type == Integer.class) {
            require(sqlType == Types.INTEGER || sqlType == Types.SMALLINT, type, columnIndex);
            int value = getInt(columnIndex);
            return wasNull ? null : type.cast(value);
        } else if (type == Long.class) {
            require(sqlType == Types.BIGINT, type, columnIndex);
            long value = getLong(columnIndex);
            return wasNull ? null : type.cast(value);
        } else if (type == BigInteger.class) {
            require(sqlType == Types.BIGINT, type, columnIndex);
            long value = getLong(columnIndex);
            return wasNull ? null : type.cast(BigInteger.valueOf(value));
        } else if (type == Float.class) {
            require(sqlType == Types.REAL, type, columnIndex);
            float value = getFloat(columnIndex);
            return wasNull ? null : type.cast(value);
        } else if (type == Double.class) {
            require(sqlType == Types.FLOAT || sqlType == Types.DOUBLE, type, columnIndex);
            double value = getDouble(columnIndex);
            return wasNull ? null : type.cast(value);
        } else if (type == Date.class) {
            require(sqlType == Types.DATE, type, columnIndex);
            return type.cast(getDate(columnIndex));
        } else if (type == Time.class) {
            require(sqlType == Types.TIME, type, columnIndex);
            return type.cast(getTime(columnIndex));
        } else if (type == Timestamp.class) {
            require(sqlType == Types.TIMESTAMP || sqlType == Types.TIMESTAMP_WITH_TIMEZONE, type, columnIndex);
            return type.cast(getTimestamp(columnIndex));
        } else if (type == Calendar.class) {
            require(sqlType == Types.TIMESTAMP || sqlType == Types.TIMESTAMP_WITH_TIMEZONE, type, columnIndex);
            Timestamp timestamp = getTimestamp(columnIndex);
            if (timestamp == null) {
                return null;
            }
            Calendar calendar = Calendar.getInstance(TimeZone.getDefault());
            calendar.setTimeInMillis(timestamp.getTime());
            return type.cast(calendar);
        } else if (type == Blob.class) {
            require(sqlType == Types.BLOB || sqlType == Types.BINARY || sqlType == Types.BIGINT, type, columnIndex);
            return type.cast(getBlob(columnIndex));
        } else if (type == Clob.class) {
            require(sqlType == Types.CLOB || sqlType == Types.BIGINT, type, columnIndex);
            return type.cast(getClob(columnIndex));
        } else if (type == byte[].class) {
            require(sqlType == Types.BINARY || sqlType == Types.VARBINARY || sqlType == Types.LONGVARBINARY,
                    type, columnIndex);
            return type.cast(getBytes(columnIndex));
        } else if (type == java.util.Date.class) {
            require(sqlType == Types.TIMESTAMP, type, columnIndex);
            Timestamp timestamp = getTimestamp(columnIndex);
            return timestamp == null ? null : type.cast(new java.util.Date(timestamp.getTime()));
        } else if (type == Array.class) {
            require(sqlType == Types.ARRAY, type, columnIndex);
            return type.cast(getArray(columnIndex));
        } else if (type == SQLXML.class) {
            require(sqlType == Types.SQLXML, type, columnIndex);
            return type.cast(getSQLXML(columnIndex));
        } else if (type == UUID.class) {
            Object value = objectAt(slot);
            if (value != null && !(value instanceof UUID)) {
                // pgjdbc fails here with a ClassCastException.
                throw conversionNotSupported(type, columnIndex);
            }
            return type.cast(value);
        } else if (type == InetAddress.class) {
            return type.cast(inetAddress(textAt(slot)));
        } else if (type == LocalDate.class || type == LocalTime.class || type == LocalDateTime.class
                || type == OffsetDateTime.class || type == OffsetTime.class) {
            return type.cast(temporal(columnIndex, slot, type));
        } else if (CopiedColumns.isPgObjectType(type)) {
            return type.cast(pgObject(columnIndex, slot, type));
        }
        throw conversionNotSupported(type, columnIndex);
    }

    /**
     * pgjdbc builds a new object of the class it registered for the column's type from the text, whatever the
     * type, even for NULL (a {@code PGobject} whose value is null). The copy returns its captured object when it
     * fits, and otherwise builds one the same way; the type name then comes from the captured values or, if none
     * was a {@code PGobject}, from {@code getColumnTypeName}, which pgjdbc may answer with a catalog query.
     */
    private Object pgObject(int columnIndex, int slot, Class<?> type) throws SQLException {
        Object value = objectAt(slot);
        if (value != null && type.isInstance(value)) {
            return detached(value);
        }
        Class<?> pgObjectClass = columns.pgObjectClass(columnIndex);
        if (pgObjectClass == null) {
            pgObjectClass = type;
            while (!pgObjectClass.getName().equals(CopiedColumns.PG_OBJECT_CLASS)) {
                pgObjectClass = pgObjectClass.getSuperclass();
            }
        }
        String pgTypeName = columns.pgTypeName(columnIndex);
        if (pgTypeName == null) {
            pgTypeName = metaData.getColumnTypeName(columnIndex);
        }
        Object built;
        try {
            built = pgObjectClass.getConstructor().newInstance();
            pgObjectClass.getMethod("setType", String.class).invoke(built, pgTypeName);
            pgObjectClass.getMethod("setValue", String.class).invoke(built, textAt(slot));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException) {
                throw (SQLException) e.getCause();
            }
            throw new SQLException("could not build a " + pgObjectClass.getName() + " for column " + columnIndex
                    + ": " + e.getCause(), INVALID_PARAMETER_VALUE, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new SQLException("could not build a " + pgObjectClass.getName() + " for column " + columnIndex
                    + ": " + e, INVALID_PARAMETER_VALUE, e);
        }
        if (!type.isInstance(built)) {
            // pgjdbc fails here with a ClassCastException.
            throw conversionNotSupported(type, columnIndex);
        }
        return built;
    }

    private void require(boolean allowed, Class<?> type, int columnIndex) throws SQLException {
        if (!allowed) {
            throw conversionNotSupported(type, columnIndex);
        }
    }

    private static InetAddress inetAddress(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        try {
            return InetAddress.getByName(slash < 0 ? text : text.substring(0, slash));
        } catch (UnknownHostException e) {
            throw new SQLException("Invalid Inet data.", INVALID_PARAMETER_VALUE, e);
        }
    }

    /** pgjdbc's java.time getters, which accept only the column types listed per class. */
    private Object temporal(int columnIndex, int slot, Class<?> type) throws SQLException {
        String text = textAt(slot);
        if (text == null) {
            return null;
        }
        TemporalKind kind = columns.kind(columnIndex);
        if (type == LocalDate.class) {
            if (kind == TemporalKind.DATE) {
                return PgTemporalText.toLocalDate(text);
            }
            if (kind == TemporalKind.TIMESTAMP) {
                return PgTemporalText.toLocalDateTime(text).toLocalDate();
            }
        } else if (type == LocalTime.class) {
            if (kind == TemporalKind.TIME) {
                return PgTemporalText.toLocalTime(text);
            }
        } else if (type == LocalDateTime.class) {
            if (kind == TemporalKind.TIMESTAMP) {
                return PgTemporalText.toLocalDateTime(text);
            }
        } else if (type == OffsetDateTime.class) {
            if (kind == TemporalKind.TIMESTAMP || kind == TemporalKind.TIMESTAMPTZ) {
                OffsetDateTime value = PgTemporalText.toOffsetDateTime(text);
                boolean infinite = value.equals(OffsetDateTime.MAX) || value.equals(OffsetDateTime.MIN);
                return infinite ? value : value.withOffsetSameInstant(ZoneOffset.UTC);
            }
            if (kind == TemporalKind.TIMETZ) {
                OffsetTime captured = (OffsetTime) rows[currentRow][slot + 2];
                return captured != null ? captured.atDate(EPOCH_DAY) : PgTemporalText.toOffsetDateTime(text);
            }
        } else if (type == OffsetTime.class) {
            if (kind == TemporalKind.TIMETZ) {
                OffsetTime captured = (OffsetTime) rows[currentRow][slot + 2];
                return captured != null ? captured : PgTemporalText.toOffsetTime(text);
            }
        }
        throw cannotConvert(columnIndex, type);
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        String text = text(columnIndex);
        return text != null && PgTextConversions.toBoolean(text);
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        String text = text(columnIndex);
        return text == null ? 0 : PgTextConversions.toByte(text);
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        String text = text(columnIndex);
        return text == null ? 0 : PgTextConversions.toShort(text);
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        String text = text(columnIndex);
        return text == null ? 0 : PgTextConversions.toInt(text);
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        String text = text(columnIndex);
        return text == null ? 0 : PgTextConversions.toLong(text);
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        String text = text(columnIndex);
        return text == null ? 0 : PgTextConversions.toFloat(text);
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        String text = text(columnIndex);
        return text == null ? 0 : PgTextConversions.toDouble(text);
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        String text = text(columnIndex);
        return text == null ? null : PgTextConversions.toBigDecimal(text, null);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        String text = text(columnIndex);
        return text == null ? null : PgTextConversions.toBigDecimal(text, scale);
    }

    /** A {@code bytea}'s bytes; for other types, as pgjdbc's text format gives: the text's UTF-8 bytes. */
    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        int slot = cell(columnIndex);
        Object value = objectAt(slot);
        if (value instanceof byte[]) {
            return ((byte[]) value).clone();
        }
        String text = textAt(slot);
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        return getDate(columnIndex, null);
    }

    @Override
    public Date getDate(int columnIndex, Calendar cal) throws SQLException {
        String text = temporalText(columnIndex);
        if (text == null) {
            return null;
        }
        // pgjdbc clears and fills the calendar it is given; a copy keeps the caller's calendar as it was.
        Calendar target = cal == null ? new GregorianCalendar(TimeZone.getDefault()) : (Calendar) cal.clone();
        return PgTemporalText.toDate(target, text);
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        return getTime(columnIndex, null);
    }

    @Override
    public Time getTime(int columnIndex, Calendar cal) throws SQLException {
        String text = temporalText(columnIndex);
        return text == null ? null : PgTemporalText.toTime(zoneOf(cal), text);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        return getTimestamp(columnIndex, null);
    }

    /** As pgjdbc: a value with an offset ({@code timestamptz}) ignores {@code cal}; others are read in its zone. */
    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        String text = temporalText(columnIndex);
        if (text == null) {
            return null;
        }
        if (columns.sqlType(columnIndex) == Types.TIME) {
            return PgTemporalText.timeToTimestamp(zoneOf(cal), text);
        }
        return PgTemporalText.toTimestamp(zoneOf(cal), text);
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        String text = text(columnIndex);
        return text == null ? null : new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        String text = text(columnIndex);
        return text == null ? null : new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        byte[] bytes = getBytes(columnIndex);
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        String text = text(columnIndex);
        return text == null ? null : new StringReader(text);
    }

    /** Not supported, as in pgjdbc. */
    @Override
    public String getNString(int columnIndex) throws SQLException {
        checkClosed();
        throw notImplemented("getNString(int)");
    }

    /** Not supported, as in pgjdbc. */
    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        checkClosed();
        throw notImplemented("getNCharacterStream(int)");
    }

    /** The array pgjdbc's {@code getObject} returned, shared by every call on this cell. */
    @Override
    public Array getArray(int columnIndex) throws SQLException {
        Object value = objectAt(cell(columnIndex));
        if (value == null || value instanceof Array) {
            return (Array) value;
        }
        throw cannotConvert(columnIndex, Array.class);
    }

    /** Not supported: pgjdbc's large-object {@code Blob} needs the live connection. Null for NULL. */
    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        if (text(columnIndex) == null) {
            return null;
        }
        throw new SQLFeatureNotSupportedException("getBlob is not supported on a copied result set (column "
                + columnIndex + ")", NOT_IMPLEMENTED);
    }

    /** Not supported: pgjdbc's large-object {@code Clob} needs the live connection. Null for NULL. */
    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        if (text(columnIndex) == null) {
            return null;
        }
        throw new SQLFeatureNotSupportedException("getClob is not supported on a copied result set (column "
                + columnIndex + ")", NOT_IMPLEMENTED);
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        checkClosed();
        throw notImplemented("getNClob(int)");
    }

    /** Not supported on a copy (pgjdbc's {@code SQLXML} is tied to the connection). Null for NULL. */
    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        if (text(columnIndex) == null) {
            return null;
        }
        throw new SQLFeatureNotSupportedException("getSQLXML is not supported on a copied result set (column "
                + columnIndex + ")", NOT_IMPLEMENTED);
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        checkClosed();
        throw notImplemented("getRef(int)");
    }

    @Override
    public URL getURL(int columnIndex) throws SQLException {
        checkClosed();
        throw notImplemented("getURL(int)");
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        checkClosed();
        throw notImplemented("getRowId(int)");
    }

    // ----- getters by label -----

    @Override
    public String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return getBoolean(findColumn(columnLabel));
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return getByte(findColumn(columnLabel));
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return getShort(findColumn(columnLabel));
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return getLong(findColumn(columnLabel));
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return getFloat(findColumn(columnLabel));
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return getDouble(findColumn(columnLabel));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return getBigDecimal(findColumn(columnLabel), scale);
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return getBigDecimal(findColumn(columnLabel));
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return getBytes(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel) throws SQLException {
        return getDate(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel, Calendar cal) throws SQLException {
        return getDate(findColumn(columnLabel), cal);
    }

    @Override
    public Time getTime(String columnLabel) throws SQLException {
        return getTime(findColumn(columnLabel));
    }

    @Override
    public Time getTime(String columnLabel, Calendar cal) throws SQLException {
        return getTime(findColumn(columnLabel), cal);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return getTimestamp(findColumn(columnLabel));
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
        return getTimestamp(findColumn(columnLabel), cal);
    }

    @Override
    public InputStream getAsciiStream(String columnLabel) throws SQLException {
        return getAsciiStream(findColumn(columnLabel));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(String columnLabel) throws SQLException {
        return getUnicodeStream(findColumn(columnLabel));
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        return getBinaryStream(findColumn(columnLabel));
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        return getNString(findColumn(columnLabel));
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        return getNCharacterStream(findColumn(columnLabel));
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(columnLabel), map);
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return getObject(findColumn(columnLabel), type);
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        return getArray(findColumn(columnLabel));
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        return getBlob(findColumn(columnLabel));
    }

    @Override
    public Clob getClob(String columnLabel) throws SQLException {
        return getClob(findColumn(columnLabel));
    }

    @Override
    public NClob getNClob(String columnLabel) throws SQLException {
        return getNClob(findColumn(columnLabel));
    }

    @Override
    public SQLXML getSQLXML(String columnLabel) throws SQLException {
        return getSQLXML(findColumn(columnLabel));
    }

    @Override
    public Ref getRef(String columnLabel) throws SQLException {
        return getRef(findColumn(columnLabel));
    }

    @Override
    public URL getURL(String columnLabel) throws SQLException {
        return getURL(findColumn(columnLabel));
    }

    @Override
    public RowId getRowId(String columnLabel) throws SQLException {
        return getRowId(findColumn(columnLabel));
    }

    // ----- row changes: read-only -----

    @Override
    public boolean rowUpdated() throws SQLException {
        checkClosed();
        return false;
    }

    @Override
    public boolean rowInserted() throws SQLException {
        checkClosed();
        return false;
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        checkClosed();
        return false;
    }

    @Override
    public void insertRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void deleteRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void refreshRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw readOnly();
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        throw readOnly();
    }

    // ----- wrapper -----

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Cannot unwrap " + getClass().getName() + " to " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    // ----- updaters: read-only -----
    @Override
    public void updateNull(int columnIndex) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBoolean(int columnIndex, boolean x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateByte(int columnIndex, byte x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateShort(int columnIndex, short x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateInt(int columnIndex, int x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateLong(int columnIndex, long x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateFloat(int columnIndex, float x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDouble(int columnIndex, double x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateString(int columnIndex, String x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBytes(int columnIndex, byte[] x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDate(int columnIndex, Date x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTime(int columnIndex, Time x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTimestamp(int columnIndex, Timestamp x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(int columnIndex, Object x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNull(String columnLabel) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBoolean(String columnLabel, boolean x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateByte(String columnLabel, byte x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateShort(String columnLabel, short x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateInt(String columnLabel, int x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateLong(String columnLabel, long x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateFloat(String columnLabel, float x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDouble(String columnLabel, double x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateString(String columnLabel, String x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBytes(String columnLabel, byte[] x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDate(String columnLabel, Date x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTime(String columnLabel, Time x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTimestamp(String columnLabel, Timestamp x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(String columnLabel, Object x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRef(int columnIndex, Ref x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRef(String columnLabel, Ref x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int columnIndex, Blob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String columnLabel, Blob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int columnIndex, Clob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String columnLabel, Clob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateArray(int columnIndex, Array x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateArray(String columnLabel, Array x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRowId(int columnIndex, RowId x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRowId(String columnLabel, RowId x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNString(int columnIndex, String x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNString(String columnLabel, String x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int columnIndex, NClob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String columnLabel, NClob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateSQLXML(int columnIndex, SQLXML x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateSQLXML(String columnLabel, SQLXML x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int columnIndex, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String columnLabel, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int columnIndex, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String columnLabel, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int columnIndex, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String columnLabel, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int columnIndex, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String columnLabel, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int columnIndex, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String columnLabel, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int columnIndex, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String columnLabel, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(int columnIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(int columnIndex, Object x, SQLType targetSqlType) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType) throws SQLException {
        throw readOnly();
    }
}
