package io.writethrough.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which texts pgjdbc's {@code reWriteBatchedInserts} rewrites (the driver follows), and the text it builds. */
class MultiRowInsertTest {

    @Test
    void theValuesBlockIsRepeatedAndTheRestKept() {
        MultiRowInsert insert = MultiRowInsert.of("/* c */ insert into t (a, b) values (?, 'x?') on conflict (a) do nothing -- ?");
        assertThat(insert.parameters()).isEqualTo(1);
        assertThat(insert.sql(1)).isEqualTo(insert.sql());
        assertThat(insert.sql(3)).isEqualTo(
                "/* c */ insert into t (a, b) values (?, 'x?'),(?, 'x?'),(?, 'x?') on conflict (a) do nothing -- ?");
    }

    @Test
    void consecutiveRowsAreOneBlock() {
        MultiRowInsert insert = MultiRowInsert.of("INSERT INTO t VALUES (?, ?), (?, (?));");
        assertThat(insert.parameters()).isEqualTo(4);
        assertThat(insert.sql(2)).isEqualTo("INSERT INTO t VALUES (?, ?), (?, (?)),(?, ?), (?, (?));");
    }

    @Test
    void parameterlessRowsAreRewrittenToo() {
        assertThat(MultiRowInsert.of("INSERT INTO t VALUES (1)").sql(2)).isEqualTo("INSERT INTO t VALUES (1),(1)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO t VALUES (?) RETURNING id",
        "INSERT INTO t VALUES (?) ON CONFLICT (id) DO UPDATE SET b = ?",
        "INSERT INTO t SELECT ?",
        "INSERT INTO t DEFAULT VALUES",
        "WITH x AS (SELECT 1) INSERT INTO t VALUES (?)",
        "UPDATE t SET a = ? WHERE b = ?",
        "INSERT INTO t VALUES (?); INSERT INTO t VALUES (?)",
        "INSERT INTO t VALUES ($1)",
        "INSERT INTO t VALUES ({fn now()})",
        "INSERT INTO t VALUES ('unterminated"
    })
    void whatPgjdbcLeavesAloneIsNotRewritten(String sql) {
        assertThat(MultiRowInsert.of(sql)).isNull();
    }
}
