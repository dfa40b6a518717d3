package io.writethrough.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class WriteCuesTest {

    @Test
    void callsWrittenTablesAndCatalogChangesAreRead() {
        WriteCues cues = WriteCues.of("/* c */ SELECT s.Bump(1), \"Odd\"(2), count(*) FROM t WHERE x IN (1)");
        assertThat(cues.functions()).containsExactlyInAnyOrder("bump", "Odd", "count", "in");
        assertThat(cues.writtenTables()).isEmpty();
        assertThat(cues.changesCatalog()).isFalse();
        assertThat(WriteCues.of("CALL sales.close_day(?)").functions()).containsExactly("close_day");
        assertThat(WriteCues.of("call p()").call()).isTrue();
        assertThat(cues.call()).isFalse();
        assertThat(WriteCues.of("WITH d AS (DELETE FROM Parents RETURNING id) INSERT INTO log SELECT id FROM d")
                .writtenTables()).containsExactlyInAnyOrder("parents", "log");
        assertThat(WriteCues.changesCatalog("-- x\n create function f() ...")).isTrue();
        assertThat(WriteCues.of("DO $$BEGIN PERFORM bump(1); END$$").callsAny(Set.of("bump"))).isTrue();
        assertThat(WriteCues.of("EXECUTE prepared_elsewhere(1)").writesAny(Set.of("ledger"))).isTrue();
        assertThat(WriteCues.changesCatalog("SELECT 'CREATE'")).isFalse();
    }

    @Test
    void aTextWithoutCallsWritesOrDdlHasNone() {
        assertThat(WriteCues.of("SELECT a, b FROM t WHERE id = ?")).isSameAs(WriteCues.NONE);
        assertThat(WriteCues.of("'unterminated")).isSameAs(WriteCues.NONE);
    }

    @Test
    void cuesMeetTheDatabasesNames() {
        WriteCues cues = WriteCues.of("UPDATE accounts SET n = bump(n)");
        assertThat(cues.callsAny(Set.of("bump"))).isTrue();
        assertThat(cues.callsAny(Set.of("other"))).isFalse();
        assertThat(cues.writesAny(Set.of("accounts"))).isTrue();
        assertThat(cues.writesAny(Set.of())).isFalse();
    }
}
