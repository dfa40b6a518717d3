package io.writethrough.dialect.postgres;

import io.writethrough.mapping.TableName;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tables a result set's columns were read from. JDBC's {@code getSchemaName} is empty in pgjdbc, so the schema
 * comes from pgjdbc's {@code PGResultSetMetaData.getBaseSchemaName}, looked up by name as in {@link TransactionState}
 * (the driver is not compiled against pgjdbc); without it, tables are named without their schema.
 */
final class BaseTables {

    private static final Map<ClassLoader, Optional<Accessor>> ACCESSORS = new ConcurrentHashMap<>();

    private record Accessor(Class<?> metaData, MethodHandle schema, MethodHandle table) {
    }

    private BaseTables() {
    }

    static List<TableName> of(ResultSetMetaData metaData) throws SQLException {
        ClassLoader loader = metaData.getClass().getClassLoader();
        Optional<Accessor> accessor = ACCESSORS.computeIfAbsent(
                loader == null ? ClassLoader.getPlatformClassLoader() : loader, BaseTables::accessor);
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

    private static Optional<Accessor> accessor(ClassLoader loader) {
        try {
            Class<?> type = Class.forName("org.postgresql.PGResultSetMetaData", false, loader);
            MethodType byColumn = MethodType.methodType(String.class, int.class);
            MethodType generic = MethodType.methodType(Object.class, Object.class, int.class);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            return Optional.of(new Accessor(type, lookup.findVirtual(type, "getBaseSchemaName", byColumn).asType(generic),
                    lookup.findVirtual(type, "getBaseTableName", byColumn).asType(generic)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
