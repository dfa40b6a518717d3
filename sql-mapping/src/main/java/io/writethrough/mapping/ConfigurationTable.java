package io.writethrough.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Renders the README's configuration table from {@link Setting} and {@link TableSetting}, so the documentation
 * cannot drift from the code (a test compares the README with {@link #markdown()}).
 */
public final class ConfigurationTable {

    /** Marks the start of the generated table in the README. */
    public static final String START_MARKER = "<!-- config-table:start -->";
    /** Marks the end of the generated table in the README. */
    public static final String END_MARKER = "<!-- config-table:end -->";

    private ConfigurationTable() {
    }

    /** Every documented setting, global ones first, in declaration order. */
    public static List<DocumentedSetting> settings() {
        List<DocumentedSetting> all = new ArrayList<>(Arrays.asList(Setting.values()));
        all.addAll(Arrays.asList(TableSetting.values()));
        return List.copyOf(all);
    }

    /** The Markdown table {@code | key | default | allowed | description |}, one line per setting, ending in a newline. */
    public static String markdown() {
        StringBuilder out = new StringBuilder("| key | default | allowed | description |\n|---|---|---|---|\n");
        for (DocumentedSetting setting : settings()) {
            out.append("| `").append(cell(setting.documentedKey())).append("` | ")
                    .append(cell(setting.documentedDefault())).append(" | ")
                    .append(cell(setting.documentedAllowed())).append(" | ")
                    .append(cell(setting.description())).append(" |\n");
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
