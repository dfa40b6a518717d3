package io.writethrough.dialect.postgres;

import io.writethrough.dialect.WriteReach;
import io.writethrough.mapping.KeyTemplate;
import io.writethrough.mapping.TableMapping;
import io.writethrough.mapping.TableName;
import io.writethrough.mapping.ValueFormat;
import io.writethrough.sql.Analysis;
import io.writethrough.sql.AnalyzedStatement;
import io.writethrough.sql.MappedTables;
import io.writethrough.sql.PlanCache;
import io.writethrough.sql.SqlAnalyzer;
import io.writethrough.sql.Operation;
import io.writethrough.sql.WriteCues;
import io.writethrough.sql.WritePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A database's {@link WriteReach}, as {@link WriteReachCatalog} read it: the names of functions that may write a
 * mapped table, the tables from which a write may reach one, the foreign-key actions between tables, and the oids of
 * the mapped tables (and their partitions) whose counters {@code pg_stat_xact_user_tables} keeps.
 */
final class CatalogWriteReach implements WriteReach {

    /** How deep a chain of {@code ON DELETE CASCADE} is followed to the mapped tables it reaches. */
    static final int MAX_CASCADE_DEPTH = 8;

    /** Plans whose reads are kept (the plan cache's plans are shared, so this is a handful in practice). */
    private static final int MAX_PLANS = 1000;

    private static final String COUNTERS = "SELECT relid, n_tup_ins + n_tup_upd + n_tup_del "
            + "FROM pg_catalog.pg_stat_xact_user_tables WHERE relid::bigint = ANY(?)";

    /** One foreign key with an action: {@code child(childColumns)} references {@code parent(parentColumns)}. */
    record ForeignKey(String parentSchema, String parent, List<String> parentColumns, String childSchema, String child,
            List<String> childColumns, char onDelete, char onUpdate) {

        static boolean acts(char action) {
            return action == 'c' || action == 'n' || action == 'd';
        }
    }

    private final Set<String> writingFunctions;
    private final Set<String> reachingTables;
    private final List<ForeignKey> foreignKeys;
    private final MappedTables mappings;
    /** Mapped tables and their partitions: oid to the mapped table's name. */
    private final Map<Long, String> watched;
    /** Per name of a table below mapped tables (a partition, an inheritance child): those mapped tables' names. */
    private final Map<String, Set<String>> above;
    /** Per plan: the plan made to return what its foreign-key actions reach. */
    private final ConcurrentHashMap<WritePlan, WritePlan> plans = new ConcurrentHashMap<>();
    /** Unmapped tables whose delete actions reach a mapped table: the columns their first such key references. */
    private final Map<String, List<String>> unmappedParents = new HashMap<>();
    /** Per SQL text: the plan {@link #foreignKeyParentPlan} made, or none. */
    private final ConcurrentHashMap<String, Optional<WritePlan>> parentPlans = new ConcurrentHashMap<>();

    CatalogWriteReach(Set<String> writingFunctions, Set<String> reachingTables, List<ForeignKey> foreignKeys,
            MappedTables mappings, Map<Long, String> watched, Map<String, Set<String>> above) {
        Map<String, Set<String>> copy = new HashMap<>();
        above.forEach((table, mapped) -> copy.put(table, Set.copyOf(mapped)));
        this.above = Map.copyOf(copy);
        this.writingFunctions = Set.copyOf(writingFunctions);
        this.reachingTables = Set.copyOf(reachingTables);
        this.foreignKeys = List.copyOf(foreignKeys);
        this.mappings = mappings;
        this.watched = Map.copyOf(watched);
        for (ForeignKey key : this.foreignKeys) {
            if (mappings.mappingOf(key.parentSchema(), key.parent()) == null && reachesMapped(key, 1)) {
                unmappedParents.putIfAbsent(key.parent(), key.parentColumns());
            }
        }
    }

