package io.writethrough.mapping;

import java.util.Objects;

/**
 * A table's name as PostgreSQL stores it (already case-folded), optionally qualified by its schema.
 *
 * @param schema the schema as stored, or {@code null} when the mapping applies to the name in any schema
 * @param name   the table name as stored
 */
public record TableName(String schema, String name) {

    public TableName {
        Objects.requireNonNull(name, "name");
    }

    public static TableName unqualified(String name) {
        return new TableName(null, name);
    }

    public boolean isQualified() {
        return schema != null;
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
