package io.writethrough.dialect.postgres;

import io.writethrough.mapping.TableName;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The tables a result set's columns were read from. JDBC's {@code getSchemaName} is empty in pgjdbc, so the schema
 * comes from pgjdbc's {@code PGResultSetMetaData.getBaseSchemaName}, looked up by name ({@link PgjdbcLookup});
 * without it, tables are named without their schema.
 */
final class BaseTables {

    private static final PgjdbcLookup<Accessor> ACCESSORS = new PgjdbcLookup<>(BaseTables::accessor);

    private record Accessor(Class<?> metaData, MethodHandle schema, MethodHandle table) {
    }

    private BaseTables() {
    }

    static List<TableName> of(ResultSetMetaData metaData) throws SQLException {
        Optional<Accessor> accessor = ACCESSORS.forClassOf(metaData);
        Object pg = accessor.isPresent() && metaData.isWrapperFor(accessor.get().metaData())
                ? metaData.unwrap(accessor.get().metaData()) : null;
        Set<TableName> tables = new LinkedHashSet<>();
        for (int column = 1; column <= metaData.getColumnCount(); column++) {
            TableName table = pg == null ? named(null, metaData.getTableName(column)) : named(
                    invoke(accessor.get().schema(), pg, column), invoke(accessor.get().table(), pg, column));
            if (table != null) {
                tables.add(table);
            }
        }
        return List.copyOf(tables);
    }

    private static TableName named(String schema, String table) {
        if (table == null || table.isEmpty()) {
            return null;
        }
        return new TableName(schema == null || schema.isEmpty() ? null : schema, table);
    }

    private static String invoke(MethodHandle method, Object metaData, int column) throws SQLException {
        try {
            return (String) method.invoke(metaData, column);
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new SQLException("writethrough: could not read the result set's base table", e);
        }
    }

    private static Accessor accessor(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> type = Class.forName("org.postgresql.PGResultSetMetaData", false, loader);
        MethodType byColumn = MethodType.methodType(String.class, int.class);
        MethodType generic = MethodType.methodType(Object.class, Object.class, int.class);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        return new Accessor(type, lookup.findVirtual(type, "getBaseSchemaName", byColumn).asType(generic),
                lookup.findVirtual(type, "getBaseTableName", byColumn).asType(generic));
    }
}
