package io.writethrough.jdbc.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGStatement;
import org.postgresql.util.PGobject;

/**
 * Compares a {@link MaterializedResultSet} copied from pgjdbc's result set with pgjdbc's own result set over
 * the same rows, getter by getter, in text and binary transfer and in several JVM time zones.
 */
class MaterializedResultSetTest {

    /** The fixtures' PostgreSQL: the machine's (from the environment) or an embedded one. */
    private static final String JDBC_URL = io.writethrough.testing.ServiceResolver.postgres().jdbcUrl();

    private static final String CREATE_SAMPLE = "CREATE TEMP TABLE mrs_sample ("
            + "seq int4 PRIMARY KEY, i4 int4, i8 int8, i2 int2, num numeric(10,2), bare_num numeric, f8 float8,"
            + " f4 float4, flag bool, note text, label varchar(40), code char(3), data bytea, day date,"
            + " at_local timestamp, at_zone timestamptz, clock time, clock_zone timetz, ident uuid, doc jsonb,"
            + " tags int4[], addr inet, span interval)";

    /** Ordinary values, NULLs, extremes, infinities, BC dates, DST gaps and overlaps, numbers hidden in text. */
    private static final List<String> SAMPLE_ROWS = List.of(
            "(1, 42, 9000000000, 7, 12.50, 123.456, 1.5, 2.5, true, 'hello', 'abc', 'ab', '\\x0102ff', '2024-02-29',"
                    + " '2024-03-10 02:30:00', '2024-07-01 12:34:56.789+02', '12:34:56.123456', '12:34:56+05:30',"
                    + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": 1}', '{1,2,NULL}', '192.168.0.1/24', '1 day 02:00')",
            "(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                    + " NULL, NULL, NULL, NULL, NULL)",
            "(3, -2147483648, -9223372036854775808, -32768, -0.01, 'NaN', 1e300, '-0', false, '42', '  17  ', '1',"
                    + " '\\x', '0044-03-15 BC', '1582-10-10 12:00', 'infinity', '24:00:00', '00:00:00-03',"
                    + " '00000000-0000-0000-0000-000000000000', '[]', '{}', '::1', '-1 mon')",
            "(4, 2147483647, 2147483648, 32767, 99999999.99, 'Infinity', 'Infinity', 'NaN', true, 'abc', 't', 'yes',"
                    + " '\\xdeadbeef', 'infinity', '-infinity', '-infinity', '00:00:00', '23:59:59.999999+14',"
                    + " 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'null', '{{1,2},{3,4}}', '10.0.0.1', '0')",
            "(5, 0, 1, 0, 0.00, 0.000000000000000000001, -1.5e-300, 3.4e38, false, '2024-01-02',"
                    + " '2024-01-02 03:04:05', ' n ', '\\x00', '2024-11-03', '2024-11-03 01:30:00',"
                    + " '1970-01-01 00:00:00+00', '00:00:00.5', '12:00:00+00', '123e4567-e89b-12d3-a456-426614174000',"
                    + " '{\"b\": [1, 2]}', '{-1}', '0.0.0.0', '1 year')",
            "(6, 1, -1, 1, -12.55, -1234567890.123456789, -1e-10, -1, true, '$12.50', '($3.25)', '-$1', '\\x5c',"
                    + " '1969-12-31', '1900-01-01 00:00:00', '1900-01-01 00:00:00+00', '23:59:59.999999', '23:59:59-12',"
                    + " '123e4567-e89b-12d3-a456-426614174001', '\"text\"', '{NULL}', '255.255.255.255', '-00:00:01')",
            "(7, 2, -2147483649, 2, 1.5, '-Infinity', 'NaN', 'Infinity', false, '9999999999', '-', '$', '\\xff00',"
                    + " '-infinity', '2000-02-29 23:59:59.999999', '0044-03-15 12:00:00+00 BC', '12:00:00.000001',"
                    + " '00:00:00.5+01:30', '123e4567-e89b-12d3-a456-426614174002', '0', '{7}', '127.0.0.1', '1 sec')",
            "(8, 3, 3, 3, 0.5, 2.5, 0.5, 0.5, true, '2024-01-02 03:04:05+05:30', '1.5e3', '1.5', '\\x41',"
                    + " '12345-06-07', '0001-01-01 00:00:00 BC', '2024-03-31 02:30:00+00', '01:02:03', '01:02:03-00:30',"
                    + " '123e4567-e89b-12d3-a456-426614174003', '{}', '{1}', '::ffff:1.2.3.4', '2 days')",
            "(9, 4, 4, 4, 1.25, 1e-5, 1e15, 1e-5, false, '', ' ', '   ', '\\x', '5874897-12-31',"
                    + " '294276-12-31 23:59:59.999999', '294276-12-31 23:59:59+00', '00:00:01', '00:00:01+00',"
                    + " '123e4567-e89b-12d3-a456-426614174004', '[1]', '{0}', '1.1.1.1', '1 mon')",
            "(10, 5, 5, 5, 2.50, 5, 5, 5, true, '0044-03-15 BC', 'infinity', 'no', '\\x30', '4713-01-01 BC',"
                    + " '1582-10-05 00:00:00', '1582-10-15 00:00:00+00', '12:00:00', '12:00:00-00:00:30',"
                    + " '123e4567-e89b-12d3-a456-426614174005', '1.5', '{5}', '8.8.8.8', '5 min')");

    private static final String SELECT_SAMPLE = "SELECT i4, i8, i2, num, bare_num, f8, f4, flag, note, label, code,"
            + " data, day, at_local, at_zone, clock, clock_zone, ident, doc, tags, addr, span, seq"
            + " FROM mrs_sample ORDER BY seq";

    /** SQLStates whose messages this class copies word for word from pgjdbc's text format. */
    private static final Set<String> STATES_WITH_PGJDBC_MESSAGES = Set.of("22003", "22007", "42846", "24000",
            "55000", "42703");

    enum Transfer {
        TEXT(0),
        BINARY(-1);

        final int prepareThreshold;

        Transfer(int prepareThreshold) {
            this.prepareThreshold = prepareThreshold;
        }
    }

    static Stream<Arguments> transfersAndZones() {
        List<Arguments> cases = new ArrayList<>();
        for (Transfer transfer : Transfer.values()) {
            cases.add(Arguments.of(transfer, null, null));
            cases.add(Arguments.of(transfer, "America/New_York", "America/New_York"));
            cases.add(Arguments.of(transfer, "Asia/Kolkata", "Europe/Moscow"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} transfer, connected in {1}, read in {2}")
    @MethodSource("transfersAndZones")
    void everyGetterAnswersAsPgjdbcDoesOnTheSameRows(Transfer transfer, String connectZone, String readZone)
            throws Exception {
        TimeZone original = TimeZone.getDefault();
        try {
            useDefaultZone(connectZone, original);
            try (Connection connection = DriverManager.getConnection(JDBC_URL)) {
                createSample(connection);
                useDefaultZone(readZone, original);
                Comparison comparison = compareQuery(connection, transfer, SELECT_SAMPLE);
                assertThat(comparison.mismatches).as("getters whose answer differs from pgjdbc's").isEmpty();
                assertThat(comparison.rows).isEqualTo(SAMPLE_ROWS.size());
                assertThat(comparison.values).as("getters that returned a value").isGreaterThan(5000);
                assertThat(comparison.errors).as("getters that threw, like pgjdbc").isGreaterThan(1000);
            }
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @ParameterizedTest(name = "{0} transfer")
    @MethodSource("transfers")
    void infinityAsTheFirstValueStillTellsTimestampFromTimestamptz(Transfer transfer) throws Exception {
        try (Connection connection = DriverManager.getConnection(JDBC_URL)) {
            Comparison comparison = compareQuery(connection, transfer,
                    "SELECT 'infinity'::timestamptz AS z, '-infinity'::timestamp AS l, 'infinity'::date AS d,"
                            + " '-infinity'::timestamptz AS nz, 'infinity'::timestamp AS pl");
            assertThat(comparison.mismatches).isEmpty();
            assertThat(comparison.rows).isEqualTo(1);
        }
        try (Connection connection = DriverManager.getConnection(JDBC_URL);
             Statement statement = connection.createStatement();
             ResultSet source = statement.executeQuery("SELECT 'infinity'::timestamptz, 'infinity'::timestamp")) {
            MaterializedResultSet copy = copyAll(source, statement);
            assertThat(copy.next()).isTrue();
            assertThatThrownBy(() -> copy.getObject(1, LocalDateTime.class)).isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42821");
            assertThat(copy.getObject(2, LocalDateTime.class)).isEqualTo(LocalDateTime.MAX);
            assertThat(copy.getObject(1, OffsetDateTime.class)).isEqualTo(OffsetDateTime.MAX);
        }
    }

    static Stream<Transfer> transfers() {
        return Stream.of(Transfer.values());
    }

    @Test
    void scrollingMovesLikePgjdbcsScrollableResultSet() throws Exception {
        try (Connection connection = DriverManager.getConnection(JDBC_URL);
             Statement forward = connection.createStatement();
             Statement scrollable = connection.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE,
                     ResultSet.CONCUR_READ_ONLY)) {
            String query = "SELECT g AS n FROM generate_series(1, 4) g";
            MaterializedResultSet copy;
            try (ResultSet source = forward.executeQuery(query)) {
                copy = copyAll(source, forward);
            }
            try (ResultSet reference = scrollable.executeQuery(query)) {
                assertSameMoves(reference, copy);
            }
            MaterializedResultSet emptyCopy;
            String emptyQuery = "SELECT g AS n FROM generate_series(1, 0) g";
            try (ResultSet source = forward.executeQuery(emptyQuery)) {
                emptyCopy = copyAll(source, forward);
            }
            try (ResultSet reference = scrollable.executeQuery(emptyQuery)) {
                assertSameMoves(reference, emptyCopy);
            }
        }
    }

    private static void assertSameMoves(ResultSet reference, ResultSet copy) throws Exception {
        List<String> moves = List.of("position", "next", "next", "previous", "previous", "previous", "last", "next",
                "next", "previous", "first", "absolute 3", "absolute -1", "absolute -4", "absolute -5",
                "absolute 0", "absolute 9", "relative -2", "relative 1", "relative -9", "relative 2", "relative 0",
                "afterLast", "previous", "beforeFirst", "next", "relative 3", "relative 1", "isLast");
        for (String move : moves) {
            assertThat(move(copy, move)).as("after %s", move).isEqualTo(move(reference, move));
        }
    }

    private static String move(ResultSet rs, String move) throws SQLException {
        String[] parts = move.split(" ");
        Object result;
        switch (parts[0]) {
            case "next":
                result = rs.next();
                break;
            case "previous":
                result = rs.previous();
                break;
            case "first":
                result = rs.first();
                break;
            case "last":
                result = rs.last();
                break;
            case "absolute":
                result = rs.absolute(Integer.parseInt(parts[1]));
                break;
            case "relative":
                result = rs.relative(Integer.parseInt(parts[1]));
                break;
            case "afterLast":
                rs.afterLast();
                result = "void";
                break;
            case "beforeFirst":
                rs.beforeFirst();
                result = "void";
                break;
            default:
                result = "-";
        }
        int row = rs.getRow();
        String value = row > 0 ? String.valueOf(rs.getInt(1)) : "no row";
        return result + " row=" + row + " value=" + value + " beforeFirst=" + rs.isBeforeFirst() + " afterLast="
                + rs.isAfterLast() + " first=" + rs.isFirst() + " last=" + rs.isLast();
    }

    @Test
    void findColumnIgnoresCaseAndPrefersTheFirstColumnLikePgjdbc() throws Exception {
        try (Connection connection = DriverManager.getConnection(JDBC_URL);
             Statement statement = connection.createStatement()) {
            String query = "SELECT 1 AS id, 2 AS \"ID\", 3 AS \"Name\", 4 AS extra";
            MaterializedResultSet copy;
            try (ResultSet source = statement.executeQuery(query)) {
                MaterializedResultSet.Builder builder = MaterializedResultSet.builder(source.getMetaData(), 3);
                while (source.next()) {
                    builder.addCurrentRow(source);
                }
                copy = builder.build(statement);
            }
            try (ResultSet reference = statement.executeQuery(query)) {
                for (String label : List.of("id", "ID", "Id", "name", "NAME", "Name")) {
                    assertThat(copy.findColumn(label)).as(label).isEqualTo(reference.findColumn(label));
                }
                SQLException expected = catchSql(() -> reference.findColumn("nope"));
                assertThatThrownBy(() -> copy.findColumn("nope")).isInstanceOf(SQLException.class)
                        .hasMessage("The column name nope was not found in this ResultSet.")
                        .hasMessage(expected.getMessage())
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42703");
            }
            assertThatThrownBy(() -> copy.findColumn("extra")).as("a column the copy left out")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42703");
            assertThat(copy.next()).isTrue();
            assertThat(copy.getInt("ID")).isEqualTo(1);
            assertThat(copy.getInt("name")).isEqualTo(3);
        }
    }

    @Test
    void metaDataShowsOnlyTheCopiedColumnsAndDelegatesTheRest() throws Exception {
        try (Connection connection = DriverManager.getConnection(JDBC_URL);
             Statement statement = connection.createStatement();
             ResultSet source = statement.executeQuery(
                     "SELECT 1::int8 AS id, 'x'::varchar(10) AS name, now() AS __wt_extra")) {
            ResultSetMetaData sourceMeta = source.getMetaData();
            MaterializedResultSet copy = copyColumns(source, statement, 2);
            ResultSetMetaData meta = copy.getMetaData();
            assertThat(meta.getColumnCount()).isEqualTo(2);
            for (int column = 1; column <= 2; column++) {
                assertThat(meta.getColumnLabel(column)).isEqualTo(sourceMeta.getColumnLabel(column));
                assertThat(meta.getColumnName(column)).isEqualTo(sourceMeta.getColumnName(column));
                assertThat(meta.getColumnType(column)).isEqualTo(sourceMeta.getColumnType(column));
                assertThat(meta.getColumnTypeName(column)).isEqualTo(sourceMeta.getColumnTypeName(column));
                assertThat(meta.getColumnClassName(column)).isEqualTo(sourceMeta.getColumnClassName(column));
                assertThat(meta.getPrecision(column)).isEqualTo(sourceMeta.getPrecision(column));
                assertThat(meta.getColumnDisplaySize(column)).isEqualTo(sourceMeta.getColumnDisplaySize(column));
                assertThat(meta.isNullable(column)).isEqualTo(sourceMeta.isNullable(column));
            }
            for (int column : new int[] {0, 3}) {
                assertThatThrownBy(() -> meta.getColumnLabel(column)).isInstanceOf(SQLException.class)
                        .hasMessage("The column index is out of range: " + column + ", number of columns: 2.")
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
            }
            assertThat(meta.isWrapperFor(ResultSetMetaData.class)).isTrue();
            assertThatThrownBy(() -> meta.unwrap(org.postgresql.PGResultSetMetaData.class))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void outOfRangeIndexAndMissingRowFailAsInPgjdbc() throws Exception {
        try (Connection connection = DriverManager.getConnection(JDBC_URL);
             Statement statement = connection.createStatement()) {
            String query = "SELECT 1 AS a, 'b' AS b";
            MaterializedResultSet copy;
            try (ResultSet source = statement.executeQuery(query)) {
                copy = copyAll(source, statement);
            }
            try (ResultSet reference = statement.executeQuery(query)) {
                assertSameFailure(() -> reference.getString(1), () -> copy.getString(1), "24000");
                assertThat(copy.next()).isEqualTo(reference.next());
                assertSameFailure(() -> reference.getString(5), () -> copy.getString(5), "22023");
                assertSameFailure(() -> reference.getInt(0), () -> copy.getInt(0), "22023");
                assertThatThrownBy(() -> copy.getString(5))
                        .hasMessage("The column index is out of range: 5, number of columns: 2.");
                assertThat(copy.next()).isEqualTo(reference.next());
                assertSameFailure(() -> reference.getObject(1), () -> copy.getObject(1), "24000");
                assertSameFailure(() -> reference.getTimestamp("a"), () -> copy.getTimestamp("a"), "24000");
            }
        }
    }

    @Test
    void everyMethodOfAClosedResultSetFailsClearly() throws Exception {
        MaterializedResultSet copy = sampleOfOneRow();
        assertThat(copy.next()).isTrue();
        copy.close();
        copy.close();
        assertThat(copy.isClosed()).isTrue();
        int checked = 0;
        for (Method method : ResultSet.class.getMethods()) {
            String name = method.getName();
            if (Modifier.isStatic(method.getModifiers()) || name.equals("close") || name.equals("isClosed")
                    || name.startsWith("update") || name.equals("unwrap") || name.equals("isWrapperFor")
                    || READ_ONLY_ROW_METHODS.contains(name)) {
                continue;
            }
            Throwable thrown = invoke(copy, method);
            assertThat(thrown).as(method.toString()).isInstanceOf(SQLException.class)
                    .hasMessage("This ResultSet is closed.");
            assertThat(((SQLException) thrown).getSQLState()).as(method.toString()).isEqualTo("55000");
            checked++;
        }
        assertThat(checked).isGreaterThan(90);
    }

    private static final Set<String> READ_ONLY_ROW_METHODS = Set.of("insertRow", "updateRow", "deleteRow",
            "refreshRow", "cancelRowUpdates", "moveToInsertRow", "moveToCurrentRow");

    @Test
    void everyUpdateMethodRefusesBecauseTheCopyIsReadOnly() throws Exception {
        MaterializedResultSet copy = sampleOfOneRow();
        assertThat(copy.next()).isTrue();
        int checked = 0;
        for (Method method : ResultSet.class.getMethods()) {
            if (!method.getName().startsWith("update") && !READ_ONLY_ROW_METHODS.contains(method.getName())) {
                continue;
            }
            Throwable thrown = invoke(copy, method);
            assertThat(thrown).as(method.toString()).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessage("ResultSet is read-only");
            checked++;
        }
        assertThat(checked).isEqualTo(93);
        assertThat(copy.rowUpdated()).isFalse();
        assertThat(copy.rowInserted()).isFalse();
        assertThat(copy.rowDeleted()).isFalse();
        assertThat(copy.getConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
        assertThat(copy.getInt(1)).as("still readable").isEqualTo(1);
    }

    @Test
    void everyResultSetMethodIsImplementedHereNotInheritedFromAnInterfaceDefault() throws Exception {
        for (Method method : ResultSet.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Method implementation = MaterializedResultSet.class.getMethod(method.getName(), method.getParameterTypes());
            assertThat(implementation.getDeclaringClass()).as(method.toString()).isEqualTo(MaterializedResultSet.class);
        }
    }

    @Test
    void reportsForwardOnlyByDefaultAndTheBuildersTypeOnRequest() throws Exception {
        try (Connection connection = DriverManager.getConnection(JDBC_URL);
             Statement statement = connection.createStatement();
             ResultSet source = statement.executeQuery("SELECT 1")) {
            MaterializedResultSet.Builder builder = MaterializedResultSet.builder(source.getMetaData(), 1);
            assertThat(builder.build(statement).getType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
            assertThat(builder.reportedType(ResultSet.TYPE_SCROLL_INSENSITIVE).build(statement).getType())
                    .isEqualTo(ResultSet.TYPE_SCROLL_INSENSITIVE);
            assertThatThrownBy(() -> builder.reportedType(42)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("42");
            assertThatThrownBy(() -> MaterializedResultSet.builder(source.getMetaData(), 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("columnCount 2 is outside 0..1");
            assertThatThrownBy(() -> MaterializedResultSet.builder(source.getMetaData(), -1))
                    .isInstanceOf(IllegalArgumentException.class);
            MaterializedResultSet copy = builder.build(statement);
            assertThat(copy.getStatement()).isSameAs(statement);
            assertThatThrownBy(copy::getHoldability).as("as in pgjdbc")
                    .isInstanceOf(SQLFeatureNotSupportedException.class);
            assertThat(copy.getCursorName()).as("pgjdbc's answer").isNull();
            copy.setFetchSize(10);
            assertThat(copy.getFetchSize()).isEqualTo(10);
            assertThatThrownBy(() -> copy.setFetchSize(-1)).extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("22023");
            copy.setFetchDirection(ResultSet.FETCH_REVERSE);
            assertThat(copy.getFetchDirection()).isEqualTo(ResultSet.FETCH_REVERSE);
            assertThatThrownBy(() -> copy.setFetchDirection(7)).extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("22023");
            assertThat((Object) copy.getWarnings()).isNull();
            copy.clearWarnings();
        }
    }

    @Test
    void emptyLooksLikePgjdbcsGeneratedKeysWhenNoneWereRequested() throws Exception {
        try (Connection connection = DriverManager.getConnection(JDBC_URL);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE mrs_keys (id serial PRIMARY KEY, name text)");
            statement.executeUpdate("INSERT INTO mrs_keys (name) VALUES ('a')");
            MaterializedResultSet empty = MaterializedResultSet.empty(statement);
            try (ResultSet reference = statement.getGeneratedKeys()) {
                assertThat(empty.getMetaData().getColumnCount()).isEqualTo(reference.getMetaData().getColumnCount())
                        .isZero();
                assertThat(empty.getType()).isEqualTo(reference.getType());
                assertThat(empty.getConcurrency()).isEqualTo(reference.getConcurrency());
                assertThat(empty.isBeforeFirst()).isEqualTo(reference.isBeforeFirst());
                assertThat(empty.getRow()).isEqualTo(reference.getRow());
                assertThat(empty.next()).isEqualTo(reference.next()).isFalse();
                assertThat(empty.isAfterLast()).isEqualTo(reference.isAfterLast());
                assertSameFailure(() -> reference.getString(1), () -> empty.getString(1), "24000");
            }
            assertThat(empty.getStatement()).isSameAs(statement);
        }
    }

    @Test
    void copiesGeneratedKeysAndTheApplicationsOwnReturningRows() throws Exception {
        try (Connection connection = DriverManager.getConnection(JDBC_URL)) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TEMP TABLE mrs_users (id serial PRIMARY KEY, name text NOT NULL,"
                        + " created timestamptz NOT NULL DEFAULT now())");
            }
            MaterializedResultSet keys;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO mrs_users (name) VALUES (?), (?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, "ann");
                insert.setString(2, "bob");
                assertThat(insert.executeUpdate()).isEqualTo(2);
                try (ResultSet generated = insert.getGeneratedKeys()) {
                    keys = copyAll(generated, insert);
                }
            }
            List<List<Object>> stored = new ArrayList<>();
            try (Statement query = connection.createStatement();
                 ResultSet rows = query.executeQuery("SELECT id, name, created FROM mrs_users ORDER BY id")) {
                while (rows.next()) {
                    stored.add(List.of(rows.getObject(1), rows.getObject(2), rows.getObject(3)));
                }
            }
            for (List<Object> row : stored) {
                assertThat(keys.next()).isTrue();
                assertThat(List.of(keys.getObject("id"), keys.getObject("name"), keys.getObject("created")))
                        .isEqualTo(row);
            }
            assertThat(keys.next()).isFalse();

            try (PreparedStatement returning = connection.prepareStatement(
                    "INSERT INTO mrs_users (name) VALUES (?) RETURNING id, name, id * 10 AS __wt_extra")) {
                returning.setString(1, "cy");
                try (ResultSet own = returning.executeQuery()) {
                    MaterializedResultSet copy = copyColumns(own, returning, 2);
                    assertThat(copy.isBeforeFirst()).isTrue();
                    assertThat(copy.next()).isTrue();
                    assertThat(copy.getInt("id")).isEqualTo(3);
                    assertThat(copy.getLong(1)).isEqualTo(3L);
                    assertThat(copy.getString("name")).isEqualTo("cy");
                    assertThat(copy.getMetaData().getColumnCount()).isEqualTo(2);
                    assertThatThrownBy(() -> copy.getInt(3)).hasMessage(
                            "The column index is out of range: 3, number of columns: 2.");
                    assertThat(copy.next()).isFalse();
                }
            }
        }
    }

    @Test
    void valuesHandedOutCannotChangeTheCopy() throws Exception {
        try (Connection connection = DriverManager.getConnection(JDBC_URL);
             Statement statement = connection.createStatement();
             ResultSet source = statement.executeQuery("SELECT '\\x0102'::bytea, '2024-01-02 03:04:05'::timestamp,"
                     + " '{\"a\": 1}'::jsonb")) {
            MaterializedResultSet copy = copyAll(source, statement);
            assertThat(copy.next()).isTrue();
            ((byte[]) copy.getObject(1))[0] = 9;
            copy.getBytes(1)[1] = 9;
            ((Timestamp) copy.getObject(2)).setNanos(5);
            ((PGobject) copy.getObject(3)).setValue("{}");
            copy.getObject(3, PGobject.class).setValue("[]");
            assertThat(copy.getBytes(1)).containsExactly(1, 2);
            assertThat(((Timestamp) copy.getObject(2)).getNanos()).isZero();
            assertThat(copy.getObject(3)).hasToString("{\"a\": 1}");
        }
    }

    @Test
    void largeObjectAndXmlGettersAreNotSupportedButReadNullAsNull() throws Exception {
        MaterializedResultSet copy = sampleOfOneRow();
        assertThat(copy.next()).isTrue();
        for (ThrowingCall call : List.<ThrowingCall>of(() -> copy.getBlob(1), () -> copy.getClob(1),
                () -> copy.getSQLXML(1), () -> copy.getNClob(1), () -> copy.getRowId(1), () -> copy.getRef(1),
                () -> copy.getURL(1), () -> copy.getNString(1), () -> copy.getNCharacterStream(1))) {
            assertThatThrownBy(call::call).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("0A000");
        }
        assertThat(copy.getBlob(2)).isNull();
        assertThat(copy.getClob(2)).isNull();
        assertThat(copy.getSQLXML(2)).isNull();
        assertThat(copy.wasNull()).isTrue();
    }

    @Test
    void unwrapsToItselfOnly() throws Exception {
        MaterializedResultSet copy = sampleOfOneRow();
        assertThat(copy.unwrap(ResultSet.class)).isSameAs(copy);
        assertThat(copy.unwrap(MaterializedResultSet.class)).isSameAs(copy);
        assertThat(copy.isWrapperFor(ResultSet.class)).isTrue();
        assertThat(copy.isWrapperFor(org.postgresql.PGResultSetMetaData.class)).isFalse();
        assertThatThrownBy(() -> copy.unwrap(org.postgresql.jdbc.PgResultSet.class)).isInstanceOf(SQLException.class)
                .hasMessageContaining("PgResultSet");
    }

    @Test
    void numbersInTextConvertLikePgjdbcWithItsMessages() throws Exception {
        MaterializedResultSet copy;
        try (Connection connection = DriverManager.getConnection(JDBC_URL);
             Statement statement = connection.createStatement();
             ResultSet source = statement.executeQuery("SELECT 42::numeric, 'abc'::text, 7::int4, NULL::int4,"
                     + " 'x'::text")) {
            copy = copyAll(source, statement);
        }
        assertThat(copy.next()).isTrue();
        assertThat(copy.getInt(1)).isEqualTo(42);
        assertThat(copy.getLong(3)).isEqualTo(7L);
        assertThatThrownBy(() -> copy.getInt(2)).isInstanceOf(SQLException.class)
                .hasMessage("Bad value for type int : abc")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22003");
        assertThat(copy.getInt(4)).isZero();
        assertThat(copy.wasNull()).isTrue();
        assertThat(copy.getBoolean(4)).isFalse();
        assertThat(copy.getObject(4)).isNull();
        assertThat(copy.getString(5)).isEqualTo("x");
        assertThat(copy.wasNull()).isFalse();
        assertThatThrownBy(() -> copy.getObject(3, Long.class)).isInstanceOf(SQLException.class)
                .hasMessage("conversion to class java.lang.Long from INTEGER not supported (column 3, \"int4\")")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
    }

    @Test
    void pgObjectsAreBuiltAsPgjdbcBuildsThemEvenForNullAndPlainColumns() throws Exception {
        try (Connection connection = DriverManager.getConnection(JDBC_URL);
             Statement statement = connection.createStatement()) {
            String query = "SELECT NULL::jsonb AS doc, true AS flag, '1 day'::interval AS span, '{}'::jsonb AS empty";
            MaterializedResultSet copy;
            try (ResultSet source = statement.executeQuery(query)) {
                copy = copyAll(source, statement);
            }
            try (ResultSet reference = statement.executeQuery(query)) {
                assertThat(reference.next()).isTrue();
                assertThat(copy.next()).isTrue();
                for (int column = 1; column <= 4; column++) {
                    PGobject expected = reference.getObject(column, PGobject.class);
                    PGobject actual = copy.getObject(column, PGobject.class);
                    assertThat(actual.getClass()).isEqualTo(expected.getClass());
                    assertThat(actual.getType()).as("type of column %d", column).isEqualTo(expected.getType());
                    assertThat(actual.getValue()).as("value of column %d", column).isEqualTo(expected.getValue());
                    assertThat(copy.wasNull()).isEqualTo(reference.wasNull());
                }
                assertThat(copy.getObject(1, PGobject.class).getType()).isEqualTo("jsonb");
                assertThat(copy.getObject(3, org.postgresql.util.PGInterval.class).getDays()).isEqualTo(1);
                assertThatThrownBy(() -> copy.getObject(4, org.postgresql.util.PGInterval.class))
                        .as("pgjdbc: ClassCastException").isInstanceOf(SQLException.class);
            }
        }
    }

    // ----- the comparison -----

    private static final class Comparison {
        final List<String> mismatches = new ArrayList<>();
        int rows;
        int values;
        int errors;
    }

    private interface Getter {
        Object get(ResultSet rs, int column, String label) throws Exception;
    }

    private interface ThrowingCall {
        Object call() throws Exception;
    }

    private record Probe(String name, Getter getter, boolean onlyForInet) {
    }

    /**
     * Copies the query's rows as pgjdbc returns them with the given transfer, then compares every getter with
     * pgjdbc's result set over the same rows. The copy answers as pgjdbc's text format does; in binary transfer
     * an answer must equal pgjdbc's binary answer or, where pgjdbc's two formats disagree with each other, its
     * text-format answer (read from a third, text-format result set).
     */
    private static Comparison compareQuery(Connection connection, Transfer transfer, String query) throws Exception {
        MaterializedResultSet copy;
        try (PreparedStatement first = prepare(connection, transfer, query);
             ResultSet source = first.executeQuery()) {
            copy = copyAll(source, first);
        }
        try (PreparedStatement second = prepare(connection, transfer, query);
             ResultSet reference = second.executeQuery();
             PreparedStatement third = prepare(connection, Transfer.TEXT, query);
             ResultSet textReference = third.executeQuery()) {
            return compareEveryGetter(reference, transfer == Transfer.TEXT ? null : textReference, copy);
        }
    }

    private static PreparedStatement prepare(Connection connection, Transfer transfer, String query)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(query);
        statement.unwrap(PGStatement.class).setPrepareThreshold(transfer.prepareThreshold);
        return statement;
    }

    private static Comparison compareEveryGetter(ResultSet reference, ResultSet textReference, ResultSet copy)
            throws Exception {
        boolean textTransfer = textReference == null;
        Comparison comparison = new Comparison();
        ResultSetMetaData meta = reference.getMetaData();
        List<Probe> probes = probes();
        while (reference.next()) {
            assertThat(copy.next()).as("copy has row %d", comparison.rows + 1).isTrue();
            assertThat(textTransfer || textReference.next()).isTrue();
            comparison.rows++;
            for (int column = 1; column <= meta.getColumnCount(); column++) {
                String label = meta.getColumnLabel(column);
                for (Probe probe : probes) {
                    if (probe.onlyForInet && !"addr".equals(label)) {
                        continue;
                    }
                    String expected = outcome(reference, probe, column, label, textTransfer);
                    String actual = outcome(copy, probe, column, label, textTransfer);
                    if (expected.startsWith("runtime ")) {
                        // pgjdbc failed outside the JDBC contract (e.g. ClassCastException); any exception will do.
                        if (!actual.startsWith("SQLException")) {
                            comparison.mismatches.add(describe(comparison.rows, label, probe, expected, actual));
                        }
                        comparison.errors++;
                    } else if (!expected.equals(actual) && !knownDifference(probe, expected, actual)
                            && !(textReference != null && (textFormatAnswer(textReference, probe, column, label, actual)
                                    || binaryTransferDifference(probe, meta.getColumnType(column))))) {
                        comparison.mismatches.add(describe(comparison.rows, label, probe, expected, actual));
                    } else if (expected.startsWith("SQLException")) {
                        comparison.errors++;
                    } else {
                        comparison.values++;
                    }
                }
            }
        }
        assertThat(copy.next()).as("copy has no extra row").isFalse();
        return comparison;
    }

    /**
     * pgjdbc's {@code getArray} of a column that is not an array returns an {@code Array} that fails on first use;
     * the copy fails at once.
     */
    private static boolean knownDifference(Probe probe, String expected, String actual) {
        return probe.name.startsWith("getArray") && expected.startsWith("SQLException")
                && actual.startsWith("SQLException[42821]");
    }

    /**
     * Cross-type getters whose answer in binary transfer cannot be reproduced from what the copy keeps, and need
     * not be: pgjdbc's binary {@code getBytes} of a non-{@code bytea} is the raw wire encoding; its
     * {@code getObject(i, PGobject.class)} of a binary value carries a null value; its {@code getDate/Time/
     * Timestamp} of a number refuse, where the copy parses the number's text as pgjdbc's text format does (its
     * binary {@code getString} prints numbers and arrays differently from PostgreSQL, e.g. {@code 1.0E300}).
     */
    private static boolean binaryTransferDifference(Probe probe, int sqlType) {
        String name = probe.name.replace(" by label", "");
        boolean bytea = sqlType == Types.BINARY || sqlType == Types.VARBINARY || sqlType == Types.LONGVARBINARY;
        boolean temporal = sqlType == Types.DATE || sqlType == Types.TIME || sqlType == Types.TIMESTAMP;
        return ((name.equals("getBytes") || name.equals("getBinaryStream")) && !bytea)
                || name.startsWith("getObject(PG")
                || (!temporal && name.matches("get(Date|Time|Timestamp)( in .*)?"));
    }

    /**
     * Whether the copy's answer is what pgjdbc's text format answers. Not accepted for {@code getObject}, which
     * the copy captured and must return as pgjdbc did in the transfer it used.
     */
    private static boolean textFormatAnswer(ResultSet textReference, Probe probe, int column, String label,
                                            String actual) {
        if (probe.name.equals("getObject") || probe.name.equals("getObject by label")) {
            return false;
        }
        String text = outcome(textReference, probe, column, label, false);
        return text.equals(actual) || knownDifference(probe, text, actual)
                || (text.startsWith("runtime ") && actual.startsWith("SQLException"));
    }

    private static String describe(int row, String label, Probe probe, String expected, String actual) {
        return "row " + row + ", column " + label + ", " + probe.name + ": pgjdbc " + expected + " | copy " + actual;
    }

    private static String outcome(ResultSet rs, Probe probe, int column, String label, boolean withMessages) {
        try {
            Object value = probe.getter.get(rs, column, label);
            return canonical(value) + " wasNull=" + rs.wasNull();
        } catch (SQLException e) {
            String state = e.getSQLState();
            boolean message = withMessages && STATES_WITH_PGJDBC_MESSAGES.contains(state);
            return "SQLException[" + state + "]" + (message ? " " + e.getMessage() : "")
                    + (e instanceof SQLFeatureNotSupportedException ? " (not supported)" : "");
        } catch (Exception e) {
            return "runtime " + e;
        }
    }

    private static String canonical(Object value) throws Exception {
        if (value == null) {
            return "null";
        }
        if (value instanceof byte[]) {
            return "byte[] " + HexFormat.of().formatHex((byte[]) value);
        }
        if (value instanceof InputStream) {
            try (InputStream in = (InputStream) value) {
                return "stream " + HexFormat.of().formatHex(in.readAllBytes());
            }
        }
        if (value instanceof Reader) {
            StringWriter text = new StringWriter();
            try (Reader in = (Reader) value) {
                in.transferTo(text);
            }
            return "reader " + text;
        }
        if (value instanceof Array) {
            Array array = (Array) value;
            return "array " + array.getBaseTypeName() + " " + Arrays.deepToString((Object[]) array.getArray());
        }
        if (value instanceof Calendar) {
            Calendar calendar = (Calendar) value;
            return "Calendar " + calendar.getTimeZone().getID() + " " + calendar.getTimeInMillis();
        }
        if (value instanceof Timestamp) {
            Timestamp timestamp = (Timestamp) value;
            return "Timestamp " + timestamp.getTime() + " nanos " + timestamp.getNanos() + " (" + timestamp + ")";
        }
        if (value instanceof PGobject) {
            PGobject object = (PGobject) value;
            return value.getClass().getName() + " " + object.getType() + " " + object.getValue();
        }
        if (value instanceof java.util.Date) {
            return value.getClass().getSimpleName() + " " + ((java.util.Date) value).getTime() + " (" + value + ")";
        }
        return value.getClass().getName() + " " + value;
    }

    private static List<Probe> probes() {
        List<Probe> probes = new ArrayList<>();
        both(probes, "getString", (rs, c, l) -> rs.getString(c), (rs, c, l) -> rs.getString(l));
        both(probes, "getObject", (rs, c, l) -> rs.getObject(c), (rs, c, l) -> rs.getObject(l));
        both(probes, "getBoolean", (rs, c, l) -> rs.getBoolean(c), (rs, c, l) -> rs.getBoolean(l));
        both(probes, "getByte", (rs, c, l) -> rs.getByte(c), (rs, c, l) -> rs.getByte(l));
        both(probes, "getShort", (rs, c, l) -> rs.getShort(c), (rs, c, l) -> rs.getShort(l));
        both(probes, "getInt", (rs, c, l) -> rs.getInt(c), (rs, c, l) -> rs.getInt(l));
        both(probes, "getLong", (rs, c, l) -> rs.getLong(c), (rs, c, l) -> rs.getLong(l));
        both(probes, "getFloat", (rs, c, l) -> rs.getFloat(c), (rs, c, l) -> rs.getFloat(l));
        both(probes, "getDouble", (rs, c, l) -> rs.getDouble(c), (rs, c, l) -> rs.getDouble(l));
        both(probes, "getBigDecimal", (rs, c, l) -> rs.getBigDecimal(c), (rs, c, l) -> rs.getBigDecimal(l));
        both(probes, "getBigDecimal(scale 1)", MaterializedResultSetTest::bigDecimalScaleOne,
                (rs, c, l) -> bigDecimalScaleOne(rs, rs.findColumn(l), l));
        both(probes, "getBytes", (rs, c, l) -> rs.getBytes(c), (rs, c, l) -> rs.getBytes(l));
        both(probes, "getDate", (rs, c, l) -> rs.getDate(c), (rs, c, l) -> rs.getDate(l));
        both(probes, "getTime", (rs, c, l) -> rs.getTime(c), (rs, c, l) -> rs.getTime(l));
        both(probes, "getTimestamp", (rs, c, l) -> rs.getTimestamp(c), (rs, c, l) -> rs.getTimestamp(l));
        for (Map.Entry<String, Supplier<Calendar>> calendar : calendars().entrySet()) {
            String in = " in " + calendar.getKey();
            Supplier<Calendar> fresh = calendar.getValue();
            both(probes, "getDate" + in, (rs, c, l) -> rs.getDate(c, fresh.get()),
                    (rs, c, l) -> rs.getDate(l, fresh.get()));
            both(probes, "getTime" + in, (rs, c, l) -> rs.getTime(c, fresh.get()),
                    (rs, c, l) -> rs.getTime(l, fresh.get()));
            both(probes, "getTimestamp" + in, (rs, c, l) -> rs.getTimestamp(c, fresh.get()),
                    (rs, c, l) -> rs.getTimestamp(l, fresh.get()));
        }
        both(probes, "getAsciiStream", (rs, c, l) -> rs.getAsciiStream(c), (rs, c, l) -> rs.getAsciiStream(l));
        both(probes, "getBinaryStream", (rs, c, l) -> rs.getBinaryStream(c), (rs, c, l) -> rs.getBinaryStream(l));
        both(probes, "getCharacterStream", (rs, c, l) -> rs.getCharacterStream(c),
                (rs, c, l) -> rs.getCharacterStream(l));
        both(probes, "getUnicodeStream", MaterializedResultSetTest::unicodeStream,
                (rs, c, l) -> unicodeStream(rs, rs.findColumn(l), l));
        both(probes, "getArray", (rs, c, l) -> rs.getArray(c), (rs, c, l) -> rs.getArray(l));
        both(probes, "getObject(empty map)", (rs, c, l) -> rs.getObject(c, Map.of()),
                (rs, c, l) -> rs.getObject(l, Map.of()));
        both(probes, "getNString", (rs, c, l) -> rs.getNString(c), (rs, c, l) -> rs.getNString(l));
        both(probes, "getNCharacterStream", (rs, c, l) -> rs.getNCharacterStream(c),
                (rs, c, l) -> rs.getNCharacterStream(l));
        both(probes, "getURL", (rs, c, l) -> rs.getURL(c), (rs, c, l) -> rs.getURL(l));
        both(probes, "getRowId", (rs, c, l) -> rs.getRowId(c), (rs, c, l) -> rs.getRowId(l));
        both(probes, "getRef", (rs, c, l) -> rs.getRef(c), (rs, c, l) -> rs.getRef(l));
        for (Class<?> type : List.of(String.class, Integer.class, Long.class, Short.class, Byte.class, Float.class,
                Double.class, BigDecimal.class, BigInteger.class, Boolean.class, byte[].class, UUID.class,
                java.sql.Date.class, Time.class, Timestamp.class, Calendar.class, java.util.Date.class,
                LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetDateTime.class, OffsetTime.class,
                Array.class, PGobject.class, org.postgresql.util.PGInterval.class, Object.class, Map.class)) {
            both(probes, "getObject(" + type.getSimpleName() + ")", (rs, c, l) -> rs.getObject(c, type),
                    (rs, c, l) -> rs.getObject(l, type));
        }
        probes.add(new Probe("getObject(InetAddress)", (rs, c, l) -> rs.getObject(c, InetAddress.class), true));
        return probes;
    }

    private static void both(List<Probe> probes, String name, Getter byIndex, Getter byLabel) {
        probes.add(new Probe(name, byIndex, false));
        probes.add(new Probe(name + " by label", byLabel, false));
    }

    @SuppressWarnings("deprecation")
    private static Object bigDecimalScaleOne(ResultSet rs, int column, String label) throws SQLException {
        return rs.getBigDecimal(column, 1);
    }

    @SuppressWarnings("deprecation")
    private static Object unicodeStream(ResultSet rs, int column, String label) throws SQLException {
        return rs.getUnicodeStream(column);
    }

    /** Fresh calendars per call: pgjdbc clears and refills the calendar it is given. */
    private static Map<String, Supplier<Calendar>> calendars() {
        Map<String, Supplier<Calendar>> calendars = new LinkedHashMap<>();
        calendars.put("UTC", () -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));
        calendars.put("Pacific/Chatham", () -> Calendar.getInstance(TimeZone.getTimeZone("Pacific/Chatham")));
        calendars.put("America/St_Johns", () -> Calendar.getInstance(TimeZone.getTimeZone("America/St_Johns")));
        calendars.put("GMT+05:30", () -> Calendar.getInstance(TimeZone.getTimeZone("GMT+05:30")));
        calendars.put("a Buddhist calendar", () -> Calendar.getInstance(TimeZone.getTimeZone("Asia/Bangkok"),
                Locale.forLanguageTag("th-TH")));
        return calendars;
    }

    // ----- fixtures -----

    private static void useDefaultZone(String zone, TimeZone original) {
        TimeZone.setDefault(zone == null ? original : TimeZone.getTimeZone(zone));
    }

    private static void createSample(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_SAMPLE);
            statement.executeUpdate("INSERT INTO mrs_sample VALUES " + String.join(", ", SAMPLE_ROWS));
        }
    }

    private static MaterializedResultSet copyAll(ResultSet source, Statement owner) throws SQLException {
        return copyColumns(source, owner, source.getMetaData().getColumnCount());
    }

    private static MaterializedResultSet copyColumns(ResultSet source, Statement owner, int columnCount)
            throws SQLException {
        MaterializedResultSet.Builder builder = MaterializedResultSet.builder(source.getMetaData(), columnCount);
        int added = 0;
        while (source.next()) {
            builder.addCurrentRow(source);
            added++;
        }
        assertThat(builder.rowCount()).isEqualTo(added);
        return builder.build(owner);
    }

    private static MaterializedResultSet sampleOfOneRow() throws SQLException {
        try (Connection connection = DriverManager.getConnection(JDBC_URL);
             Statement statement = connection.createStatement();
             ResultSet source = statement.executeQuery("SELECT 1 AS a, NULL::text AS b")) {
            return copyAll(source, statement);
        }
    }

    private static Throwable invoke(Object target, Method method) {
        Object[] arguments = new Object[method.getParameterCount()];
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = dummy(types[i], i);
        }
        try {
            method.invoke(target, arguments);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static Object dummy(Class<?> type, int position) {
        if (type == int.class) {
            return 1;
        }
        if (type == String.class) {
            return position == 0 ? "a" : "x";
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == byte.class) {
            return (byte) 1;
        }
        if (type == short.class) {
            return (short) 1;
        }
        if (type == float.class) {
            return 1f;
        }
        if (type == double.class) {
            return 1d;
        }
        if (type == Class.class) {
            return String.class;
        }
        return null;
    }

    private static SQLException catchSql(ThrowingCall call) {
        try {
            call.call();
        } catch (SQLException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected an SQLException, got " + e, e);
        }
        throw new AssertionError("expected an SQLException, got none");
    }

    private static void assertSameFailure(ThrowingCall pgjdbc, ThrowingCall copy, String state) {
        SQLException expected = catchSql(pgjdbc);
        SQLException actual = catchSql(copy);
        assertThat(expected.getSQLState()).isEqualTo(state);
        assertThat(actual.getSQLState()).isEqualTo(state);
        assertThat(actual.getMessage()).isEqualTo(expected.getMessage());
    }
}
