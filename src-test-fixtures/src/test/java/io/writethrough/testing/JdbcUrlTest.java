package io.writethrough.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlTest {

    @Test
    void startsAQueryWhenThereIsNone() {
        assertThat(JdbcUrl.withParameter("jdbc:postgresql://h:5432/db", "currentSchema", "wt_a"))
                .isEqualTo("jdbc:postgresql://h:5432/db?currentSchema=wt_a");
    }

    @Test
    void appendsToAnExistingQuery() {
        assertThat(JdbcUrl.withParameter("jdbc:postgresql://h:5432/db?user=postgres", "currentSchema", "wt_a"))
                .isEqualTo("jdbc:postgresql://h:5432/db?user=postgres&currentSchema=wt_a");
    }

    @Test
    void doesNotDoubleASeparatorThatIsAlreadyThere() {
        assertThat(JdbcUrl.withParameter("jdbc:postgresql://h/db?", "a", "b")).isEqualTo("jdbc:postgresql://h/db?a=b");
        assertThat(JdbcUrl.withParameter("jdbc:postgresql://h/db?x=1&", "a", "b")).isEqualTo("jdbc:postgresql://h/db?x=1&a=b");
    }

    @Test
    void encodesTheValue() {
        assertThat(JdbcUrl.withParameter("jdbc:postgresql://h/db", "password", "p&s=w rd"))
                .isEqualTo("jdbc:postgresql://h/db?password=p%26s%3Dw+rd");
    }

    @Test
    void addressLeavesOutCredentialsAndParameters() {
        assertThat(JdbcUrl.address("jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=secret"))
                .isEqualTo("127.0.0.1:5432/test");
        assertThat(JdbcUrl.address("jdbc:postgresql://bob:secret@db:5432/x")).isEqualTo("db:5432/x");
    }

    @Test
    void writeThroughUrlReplacesOnlyTheLeadingJdbc() {
        assertThat(JdbcUrl.writeThrough("jdbc:postgresql://h/db?currentSchema=jdbc:x"))
                .isEqualTo("jdbc:writethrough:postgresql://h/db?currentSchema=jdbc:x");
        assertThatThrownBy(() -> JdbcUrl.writeThrough("postgresql://h/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starting with \"jdbc:\"");
    }
}
