package io.writethrough.mapping;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The settings of one mapped table, written {@code table.<table>.<setting>} ({@code table.users.key}). */
public enum TableSetting implements DocumentedSetting {

    KEY("key", null, true, null, ValueRule.KEY_TEMPLATE,
            "Key template: `{column}` placeholders (columns as stored) separated by text, e.g. `user:{id}`, "
                    + "`order:{order_id}:line:{line_no}`. Values are escaped; no two tables' templates may be able to "
                    + "render the same key, nor any template a key starting with `writethrough:` (see below). "
                    + "`{{column}}` renders the value inside braces, a Redis Cluster hash tag: "
                    + "`order:{{order_id}}:line:{line_no}` keeps an order's lines in one slot."),
    COLUMNS("columns", null, false, "all columns of the row", ValueRule.COLUMN_LIST,
            "Columns stored in the value, as stored. Key columns need not be listed."),
    FORMAT("format", "hash", false, null, ValueRule.oneOf("hash", "json"),
            "`hash`: a Redis hash with a field per column (SQL NULL: no field); "
                    + "`json`: a string holding a JSON object (SQL NULL: `null`)."),
    TTL("ttl", null, false, "none", ValueRule.SECONDS,
            "Expiry in seconds, applied on every write of the entry; `0` means none.");

    private static final Map<String, TableSetting> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(TableSetting::settingName, Function.identity()));

    private final String settingName;
    private final String defaultValue;
    private final boolean required;
    private final String unsetMeaning;
    private final ValueRule rule;
    private final String description;

    TableSetting(String settingName, String defaultValue, boolean required, String unsetMeaning, ValueRule rule,
            String description) {
        this.settingName = settingName;
        this.defaultValue = defaultValue;
        this.required = required;
        this.unsetMeaning = unsetMeaning;
        this.rule = rule;
        this.description = description;
    }

    /** The setting for the last part of a {@code table.<table>.<setting>} key. */
    public static Optional<TableSetting> forName(String settingName) {
        return Optional.ofNullable(BY_NAME.get(settingName));
    }

    /** The last part of the key, e.g. {@code key} or {@code ttl}. */
    public String settingName() {
        return settingName;
    }

    /** The full key for a table as written in the file, e.g. {@code table.sales.orders.ttl}. */
    public String keyFor(String table) {
        return MappingConfig.TABLE_PREFIX + table + "." + settingName;
    }

    @Override
    public String documentedKey() {
        return keyFor("<table>");
    }

    @Override
    public String defaultValue() {
        return defaultValue;
    }

    @Override
    public String documentedDefault() {
        if (required) {
            return "required";
        }
        return defaultValue != null ? "`" + defaultValue + "`" : unsetMeaning;
    }

    @Override
    public List<String> allowedValues() {
        return rule.choices();
    }

    @Override
    public Class<?> valueType() {
        return rule.valueType();
    }

    @Override
    public String documentedAllowed() {
        return rule.allowed();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean isRequired() {
        return required;
    }

    ValueRule rule() {
        return rule;
    }
}
