package io.writethrough.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The immutable, validated mapping configuration: the global {@link Setting}s and one {@link TableMapping} per
 * mapped table.
 *
 * <p>Keys are read verbatim and case-sensitively; values are trimmed. {@code table.<table>.<setting>} takes
 * {@code <table>} as everything between {@code table.} and the last dot; a dot in it separates schema and table
 * ({@code table.sales.orders.key}), so an unqualified table whose name contains a dot cannot be mapped.
 * Validation stops at the first error, taking keys in sorted order so the same input always reports the same
 * error. Key templates that could give rows of two tables the same key, or render a key in the driver's reserved
 * {@code writethrough:} namespace, are refused (see {@link KeySpaceCheck}).
 */
public final class MappingConfig implements io.writethrough.sql.MappedTables {

    /** Prefix of every setting given as a connection or system property. */
    public static final String PROPERTY_PREFIX = "writethrough.";
    /** The property that names the mapping file; accepted among the overrides and otherwise ignored here. */
    public static final String CONFIG_PROPERTY = "writethrough.config";
    static final String TABLE_PREFIX = "table.";
    private static final int MAX_SUGGESTION_DISTANCE = 3;

    private final String source;
    private final Map<Setting, String> settings;
    /** The settings given (in the file or as properties), as opposed to defaulted. */
    private final Set<Setting> given;
    private final List<TableMapping> tables;
    private final Map<String, List<TableMapping>> tablesByName;

