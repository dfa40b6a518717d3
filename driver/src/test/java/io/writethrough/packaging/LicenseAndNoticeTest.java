package io.writethrough.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * This module's jar carries the repository's LICENSE and NOTICE as META-INF/LICENSE and META-INF/NOTICE: the parent
 * POM puts them among every module's classes, the jar's content.
 */
class LicenseAndNoticeTest {

    @ParameterizedTest
    @ValueSource(strings = {"LICENSE", "NOTICE"})
    void theJarCarriesTheRepositorysFile(String name) {
        assertThat(Path.of("target/classes/META-INF", name)).isRegularFile().hasSameBinaryContentAs(Path.of("..", name));
    }
}