    /** True when the rows {@code key}'s delete action writes are mapped, or its cascade reaches mapped rows. */
    private boolean reachesMapped(ForeignKey key, int depth) {
        if (!ForeignKey.acts(key.onDelete())) {
            return false;
        }
        if (mappings.mappingOf(key.childSchema(), key.child()) != null) {
            return true;
        }
        if (key.onDelete() != 'c' || depth >= MAX_CASCADE_DEPTH) {
            return false;
        }
        for (ForeignKey next : foreignKeys) {
            if (next.parent().equals(key.child()) && next.parentSchema().equals(key.childSchema())
                    && reachesMapped(next, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return writingFunctions.isEmpty() && reachingTables.isEmpty();
    }

    @Override
    public Set<String> mappedAbove(String table) {
        return above.getOrDefault(table, Set.of());
    }

    @Override
    public boolean mayWriteUnseen(WriteCues cues) {
        return cues.callsAny(writingFunctions) || cues.writesAny(reachingTables);
    }

    @Override
    public Map<String, Long> counters(Connection real) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        for (String name : watched.values()) {
            counts.put(name, 0L);
        }
        try (PreparedStatement query = real.prepareStatement(COUNTERS)) {
            query.setArray(1, real.createArrayOf("int8", watched.keySet().toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    counts.merge(watched.get(rs.getLong(1)), rs.getLong(2), Long::sum);
                }
            }
        }
        return counts;
    }

    @Override
    public WritePlan cascading(WritePlan plan) {
        if (foreignKeys.isEmpty() || plan.extraColumns() > 0
                || !(plan.operation() == Operation.DELETE || plan.keyChange())) {
            return plan;
        }
        WritePlan known = plans.get(plan);
        if (known == null) {
            if (plans.size() > MAX_PLANS) {
                plans.clear();
            }
            known = plan.withExtraColumns(readsOf(plan));
            plans.put(plan, known);
        }
        return known;
    }

    private List<String> readsOf(WritePlan plan) {
        List<String> found = new ArrayList<>();
        boolean delete = plan.operation() == Operation.DELETE;
        for (ForeignKey key : foreignKeys) {
            if (!key.parent().equals(plan.target().name())
                    || plan.target().isQualified() && !plan.target().schema().equals(key.parentSchema())) {
                continue;
            }
            String correlation = correlation(plan, key, delete);
            if (correlation != null && ForeignKey.acts(delete ? key.onDelete() : key.onUpdate())) {
                List<ForeignKey> path = new ArrayList<>();
                path.add(key);
                follow(path, correlation, delete, found, new HashSet<>());
            }
        }
        return List.copyOf(found);
    }

    @Override
    public WritePlan foreignKeyParentPlan(AnalyzedStatement statement) {
        if (unmappedParents.isEmpty() || !statement.cues().writesAny(unmappedParents.keySet())) {
            return null;
        }
        Optional<WritePlan> known = parentPlans.get(statement.sql());
        if (known == null) {
            if (parentPlans.size() > MAX_PLANS) {
                parentPlans.clear();
            }
            known = Optional.ofNullable(parentPlan(statement.sql()));
            if (statement.sql().length() <= PlanCache.DEFAULT_MAX_CACHED_SQL_LENGTH) {
                parentPlans.put(statement.sql(), known);
            }
        }
        return known.orElse(null);
    }

    /**
     * The statement analysed as if each unmapped parent were mapped (by the columns its foreign key references, which
     * identify its rows): a DELETE on one becomes a plan that writes no entries of its own but returns what its
     * actions reach; anything else (an UPDATE, a statement the analysis refuses) stays watched only.
     */
    private WritePlan parentPlan(String sql) {
        List<TableMapping> parents = new ArrayList<>();
        unmappedParents.forEach((table, columns) -> parents.add(new TableMapping(TableName.unqualified(table),
                KeyTemplate.parse("{" + String.join("}/{", columns) + "}"), null, ValueFormat.HASH, 0)));
        Analysis analysis = new SqlAnalyzer(MappedTables.of(parents)).analyze(sql);
        if (!(analysis instanceof WritePlan plan) || plan.operation() != Operation.DELETE) {
            return null;
        }
        WritePlan cascading = cascading(plan.withoutEntries());
        return cascading.extraColumns() == 0 ? null : cascading;
    }

    /** Adds a read for each mapped table the path's last foreign key reaches, and follows delete cascades deeper. */
    private void follow(List<ForeignKey> path, String correlation, boolean delete, List<String> found,
            Set<String> seen) {
        ForeignKey last = path.get(path.size() - 1);
        char action = delete ? last.onDelete() : last.onUpdate();
        TableMapping child = mappings.mappingOf(last.childSchema(), last.child());
        if (child != null) {
            found.add(expression(path, correlation, child));
        }
        if (!delete || action != 'c' || path.size() >= MAX_CASCADE_DEPTH
                || !seen.add(last.childSchema() + '.' + last.child())) {
            return;
        }
        for (ForeignKey next : foreignKeys) {
            if (next.parent().equals(last.child()) && next.parentSchema().equals(last.childSchema())
                    && ForeignKey.acts(next.onDelete())) {
                path.add(next);
                follow(path, correlation, true, found, seen);
                path.remove(path.size() - 1);
            }
        }
    }

    /**
     * How the first foreign key's columns match the written parent row: its columns for a DELETE, their old values for
     * a key change (only when the referenced columns are all key columns, whose old values the plan returns); null
     * when a key change's referenced columns are not.
     */
    private static String correlation(WritePlan plan, ForeignKey key, boolean delete) {
        StringBuilder on = new StringBuilder();
        for (int i = 0; i < key.parentColumns().size(); i++) {
            String parentValue;
            if (delete) {
                parentValue = plan.rowQualifier() + "." + quoted(key.parentColumns().get(i));
            } else {
                int old = plan.oldKeyColumnNames().indexOf(key.parentColumns().get(i));
                if (old < 0) {
                    return null;
                }
                parentValue = quoted(WritePlan.OLD_KEY_ALIAS) + "." + quoted(WritePlan.OLD_KEY_PREFIX + old);
            }
            on.append(i == 0 ? "" : " AND ").append(alias(0)).append('.').append(quoted(key.childColumns().get(i))).append(" = ")
                    .append(parentValue);
        }
        return on.toString();
    }

    /**
     * {@code (SELECT json_build_object('table', 'child', 'keys', json_agg(json_build_array(cN."k"::text, ...))) FROM
     * child cN JOIN ... JOIN first c0 ON ... WHERE c0 matches the parent row HAVING count(*) > 0)}: NULL for a parent
     * row the actions reach no row from, so that a large statement's rows carry nothing for it.
     */
    private static String expression(List<ForeignKey> path, String correlation, TableMapping child) {
        int n = path.size() - 1;
        StringBuilder keys = new StringBuilder();
        for (String column : child.key().columns()) {
            keys.append(keys.length() == 0 ? "" : ", ").append(alias(n)).append('.').append(quoted(column))
                    .append("::text");
        }
        StringBuilder sql = new StringBuilder("(SELECT pg_catalog.json_build_object('table', '")
                .append(child.table().toString().replace("'", "''"))
                .append("', 'keys', pg_catalog.json_agg(pg_catalog.json_build_array(").append(keys)
                .append("))) FROM ").append(table(path.get(n))).append(' ').append(alias(n));
        for (int level = n; level > 0; level--) {
            ForeignKey key = path.get(level);
            sql.append(" JOIN ").append(table(path.get(level - 1))).append(' ').append(alias(level - 1)).append(" ON ");
            for (int i = 0; i < key.childColumns().size(); i++) {
                sql.append(i == 0 ? "" : " AND ").append(alias(level)).append('.')
                        .append(quoted(key.childColumns().get(i))).append(" = ").append(alias(level - 1)).append('.')
                        .append(quoted(key.parentColumns().get(i)));
            }
        }
        return sql.append(" WHERE ").append(correlation).append(" HAVING count(*) > 0)").toString();
    }

    /** The alias of the path's table at {@code level}: one no application statement uses. */
    private static String alias(int level) {
        return "\"__wt_c" + level + '"';
    }

    private static String table(ForeignKey key) {
        return quoted(key.childSchema()) + "." + quoted(key.child());
    }

    @Override
    public String toString() {
        return "WriteReach[functions=" + writingFunctions + ", tables=" + reachingTables + ", foreign keys="
                + foreignKeys.size() + ", watched=" + watched.values() + "]";
    }

    static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