    private MappingConfig(String source, Map<Setting, String> settings, Set<Setting> given, List<TableMapping> tables) {
        this.source = source;
        this.settings = Collections.unmodifiableMap(new EnumMap<>(settings));
        this.given = given.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(given));
        this.tables = List.copyOf(tables);
        Map<String, List<TableMapping>> byName = new LinkedHashMap<>();
        for (TableMapping mapping : tables) {
            byName.computeIfAbsent(mapping.table().name(), name -> new ArrayList<>()).add(mapping);
        }
        byName.replaceAll((name, list) -> List.copyOf(list));
        this.tablesByName = Map.copyOf(byName);
    }

    /**
     * Parses and validates a properties file's content.
     *
     * @param props  the file's properties (keys without the {@code writethrough.} prefix)
     * @param source where the properties came from, named in every error message
     * @throws ConfigException naming the source, the key, the bad value and what was expected
     */
    public static MappingConfig parse(Properties props, String source) {
        return parse(props, source, new Properties());
    }

    /**
     * Parses and validates a properties file's content with overrides. The overrides are connection or system
     * properties: those named {@code writethrough.<key>} set {@code <key>} and win over the file;
     * {@value #CONFIG_PROPERTY} (which names the file) and keys without the prefix (the real driver's) are ignored.
     *
     * @param fileProps the file's properties (keys without the {@code writethrough.} prefix)
     * @param source    where the file came from, named in every error message
     * @param overrides connection and/or system properties
     * @throws ConfigException naming the source, the key, the bad value and what was expected
     */
    public static MappingConfig parse(Properties fileProps, String source, Properties overrides) {
        return new Parser(source).parse(fileProps, overrides);
    }

    /** Where the configuration came from, as named in error messages. */
    public String source() {
        return source;
    }

    /** The value of a global setting: its override, else the file's value, else its default. */
    public String get(Setting setting) {
        return settings.get(setting);
    }

    /**
     * The value of an integer setting such as {@link Setting#REDIS_TIMEOUT_MS}.
     *
     * @throws IllegalArgumentException if the setting does not hold integers
     */
    public int getInt(Setting setting) {
        if (setting.rule() != ValueRule.POSITIVE_INT && setting.rule() != ValueRule.MILLIS) {
            throw new IllegalArgumentException("setting '" + setting.key() + "' does not hold an integer");
        }
        return Integer.parseInt(settings.get(setting));
    }

    /** True when the setting was given, in the file or as a property, rather than left at its default. */
    public boolean isGiven(Setting setting) {
        return given.contains(setting);
    }

    /** The Redis URL, password included: pass it to the client only, show it only through {@link Setting#display}. */
    public String redisUrl() {
        return settings.get(Setting.REDIS_URL);
    }

    /** All table mappings, sorted by table name (schema-qualified ones as {@code schema.name}). */
    public List<TableMapping> tables() {
        return tables;
    }

    /** Every mapping whose table name (as stored) equals {@code name}: the unqualified one and each qualified one. */
    public List<TableMapping> tablesNamed(String name) {
        return tablesByName.getOrDefault(name, List.of());
    }

    /** The stored names (without schema) of all mapped tables, for a quick "can this touch a mapped table" check. */
    public Set<String> tableNames() {
        return tablesByName.keySet();
    }

    /** Lists the settings and tables; secrets (the Redis password) are masked. */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(", ", "MappingConfig[", "]");
        out.add("source=" + source);
        settings.forEach((setting, value) -> {
            if (!value.isEmpty() && !unusedDefault(setting)) {
                out.add(setting.key() + "=" + setting.display(value));
            }
        });
        out.add("tables=" + tables.stream().map(MappingConfig::describe).collect(Collectors.joining("; ", "[", "]")));
        return out.toString();
    }

    /** {@code redis.url}'s default beside a Redis Cluster or Sentinel, which it would only make look used. */
    private boolean unusedDefault(Setting setting) {
        return setting == Setting.REDIS_URL && !given.contains(Setting.REDIS_URL)
                && (given.contains(Setting.REDIS_CLUSTER_NODES) || given.contains(Setting.REDIS_SENTINEL_MASTER));
    }

    private static String describe(TableMapping mapping) {
        return mapping.table() + ": key=" + mapping.key().source()
                + ", columns=" + (mapping.storesAllColumns() ? "all" : String.join(",", mapping.columns()))
                + ", format=" + mapping.format().name().toLowerCase(Locale.ROOT)
                + ", ttl=" + (mapping.ttlSeconds() == 0 ? "none" : mapping.ttlSeconds());
    }

    /** One key/value pair, remembering whether it came from the file or from an override property. */
    private record Entry(String key, String value, boolean override) {

        /** The key as the user wrote it. */
        String spelled() {
            return spelled(key);
        }

        String spelled(String anyKey) {
            return override ? PROPERTY_PREFIX + anyKey : anyKey;
        }
    }

    private static final class Parser {
        private final String source;

        Parser(String source) {
            this.source = source;
        }

        MappingConfig parse(Properties fileProps, Properties overrides) {
            TreeMap<String, Entry> entries = new TreeMap<>();
            for (String key : fileProps.stringPropertyNames()) {
                entries.put(key, new Entry(key, fileProps.getProperty(key), false));
            }
            for (String name : overrides.stringPropertyNames()) {
                if (name.startsWith(PROPERTY_PREFIX) && !name.equals(CONFIG_PROPERTY)) {
                    String key = name.substring(PROPERTY_PREFIX.length());
                    entries.put(key, new Entry(key, overrides.getProperty(name), true));
                }
            }

            Map<Setting, String> settings = new EnumMap<>(Setting.class);
            for (Setting setting : Setting.values()) {
                settings.put(setting, setting.defaultValue());
            }
            Set<Setting> given = EnumSet.noneOf(Setting.class);
            Map<String, Map<TableSetting, String>> tableSettings = new TreeMap<>();
            for (Entry entry : entries.values()) {
                String value = entry.value().strip();
                if (entry.key().startsWith(TABLE_PREFIX)) {
                    TableKey tableKey = tableKey(entry);
                    check(entry, value, tableKey.setting().rule(), null);
                    tableSettings.computeIfAbsent(tableKey.table(), t -> new EnumMap<>(TableSetting.class))
                            .put(tableKey.setting(), value);
                } else {
                    Setting setting = Setting.forKey(entry.key()).orElseThrow(() -> unknownKey(entry));
                    check(entry, value, setting.rule(), setting);
                    settings.put(setting, value);
                    given.add(setting);
                }
            }
            checkTopology(settings, given);

            List<TableMapping> tables = new ArrayList<>();
            tableSettings.forEach((table, values) -> tables.add(tableMapping(table, values)));
            KeySpaceCheck.check(tables, source);
            return new MappingConfig(source, settings, given, tables);
        }

        /** One Redis topology at a time, each with what it needs; a password given once; sentinels' credentials for Sentinel. */
        private void checkTopology(Map<Setting, String> settings, Set<Setting> given) {
            List<Setting> topologies = new ArrayList<>();
            for (Setting s : List.of(Setting.REDIS_URL, Setting.REDIS_CLUSTER_NODES, Setting.REDIS_SENTINEL_MASTER)) {
                if (given.contains(s)) {
                    topologies.add(s);
                }
            }
            if (topologies.size() > 1) {
                throw new ConfigException(source + ": '" + topologies.get(0).key() + "' and '" + topologies.get(1).key()
                        + "' name two Redis topologies; give one: " + Setting.REDIS_URL.key() + " (one Redis), "
                        + Setting.REDIS_CLUSTER_NODES.key() + " (Redis Cluster) or " + Setting.REDIS_SENTINEL_MASTER.key()
                        + " with " + Setting.REDIS_SENTINEL_NODES.key() + " (Sentinel)");
            }
            if (given.contains(Setting.REDIS_SENTINEL_MASTER) != given.contains(Setting.REDIS_SENTINEL_NODES)) {
                Setting missing = given.contains(Setting.REDIS_SENTINEL_MASTER) ? Setting.REDIS_SENTINEL_NODES
                        : Setting.REDIS_SENTINEL_MASTER;
                Setting present = missing == Setting.REDIS_SENTINEL_NODES ? Setting.REDIS_SENTINEL_MASTER
                        : Setting.REDIS_SENTINEL_NODES;
                throw new ConfigException(source + ": '" + present.key() + "' is given without '" + missing.key()
                        + "'; Sentinel needs both: the master's name and the sentinels' host:port list");
            }
            for (Setting sentinelAuth : List.of(Setting.REDIS_SENTINEL_USER, Setting.REDIS_SENTINEL_PASSWORD)) {
                if (given.contains(sentinelAuth) && !given.contains(Setting.REDIS_SENTINEL_MASTER)) {
                    throw new ConfigException(source + ": '" + sentinelAuth.key() + "' is given without '"
                            + Setting.REDIS_SENTINEL_MASTER.key() + "'; it is for the sentinels themselves: for "
                            + "the Redis written to, give '" + Setting.REDIS_USER.key() + "' and '"
                            + Setting.REDIS_PASSWORD.key() + "'");
                }
            }
            if (given.contains(Setting.REDIS_SENTINEL_USER) && !given.contains(Setting.REDIS_SENTINEL_PASSWORD)) {
                throw new ConfigException(source + ": '" + Setting.REDIS_SENTINEL_USER.key() + "' is given without '"
                        + Setting.REDIS_SENTINEL_PASSWORD.key() + "'; an ACL user needs its password");
            }
            if (given.contains(Setting.REDIS_PASSWORD) && given.contains(Setting.REDIS_URL)
                    && RedisUrl.parse(settings.get(Setting.REDIS_URL)).password() != null) {
                throw new ConfigException(source + ": both '" + Setting.REDIS_URL.key() + "' and '"
                        + Setting.REDIS_PASSWORD.key() + "' give a password; give it once");
            }
        }

        private record TableKey(String table, TableSetting setting) {
        }

        private TableKey tableKey(Entry entry) {
            String rest = entry.key().substring(TABLE_PREFIX.length());
            int lastDot = rest.lastIndexOf('.');
            String table = lastDot < 0 ? "" : rest.substring(0, lastDot);
            if (table.isEmpty() || table.startsWith(".") || table.endsWith(".")) {
                throw new ConfigException(where(entry) + ": key '" + entry.spelled()
                        + "' does not name a table and a setting; expected "
                        + entry.spelled("table.<table>.<setting>") + " or " + entry.spelled("table.<schema>.<table>.<setting>")
                        + " with <setting> one of " + tableSettingNames());
            }
            String settingName = rest.substring(lastDot + 1);
            return TableSetting.forName(settingName).map(setting -> new TableKey(table, setting)).orElseThrow(() -> {
                List<String> candidates = Arrays.stream(TableSetting.values()).map(s -> s.keyFor(table)).toList();
                String suggestion = suggestion(entry, entry.key(), candidates);
                return new ConfigException(where(entry) + ": unknown table setting '" + settingName + "' in key '"
                        + entry.spelled() + "'; expected one of " + tableSettingNames() + suggestion);
            });
        }

        private TableMapping tableMapping(String table, Map<TableSetting, String> values) {
            String template = values.get(TableSetting.KEY);
            if (template == null) {
                String given = values.keySet().stream().map(s -> "'" + s.keyFor(table) + "'")
                        .collect(Collectors.joining(", "));
                throw new ConfigException(source + ": table '" + table + "' has " + given + " but no key '"
                        + TableSetting.KEY.keyFor(table) + "'; expected a key template, e.g. "
                        + TableSetting.KEY.keyFor(table) + "=" + table + ":{id}");
            }
            int dot = table.indexOf('.');
            TableName name = dot < 0 ? TableName.unqualified(table)
                    : new TableName(table.substring(0, dot), table.substring(dot + 1));
            String columns = values.get(TableSetting.COLUMNS);
            String format = values.getOrDefault(TableSetting.FORMAT, TableSetting.FORMAT.defaultValue());
            String ttl = values.get(TableSetting.TTL);
            return new TableMapping(name, KeyTemplate.parse(template),
                    columns == null ? null : ValueRule.columnList(columns),
                    ValueFormat.valueOf(format.toUpperCase(Locale.ROOT)),
                    ttl == null ? 0 : Long.parseLong(ttl));
        }

        private void check(Entry entry, String value, ValueRule rule, Setting setting) {
            String problem = rule.problem(value);
            if (problem != null) {
                String shown = setting == null ? value : setting.display(value);
                throw new ConfigException(where(entry) + ": key '" + entry.spelled() + "' has value '" + shown + "'; "
                        + problem);
            }
        }

        private ConfigException unknownKey(Entry entry) {
            String key = entry.key();
            if (!entry.override() && key.startsWith(PROPERTY_PREFIX) && isKnownKey(key.substring(PROPERTY_PREFIX.length()))) {
                return new ConfigException(where(entry) + ": unknown key '" + key + "'; keys in the file take no '"
                        + PROPERTY_PREFIX + "' prefix: did you mean '" + key.substring(PROPERTY_PREFIX.length()) + "'?");
            }
            List<String> candidates = new ArrayList<>();
            Arrays.stream(Setting.values()).map(Setting::key).forEach(candidates::add);
            int firstDot = key.indexOf('.');
            int lastDot = key.lastIndexOf('.');
            if (firstDot >= 0 && lastDot > firstDot + 1) {
                String table = key.substring(firstDot + 1, lastDot);
                Arrays.stream(TableSetting.values()).map(s -> s.keyFor(table)).forEach(candidates::add);
            }
            // The value is not shown: a misspelt secret key (say 'redis.ur') would otherwise leak its password.
            return new ConfigException(where(entry) + ": unknown key '" + entry.spelled() + "'; expected one of "
                    + Arrays.stream(Setting.values()).map(s -> entry.spelled(s.key())).collect(Collectors.joining(", "))
                    + " or " + entry.spelled("table.<table>.<setting>") + suggestion(entry, key, candidates));
        }

        private static boolean isKnownKey(String key) {
            if (Setting.forKey(key).isPresent()) {
                return true;
            }
            int lastDot = key.lastIndexOf('.');
            return key.startsWith(TABLE_PREFIX) && lastDot > TABLE_PREFIX.length()
                    && TableSetting.forName(key.substring(lastDot + 1)).isPresent();
        }

        private static String suggestion(Entry entry, String key, List<String> candidates) {
            String best = null;
            int bestDistance = MAX_SUGGESTION_DISTANCE + 1;
            for (String candidate : candidates) {
                int distance = editDistance(key, candidate);
                if (distance < bestDistance) {
                    best = candidate;
                    bestDistance = distance;
                }
            }
            return best == null ? "" : "; did you mean '" + entry.spelled(best) + "'?";
        }

        private String where(Entry entry) {
            return entry.override() ? source + " (overridden by connection/system properties)" : source;
        }

        private static String tableSettingNames() {
            return Arrays.stream(TableSetting.values()).map(TableSetting::settingName).collect(Collectors.joining(", "));
        }
    }

    /** Levenshtein distance (insertions, deletions, substitutions). */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
