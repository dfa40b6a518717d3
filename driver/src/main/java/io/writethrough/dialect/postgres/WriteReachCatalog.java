package io.writethrough.dialect.postgres;

import io.writethrough.dialect.WriteReach;
import io.writethrough.mapping.TableMapping;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a database's {@link WriteReach} from its catalog, and keeps it per database for {@link #MAX_AGE_MILLIS}
 * (or until the driver runs DDL there). Three queries: functions, triggers, foreign keys with actions.
 *
 * <p>A function "may write a mapped table" when it is volatile (or a procedure) and either is written in a language
 * other than SQL and PL/pgSQL (and belongs to no extension), or its body runs dynamic SQL ({@code EXECUTE}), or
 * names a mapped table, a table from which a write reaches one, or another such function. Stable and immutable
 * functions cannot write, but one that calls such a function counts too. A table reaches a mapped table when one
 * of its enabled triggers runs such a function, or a foreign-key action leads from it to a mapped table or to a table
 * that reaches one. Names are compared the way PostgreSQL folds them, and a body's words in lower case: a name
 * shared with something harmless only costs a statement the two counter readings.
 */
final class WriteReachCatalog {

    /** How long a database's reach is trusted before it is read again (DDL from other clients). */
    static final long MAX_AGE_MILLIS = 30_000;

    private static final String FUNCTIONS = """
            SELECT p.proname::text, p.prokind = 'p' OR p.provolatile = 'v', l.lanname::text,
                   EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::regclass
                           AND d.objid = p.oid AND d.deptype = 'e'),
                   CASE WHEN coalesce(p.prosrc, '') = '' AND p.prokind IN ('f', 'p')
                        THEN pg_catalog.pg_get_functiondef(p.oid) ELSE p.prosrc END
            FROM pg_catalog.pg_proc p
            JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            JOIN pg_catalog.pg_language l ON l.oid = p.prolang
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND p.prokind IN ('f', 'p')
            """;
    private static final String TRIGGERS = """
            SELECT n.nspname::text, c.relname::text, p.proname::text
            FROM pg_catalog.pg_trigger t
            JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
            WHERE NOT t.tgisinternal AND t.tgenabled <> 'D'
            """;
    private static final String FOREIGN_KEYS = """
            SELECT pn.nspname::text, pc.relname::text,
                   ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS u(n, i)
                         JOIN pg_catalog.pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i),
                   cn.nspname::text, cc.relname::text,
                   ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS u(n, i)
                         JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i),
                   k.confdeltype::text, k.confupdtype::text
            FROM pg_catalog.pg_constraint k
            JOIN pg_catalog.pg_class pc ON pc.oid = k.confrelid
            JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
            JOIN pg_catalog.pg_class cc ON cc.oid = k.conrelid
            JOIN pg_catalog.pg_namespace cn ON cn.oid = cc.relnamespace
            WHERE k.contype = 'f' AND (k.confdeltype IN ('c', 'n', 'd') OR k.confupdtype IN ('c', 'n', 'd'))
              AND k.conparentid = 0
            """;
    /** Mapped-name tables, a partitioned one as its leaf partitions (which hold its rows and its counters). */
    private static final String TABLES = """
            SELECT coalesce(t.relid, c.oid)::bigint, n.nspname::text, c.relname::text
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN LATERAL pg_catalog.pg_partition_tree(c.oid) t ON c.relkind = 'p' AND t.isleaf
            WHERE c.relkind IN ('r', 'p') AND c.relname = ANY(?)
            """;
    private static final Pattern WORD = Pattern.compile("\"((?:[^\"]|\"\")+)\"|[\\p{L}_][\\p{L}\\p{N}_$]*");

    private record Known(CatalogWriteReach reach, long readAt) {
    }

    private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();

    WriteReach reach(Connection real, String database, List<TableMapping> mappings) throws SQLException {
        Known cached = known.get(database);
        long now = System.currentTimeMillis();
        if (cached != null && now - cached.readAt() < MAX_AGE_MILLIS) {
            return cached.reach().isEmpty() ? WriteReach.NONE : cached.reach();
        }
        CatalogWriteReach reach = read(real, mappings);
        known.put(database, new Known(reach, now));
        return reach.isEmpty() ? WriteReach.NONE : reach;
    }

    void forget(String database) {
        known.remove(database);
    }

