package io.writethrough.sql;

import io.writethrough.mapping.TableMapping;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mapped tables as the SQL analysis sees them. {@code MappingConfig} implements it; {@link #of(Collection)} builds
 * one from a list of mappings. Implementations must be immutable: {@link SqlAnalyzer} reads them once.
 */
public interface MappedTables {

    /**
     * Every mapping whose table name, as stored, equals {@code storedName}: the unqualified mapping (if any) and each
     * schema-qualified one; empty when none.
     */
    List<TableMapping> tablesNamed(String storedName);

    /** The stored names (without schema) of all mapped tables. */
    Set<String> tableNames();

    /**
     * The mapping of the table the database names {@code schema.name}: the one qualified with that schema, else the
     * unqualified one (which maps the name in any schema), else null. A null {@code schema} (not known) matches only
     * an unqualified mapping, or else the first qualified one: when in doubt, the table counts as mapped.
     */
    default TableMapping mappingOf(String schema, String name) {
        TableMapping unqualified = null;
        TableMapping anyQualified = null;
        for (TableMapping mapping : tablesNamed(name)) {
            if (!mapping.table().isQualified()) {
                unqualified = mapping;
            } else if (mapping.table().schema().equals(schema)) {
                return mapping;
            } else if (anyQualified == null) {
                anyQualified = mapping;
            }
        }
        return unqualified != null || schema != null ? unqualified : anyQualified;
    }

    /** Mapped tables consisting of exactly {@code mappings}, in their order. */
    static MappedTables of(Collection<TableMapping> mappings) {
        Map<String, List<TableMapping>> byName = new LinkedHashMap<>();
        for (TableMapping mapping : mappings) {
            byName.computeIfAbsent(mapping.table().name(), name -> new ArrayList<>()).add(mapping);
        }
        Map<String, List<TableMapping>> frozen = new LinkedHashMap<>();
        byName.forEach((name, list) -> frozen.put(name, List.copyOf(list)));
        Set<String> names = Set.copyOf(frozen.keySet());
        return new MappedTables() {
            @Override
            public List<TableMapping> tablesNamed(String storedName) {
                return frozen.getOrDefault(storedName, List.of());
            }

            @Override
            public Set<String> tableNames() {
                return names;
            }
        };
    }
}
