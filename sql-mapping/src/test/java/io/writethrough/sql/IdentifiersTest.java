package io.writethrough.sql;

import io.writethrough.mapping.ValueFormat;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdentifiersTest {

    @Test
    void unquotedNamesFoldOnlyAsciiLetters() {
        assertThat(Identifiers.foldUnquoted("x Users y", 2, 7)).isEqualTo("users");
        assertThat(Identifiers.foldUnquoted("ÜBER", 0, 4)).isEqualTo("Über");
        assertThat(Identifiers.foldWritten("AccMixed")).isEqualTo("accmixed");
        assertThat(Identifiers.foldWritten("\"AccMixed\"")).isEqualTo("AccMixed");
    }

    @Test
    void quotedNamesKeepCaseAndUndoubleQuotes() {
        assertThat(Identifiers.unquote("\"a\"\"B\"", 0, 6)).isEqualTo("a\"B");
        assertThat(Identifiers.quote("a\"B")).isEqualTo("\"a\"\"B\"");
        assertThat(Identifiers.unquote("\"open", 0, 5)).isEqualTo("open");
    }

    @Test
    void namesAreCutAt63BytesWithoutSplittingCharacters() {
        assertThat(Identifiers.truncate("a".repeat(70))).isEqualTo("a".repeat(63));
        assertThat(Identifiers.truncate("é".repeat(40))).isEqualTo("é".repeat(31));
        assertThat(Identifiers.truncate("short")).isEqualTo("short");
    }

    @Test
    void unicodeIdentifiersDecode() {
        assertThat(Identifiers.unicodeIdentifierName("U&\"\\0075sers\"", 0, 13)).isEqualTo("users");
        String withEscape = "U&\"!0075se!+000072s\" UESCAPE '!'";
        assertThat(Identifiers.unicodeIdentifierName(withEscape, 0, withEscape.length())).isEqualTo("users");
        assertThat(Identifiers.unicodeIdentifierName("U&\"\\zz\"", 0, 7)).isNull();
        assertThat(Identifiers.unicodeIdentifierName("U&\"a\\\\b\"", 0, 8)).isEqualTo("a\\b");
    }

    @Test
    void anOverlongIdentifierReachesTheMappedTableItIsCutTo() {
        String stored = "t" + "x".repeat(62);
        SqlAnalyzer analyzer = new SqlAnalyzer(MappedTables.of(List.of(
                CorpusTables.mapping(null, stored, "t:{id}", null, ValueFormat.HASH))));
        String sql = "UPDATE " + stored.toUpperCase() + "_AND_MORE SET a = 1";
        assertThat(analyzer.mayWriteMappedTable(sql)).isTrue();
        assertThat(analyzer.analyze(sql)).isInstanceOfSatisfying(WritePlan.class,
                plan -> assertThat(plan.target().name()).isEqualTo(stored));
    }
}