    private static CatalogWriteReach read(Connection real, List<TableMapping> mappings) throws SQLException {
        Set<String> mappedNames = new HashSet<>();
        for (TableMapping mapping : mappings) {
            mappedNames.add(mapping.table().name());
        }
        Map<String, Set<String>> bodies = new HashMap<>();
        Set<String> writing = new HashSet<>();
        Set<String> volatileNames = new HashSet<>();
        try (Statement query = real.createStatement(); ResultSet rs = query.executeQuery(FUNCTIONS)) {
            while (rs.next()) {
                String name = rs.getString(1);
                boolean mayWrite = rs.getBoolean(2);
                String language = rs.getString(3);
                boolean extension = rs.getBoolean(4);
                Set<String> words = words(rs.getString(5));
                words.remove(name.toLowerCase(Locale.ROOT));
                bodies.merge(name, words, (a, b) -> {
                    a.addAll(b);
                    return a;
                });
                if (mayWrite) {
                    volatileNames.add(name);
                    boolean opaque = !language.equals("sql") && !language.equals("plpgsql") && !extension;
                    if (opaque || words.contains("execute")) {
                        writing.add(name);
                    }
                }
            }
        }
        Map<String, Set<String>> triggerFunctions = new HashMap<>();
        try (Statement query = real.createStatement(); ResultSet rs = query.executeQuery(TRIGGERS)) {
            while (rs.next()) {
                triggerFunctions.computeIfAbsent(rs.getString(2), t -> new HashSet<>()).add(rs.getString(3));
            }
        }
        List<CatalogWriteReach.ForeignKey> foreignKeys = new ArrayList<>();
        try (Statement query = real.createStatement(); ResultSet rs = query.executeQuery(FOREIGN_KEYS)) {
            while (rs.next()) {
                foreignKeys.add(new CatalogWriteReach.ForeignKey(rs.getString(1), rs.getString(2), names(rs.getArray(3)),
                        rs.getString(4), rs.getString(5), names(rs.getArray(6)), rs.getString(7).charAt(0),
                        rs.getString(8).charAt(0)));
            }
        }
        Set<String> reaching = new HashSet<>();
        Set<String> lowerTargets = new HashSet<>();
        for (String name : mappedNames) {
            lowerTargets.add(name.toLowerCase(Locale.ROOT));
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String, Set<String>> function : bodies.entrySet()) {
                String name = function.getKey();
                if (writing.contains(name)) {
                    continue;
                }
                Set<String> words = function.getValue();
                boolean writesTarget = volatileNames.contains(name) && anyIn(words, lowerTargets);
                if (writesTarget || anyIn(words, lowerCase(writing))) {
                    writing.add(name);
                    changed = true;
                }
            }
            for (Map.Entry<String, Set<String>> triggers : triggerFunctions.entrySet()) {
                if (!reaching.contains(triggers.getKey()) && anyIn(triggers.getValue(), writing)) {
                    changed |= reaching.add(triggers.getKey());
                }
            }
            for (CatalogWriteReach.ForeignKey key : foreignKeys) {
                if (!reaching.contains(key.parent())
                        && (mappedNames.contains(key.child()) || reaching.contains(key.child()))) {
                    changed |= reaching.add(key.parent());
                }
            }
            for (String table : reaching) {
                changed |= lowerTargets.add(table.toLowerCase(Locale.ROOT));
            }
        }
        return new CatalogWriteReach(writing, reaching, foreignKeys, mappings, watched(real, mappings, mappedNames));
    }

    /** The mapped tables and their leaf partitions: oid to the mapped table's name. */
    private static Map<Long, String> watched(Connection real, List<TableMapping> mappings, Set<String> mappedNames)
            throws SQLException {
        Map<Long, String> watched = new HashMap<>();
        try (PreparedStatement query = real.prepareStatement(TABLES)) {
            query.setArray(1, real.createArrayOf("text", mappedNames.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String schema = rs.getString(2);
                    String name = rs.getString(3);
                    for (TableMapping mapping : mappings) {
                        if (mapping.table().name().equals(name)
                                && (!mapping.table().isQualified() || mapping.table().schema().equals(schema))) {
                            watched.put(rs.getLong(1), name);
                            break;
                        }
                    }
                }
            }
        }
        return watched;
    }

    /** The identifiers a function body uses, folded to lower case (quoted ones as written, also lower-cased). */
    static Set<String> words(String body) {
        Set<String> words = new HashSet<>();
        if (body == null) {
            return words;
        }
        Matcher matcher = WORD.matcher(body);
        while (matcher.find()) {
            String quoted = matcher.group(1);
            words.add((quoted != null ? quoted.replace("\"\"", "\"") : matcher.group()).toLowerCase(Locale.ROOT));
        }
        return words;
    }

    private static List<String> names(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }

    private static boolean anyIn(Set<String> words, Set<String> names) {
        for (String name : names) {
            if (words.contains(name)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> lowerCase(Set<String> names) {
        Set<String> lower = new HashSet<>();
        for (String name : names) {
            lower.add(name.toLowerCase(Locale.ROOT));
        }
        return lower;
    }
}
