package io.writethrough.spring.boot;

import io.writethrough.mapping.DocumentedSetting;
import io.writethrough.mapping.MappingConfig;
import io.writethrough.mapping.Setting;
import io.writethrough.mapping.TableSetting;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders {@code META-INF/spring-configuration-metadata.json}, from which IDEs complete and document the
 * {@code writethrough.*} entries of {@code application.properties} and YAML: one property per {@link Setting}, the
 * mapping file's location, and {@code writethrough.table} as a map whose description lists every {@link TableSetting}.
 * {@code ConfigurationMetadataTest} fails when the committed file differs from {@link #json()}.
 */
final class ConfigurationMetadata {

    static final String RESOURCE = "META-INF/spring-configuration-metadata.json";

    private ConfigurationMetadata() {
    }

    static String json() {
        List<String> properties = new ArrayList<>();
        properties.add(property(MappingConfig.CONFIG_PROPERTY, String.class,
                "The mapping file: a path or classpath:<resource>. Its keys are those below without the `writethrough.` "
                        + "prefix; entries given here win over it. When unset, the classpath resource "
                        + "writethrough.properties if there is one, else the entries here alone.", null));
        List<String> hints = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            properties.add(property(setting.propertyName(), setting.valueType(),
                    setting.description() + " Allowed: " + setting.documentedAllowed() + ".", setting.defaultValue()));
            if (!setting.allowedValues().isEmpty()) {
                hints.add(hint(setting.propertyName(), setting.allowedValues()));
            }
        }
        properties.add(property(MappingConfig.PROPERTY_PREFIX + "table", null, tableDescription(), null));
        return "{\n  \"groups\": [\n    {\n      \"name\": \"writethrough\",\n      \"description\": "
                + string("Settings of the writethrough JDBC driver, given to each HikariCP pool whose URL starts with "
                        + "jdbc:writethrough: as connection properties.")
                + "\n    }\n  ],\n  \"properties\": [\n" + String.join(",\n", properties) + "\n  ],\n  \"hints\": [\n"
                + String.join(",\n", hints) + "\n  ]\n}\n";
    }

    private static String tableDescription() {
        StringBuilder text = new StringBuilder("Tables mapped to Redis keys, each setting written "
                + "writethrough.table.<table>.<setting>, <table> as PostgreSQL stores it, optionally schema-qualified "
                + "(writethrough.table.sales.orders.key).");
        for (TableSetting setting : TableSetting.values()) {
            DocumentedSetting documented = setting;
            text.append(" ").append(setting.settingName()).append(" (").append(documented.documentedDefault())
                    .append("; ").append(documented.documentedAllowed()).append("): ").append(documented.description());
        }
        return text.toString();
    }

    private static String property(String name, Class<?> type, String description, String defaultValue) {
        StringBuilder out = new StringBuilder("    {\n      \"name\": ").append(string(name))
                .append(",\n      \"type\": ")
                .append(string(type == null ? "java.util.Map<java.lang.String,java.lang.String>" : type.getName()))
                .append(",\n      \"description\": ").append(string(description));
        // An empty default means "not set": Spring Boot shows no default then.
        if (defaultValue != null && !defaultValue.isEmpty()) {
            out.append(",\n      \"defaultValue\": ").append(type == String.class ? string(defaultValue) : defaultValue);
        }
        return out.append("\n    }").toString();
    }

    private static String hint(String name, List<String> values) {
        List<String> items = values.stream().map(v -> "        {\n          \"value\": " + string(v) + "\n        }").toList();
        return "    {\n      \"name\": " + string(name) + ",\n      \"values\": [\n" + String.join(",\n", items) + "\n      ]\n    }";
    }

    /** A JSON string literal. */
    static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
