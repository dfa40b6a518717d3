package io.writethrough.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.mapping.KeyTemplate;
import io.writethrough.mapping.TableMapping;
import io.writethrough.mapping.TableName;
import io.writethrough.mapping.ValueFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableReshapeTest {

    private static TableReshape only(String sql) {
        List<TableReshape> reshapes = TableReshape.of(sql);
        assertThat(reshapes).as(sql).hasSize(1);
        return reshapes.get(0);
    }

    @Test
    void columnsAddedDroppedRetypedOrRenamed() {
        assertThat(only("ALTER TABLE accounts ADD COLUMN tier text NOT NULL DEFAULT 'basic'"))
                .isEqualTo(new TableReshape(TableName.unqualified("accounts"), false, Set.of("tier")));
        assertThat(only("alter table IF EXISTS ONLY shop.\"Accounts\" * add if not exists Tier int, "
                + "drop column if exists old cascade, alter column b set data type bigint using b::bigint, "
                + "alter c type numeric(10, 2), rename column d to e").columns())
                .containsExactlyInAnyOrder("tier", "old", "b", "c", "d");
        assertThat(only("ALTER TABLE shop.\"Accounts\" ADD x int").table()).isEqualTo(new TableName("shop", "Accounts"));
    }

    @Test
    void droppedRenamedOrMovedTablesAreWhole() {
        assertThat(only("ALTER TABLE accounts RENAME TO old_accounts").wholeTable()).isTrue();
        assertThat(only("ALTER TABLE accounts SET SCHEMA archive").wholeTable()).isTrue();
        assertThat(only("ALTER TABLE events DETACH PARTITION events_2025").wholeTable()).isTrue();
        assertThat(TableReshape.of("DROP TABLE IF EXISTS a, s.b CASCADE")).containsExactly(
                new TableReshape(TableName.unqualified("a"), true, Set.of()),
                new TableReshape(new TableName("s", "b"), true, Set.of()));
    }

    @Test
    void truncatedTablesAreWholeAndCascadeReachesEveryTable() {
        assertThat(TableReshape.of("TRUNCATE TABLE ONLY a, s.b * RESTART IDENTITY")).containsExactly(
                new TableReshape(TableName.unqualified("a"), true, Set.of()),
                new TableReshape(new TableName("s", "b"), true, Set.of()));
        List<TableReshape> cascade = TableReshape.of("truncate owners cascade");
        assertThat(cascade).contains(new TableReshape(null, true, Set.of()));
        assertThat(cascade.get(cascade.size() - 1).affects(mapping(List.of("balance"), "shop"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ALTER TABLE accounts ADD CONSTRAINT positive CHECK (balance >= 0)",
        "ALTER TABLE accounts ADD PRIMARY KEY (id), ADD UNIQUE (owner), ADD FOREIGN KEY (o) REFERENCES t (id)",
        "ALTER TABLE accounts ADD CHECK (balance >= 0) NOT VALID, DROP CONSTRAINT positive",
        "ALTER TABLE accounts ALTER COLUMN balance SET DEFAULT 0, ALTER balance DROP NOT NULL",
        "ALTER TABLE accounts RENAME CONSTRAINT a TO b",
        "ALTER TABLE accounts OWNER TO app, ENABLE TRIGGER ALL, SET (fillfactor = 70)",
        "ALTER TABLE events ATTACH PARTITION events_2027 FOR VALUES FROM (1) TO (2)",
        "ALTER INDEX accounts_pkey RENAME TO k",
        "DROP INDEX accounts_owner",
        "DROP VIEW accounts_view",
        "CREATE TABLE accounts (id int)",
        "UPDATE accounts SET balance = 0",
        "COMMENT ON TABLE accounts IS 'ALTER TABLE accounts ADD x int'"})
    void everythingElseReshapesNothing(String sql) {
        assertThat(TableReshape.of(sql)).as(sql).isEmpty();
    }

    @Test
    void everyStatementOfATextIsRead() {
        assertThat(TableReshape.of("CREATE TABLE t (id int); ALTER TABLE a ADD x int; /* ; */ DROP TABLE b"))
                .extracting(r -> r.table().name()).containsExactly("a", "b");
    }

    @Test
    void aMappingIsAffectedWhenItStoresWhatChanged() {
        TableMapping all = mapping(null);
        TableMapping some = mapping(List.of("balance"));
        TableReshape addTier = only("ALTER TABLE accounts ADD tier text");
        assertThat(addTier.affects(all)).isTrue();
        assertThat(addTier.affects(some)).isFalse();
        assertThat(only("ALTER TABLE accounts ALTER balance TYPE bigint").affects(some)).isTrue();
        assertThat(only("ALTER TABLE accounts RENAME id TO account_id").affects(some)).as("a key column").isTrue();
        assertThat(only("DROP TABLE accounts").affects(some)).isTrue();
        assertThat(only("ALTER TABLE other ADD tier text").affects(all)).isFalse();
        assertThat(only("ALTER TABLE archive.accounts ADD tier text").affects(mapping(null, "shop"))).isFalse();
        assertThat(only("ALTER TABLE shop.accounts ADD tier text").affects(all)).as("an unqualified mapping").isTrue();
    }

    private static TableMapping mapping(List<String> columns) {
        return mapping(columns, null);
    }

    private static TableMapping mapping(List<String> columns, String schema) {
        return new TableMapping(new TableName(schema, "accounts"), KeyTemplate.parse("account:{id}"), columns,
                ValueFormat.HASH, 0);
    }
}
