package io.writethrough.dialect.postgres;

import io.writethrough.dialect.WriteReach;
import io.writethrough.mapping.TableMapping;
import io.writethrough.sql.MappedTables;
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
 * (or until the driver runs DDL there). Five queries: functions, triggers, foreign keys with actions, what a write to
 * a relation passes on to (its rewrite rules, a view's included; the functions of its column defaults and check
 * constraints; its partitions and inheritance children), and the tables holding mapped rows.
 *
 * <p>A function "may write a mapped table" when it is volatile (or a procedure) and either is written in a language
 * other than SQL and PL/pgSQL (and belongs to no extension), or its body runs dynamic SQL ({@code EXECUTE}), or
 * names a mapped table, a table from which a write reaches one, or another such function. Stable and immutable
 * functions cannot write, but one that calls such a function counts too. A table reaches a mapped table when:
 * one of its enabled triggers runs such a function; a foreign-key action leads from it to a mapped table or to a
 * table that reaches one; one of its enabled rewrite rules names a mapped table, a table that reaches one, or such a
 * function (a view's rule names the relations it reads, so writing an updatable view reaches its base table; a
 * {@code CREATE RULE ... DO ALSO} names what it writes); a column default or check constraint of it calls such a
 * function; or one of its partitions or inheritance children is mapped or reaches one. A table below a mapped one
 * (a partition, an inheritance child) reaches it too: its rows are the mapped table's. Names are compared the way
 * PostgreSQL folds them, and a body's words in lower case: a name shared with something harmless only costs a
 * statement the two counter readings.
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
    /**
     * Per relation, the names of what a write to it may also write: the other relations and the functions its enabled
     * rewrite rules depend on (a view's {@code SELECT} rule names the relations it reads, a {@code CREATE RULE} what
     * its actions touch), the functions its column defaults and check constraints call (an INSERT or UPDATE runs them),
     * and its partitions and inheritance children (a write to the parent writes their rows).
     */
    private static final String PASSED_ON = """
            SELECT DISTINCT c.relname::text, coalesce(t.relname::text, p.proname::text)
            FROM pg_catalog.pg_rewrite r
            JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
            LEFT JOIN pg_catalog.pg_class t ON d.refclassid = 'pg_catalog.pg_class'::regclass AND t.oid = d.refobjid
                 AND t.oid <> r.ev_class
            LEFT JOIN pg_catalog.pg_proc p ON d.refclassid = 'pg_catalog.pg_proc'::regclass AND p.oid = d.refobjid
            WHERE r.ev_enabled <> 'D' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND (t.oid IS NOT NULL OR p.oid IS NOT NULL)
            UNION
            SELECT c.relname::text, p.proname::text
            FROM pg_catalog.pg_depend d
            JOIN pg_catalog.pg_proc p ON d.refclassid = 'pg_catalog.pg_proc'::regclass AND p.oid = d.refobjid
            LEFT JOIN pg_catalog.pg_attrdef a ON d.classid = 'pg_catalog.pg_attrdef'::regclass AND a.oid = d.objid
            LEFT JOIN pg_catalog.pg_constraint k ON d.classid = 'pg_catalog.pg_constraint'::regclass AND k.oid = d.objid
                 AND k.contype = 'c'
            JOIN pg_catalog.pg_class c ON c.oid = coalesce(a.adrelid, k.conrelid)
            UNION
            SELECT p.relname::text, c.relname::text
            FROM pg_catalog.pg_inherits i
            JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
            JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
            WHERE p.relkind IN ('r', 'p') AND c.relkind IN ('r', 'p')
            """;
    /**
     * Mapped-name tables and every table below them (partitions, inheritance children, at any depth), each with its
     * root's schema and name, and whether it holds rows (a partitioned table holds none, and has no counters).
     */
    private static final String TABLES = """
            WITH RECURSIVE tree(root, relid) AS (
                SELECT c.oid, c.oid FROM pg_catalog.pg_class c WHERE c.relkind IN ('r', 'p') AND c.relname = ANY(?)
                UNION
                SELECT t.root, i.inhrelid FROM tree t JOIN pg_catalog.pg_inherits i ON i.inhparent = t.relid
            )
            SELECT t.relid::bigint, n.nspname::text, r.relname::text, d.relname::text, t.relid = t.root, d.relkind = 'r'
            FROM tree t
            JOIN pg_catalog.pg_class r ON r.oid = t.root
            JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
            JOIN pg_catalog.pg_class d ON d.oid = t.relid
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
        // Relation and function names in one set: a function named like a table only costs a watch.
        Map<String, Set<String>> passedOn = new HashMap<>();
        try (Statement query = real.createStatement(); ResultSet rs = query.executeQuery(PASSED_ON)) {
            while (rs.next()) {
                passedOn.computeIfAbsent(rs.getString(1), t -> new HashSet<>()).add(rs.getString(2));
            }
        }
        MappedTables mapped = MappedTables.of(mappings);
        MappedTrees trees = mappedTrees(real, mapped, mappedNames);
        Set<String> reaching = new HashSet<>();
        Set<String> lowerTargets = new HashSet<>();
        for (String name : mappedNames) {
            lowerTargets.add(name.toLowerCase(Locale.ROOT));
        }
        for (String name : trees.below()) {
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
            for (Map.Entry<String, Set<String>> passes : passedOn.entrySet()) {
                Set<String> names = passes.getValue();
                if (!reaching.contains(passes.getKey())
                        && (anyIn(names, mappedNames) || anyIn(names, reaching) || anyIn(names, writing))) {
                    changed |= reaching.add(passes.getKey());
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
        // A write to a table below a mapped one writes the mapped table's rows. Added after the fixed point, so that a
        // mapped parent does not reach its own partitions (its statements would all be watched for nothing).
        reaching.addAll(trees.below());
        return new CatalogWriteReach(writing, reaching, foreignKeys, mapped, trees.watched(), trees.above());
    }

    /**
     * The tables holding a mapped table's rows.
     *
     * @param watched the mapped tables and every table below them: oid to the mapped table's name
     * @param above   per name of a table below mapped tables (partitions, inheritance children), those tables' names
     */
    private record MappedTrees(Map<Long, String> watched, Map<String, Set<String>> above) {

        Set<String> below() {
            return above.keySet();
        }
    }

    private static MappedTrees mappedTrees(Connection real, MappedTables mapped, Set<String> mappedNames)
            throws SQLException {
        Map<Long, String> watched = new HashMap<>();
        Map<String, Set<String>> above = new HashMap<>();
        try (PreparedStatement query = real.prepareStatement(TABLES)) {
            query.setArray(1, real.createArrayOf("text", mappedNames.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(3);
                    if (mapped.mappingOf(rs.getString(2), name) != null) {
                        if (rs.getBoolean(6)) {
                            watched.put(rs.getLong(1), name);
                        }
                        if (!rs.getBoolean(5)) {
                            above.computeIfAbsent(rs.getString(4), table -> new HashSet<>()).add(name);
                        }
                    }
                }
            }
        }
        return new MappedTrees(watched, above);
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
