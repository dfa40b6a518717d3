package io.writethrough.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.mapping.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepository;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;

class ConfigurationMetadataTest {

    /** Surefire runs the tests in the module's directory. */
    private static final Path COMMITTED = Path.of("src/main/resources", ConfigurationMetadata.RESOURCE);
    private static final Path RENDERED = Path.of("target", "spring-configuration-metadata.json");

    @Test
    void theCommittedMetadataIsTheRenderedOne() throws IOException {
        String rendered = ConfigurationMetadata.json();
        String committed = Files.isRegularFile(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
        if (!committed.equals(rendered)) {
            Files.createDirectories(RENDERED.getParent());
            Files.writeString(RENDERED, rendered, StandardCharsets.UTF_8);
        }

        assertThat(committed).as("%s differs from what Setting and TableSetting give; the rendered file is %s: "
                + "cp %s %s", COMMITTED, RENDERED.toAbsolutePath(), RENDERED, COMMITTED).isEqualTo(rendered);
    }

    @Test
    void springBootReadsEverySettingWithItsTypeDefaultAndChoices() throws IOException {
        ConfigurationMetadataRepository repository;
        try (var in = ConfigurationMetadataTest.class.getClassLoader().getResourceAsStream(ConfigurationMetadata.RESOURCE)) {
            assertThat(in).as(ConfigurationMetadata.RESOURCE + " on the classpath").isNotNull();
            repository = ConfigurationMetadataRepositoryJsonBuilder.create(StandardCharsets.UTF_8).withJsonResource(in).build();
        }
        var properties = repository.getAllProperties();

        assertThat(properties).hasSize(Setting.values().length + 2).containsKeys("writethrough.config", "writethrough.table");
        for (Setting setting : Setting.values()) {
            ConfigurationMetadataProperty property = properties.get(setting.propertyName());
            assertThat(property).as(setting.propertyName()).isNotNull();
            assertThat(property.getType()).isEqualTo(setting.valueType().getName());
            if (setting.defaultValue().isEmpty()) {
                assertThat(property.getDefaultValue()).as(setting.propertyName()).isNull();
            } else {
                assertThat(String.valueOf(property.getDefaultValue())).isEqualTo(setting.defaultValue());
            }
            assertThat(property.getDescription()).startsWith(setting.description());
            assertThat(property.getHints().getValueHints()).extracting(h -> h.getValue()).containsExactlyElementsOf(setting.allowedValues());
        }
        assertThat(properties.get("writethrough.redis.timeout.ms").getDefaultValue()).isEqualTo(2000);
        assertThat(properties.get("writethrough.table").getType()).isEqualTo("java.util.Map<java.lang.String,java.lang.String>");
        assertThat(properties.get("writethrough.table").getDescription()).contains("key (required; ", "format (`hash`; ", "ttl (none; ");
    }
}
