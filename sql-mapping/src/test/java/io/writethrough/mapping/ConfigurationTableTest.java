package io.writethrough.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigurationTableTest {

    @Test
    void rendersOneRowPerSetting() {
        String markdown = ConfigurationTable.markdown();

        assertThat(markdown.lines()).hasSize(2 + Setting.values().length + TableSetting.values().length);
        assertThat(markdown).startsWith("| key | default | allowed | description |\n|---|---|---|---|\n")
                .contains("| `redis.url` | `redis://localhost:6379` | `redis://` or `rediss://` URL | ")
                .contains("| `redis.timeout.ms` | `2000` | positive integer | ")
                .contains("| `on.unsupported.write` | `fail` | `fail`, `ignore` | ")
                .contains("| `table.<table>.key` | required | text with `{column}` placeholders | ")
                .contains("| `table.<table>.columns` | all columns of the row | ")
                .contains("| `table.<table>.format` | `hash` | `hash`, `json` | ")
                .contains("| `table.<table>.ttl` | none | integer ≥ 0 (seconds) | ")
                .endsWith(" |\n");
    }

    @Test
    void everyDefaultPassesItsOwnCheckAndKeysAreUnique() {
        Set<String> keys = new HashSet<>();
        for (Setting setting : Setting.values()) {
            if (!setting.defaultValue().isEmpty()) {
                // An empty default means unset: the setting is off unless given.
                assertThat(setting.rule().problem(setting.defaultValue())).as(setting.key()).isNull();
            }
            assertThat(Setting.forKey(setting.key())).contains(setting);
            assertThat(keys.add(setting.key())).isTrue();
            assertThat(setting.propertyName()).isEqualTo("writethrough." + setting.key());
        }
        for (TableSetting setting : TableSetting.values()) {
            if (setting.defaultValue() != null) {
                assertThat(setting.rule().problem(setting.defaultValue())).as(setting.settingName()).isNull();
            }
            assertThat(TableSetting.forName(setting.settingName())).contains(setting);
        }
        assertThat(Arrays.stream(TableSetting.values()).filter(TableSetting::isRequired))
                .containsExactly(TableSetting.KEY);
        assertThat(Setting.ON_UNSUPPORTED_WRITE.allowedValues()).containsExactly("fail", "ignore");
        assertThat(TableSetting.FORMAT.allowedValues()).containsExactly("hash", "json");
        assertThat(TableSetting.TTL.keyFor("sales.orders")).isEqualTo("table.sales.orders.ttl");
    }

    @Test
    void numbersReadAsTheTypeTheirRangeFits() {
        assertThat(Setting.REDIS_TIMEOUT_MS.valueType()).isEqualTo(Integer.class);
        assertThat(Setting.RECOVERY_INTERVAL_MS.valueType()).isEqualTo(Integer.class);
        assertThat(TableSetting.TTL.valueType()).isEqualTo(Long.class);
        assertThat(Setting.REDIS_URL.valueType()).isEqualTo(String.class);
        assertThat(Setting.ON_UNSUPPORTED_WRITE.valueType()).isEqualTo(String.class);
        assertThat(TableSetting.KEY.valueType()).isEqualTo(String.class);
        for (DocumentedSetting setting : ConfigurationTable.settings()) {
            if (setting.valueType() != String.class && setting.defaultValue() != null) {
                assertThat(Long.parseLong(setting.defaultValue())).as(setting.documentedKey()).isNotNegative();
            }
        }
    }

    @Test
    void readmeContainsTheRenderedTable() throws IOException {
        // Surefire runs the tests in the module's directory; the README is the repository's, one level up.
        Path readme = Path.of("..", "README.md").toAbsolutePath().normalize();
        if (!Files.isRegularFile(readme)) {
            fail("The repository's README.md was not found at " + readme + ": it documents every setting between "
                    + ConfigurationTable.START_MARKER + " and " + ConfigurationTable.END_MARKER
                    + ", and this test checks that table against ConfigurationTable.markdown()");
        }
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf(ConfigurationTable.START_MARKER);
        int end = text.indexOf(ConfigurationTable.END_MARKER);
        if (start < 0 || end < 0) {
            String missing = start < 0 && end < 0 ? "both markers " + ConfigurationTable.START_MARKER + " and "
                    + ConfigurationTable.END_MARKER : "the marker " + (start < 0 ? ConfigurationTable.START_MARKER : ConfigurationTable.END_MARKER);
            fail(readme + " lacks " + missing + ": put the configuration table, as ConfigurationTable.markdown() renders it, "
                    + "between " + ConfigurationTable.START_MARKER + " and " + ConfigurationTable.END_MARKER);
        }
        if (end < start) {
            fail(readme + " has " + ConfigurationTable.END_MARKER + " before " + ConfigurationTable.START_MARKER
                    + ": the configuration table goes between the start marker and the end marker");
        }

        String between = text.substring(start + ConfigurationTable.START_MARKER.length(), end);

        assertThat(between.strip())
                .as("README table between the markers; regenerate it from ConfigurationTable.markdown()")
                .isEqualTo(ConfigurationTable.markdown().strip());
    }
}
