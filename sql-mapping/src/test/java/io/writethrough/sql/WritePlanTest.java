package io.writethrough.sql;

import io.writethrough.mapping.TableName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WritePlanTest {

    private final SqlAnalyzer analyzer = CorpusTables.analyzer();

    private WritePlan plan(String sql) {
        Analysis analysis = analyzer.analyze(sql);
        assertThat(analysis).isInstanceOf(WritePlan.class);
        return (WritePlan) analysis;
    }

    @Test
    void generatedKeyNamesAreQuotedLikePgjdbc() {
        WritePlan plan = plan("INSERT INTO users (name) VALUES (?)");
        assertThat(plan.sqlWithGeneratedKeys(new String[] {"id", "Created \"At\""})).isEqualTo(
                "INSERT INTO users (name) VALUES (?) RETURNING \"id\", \"Created \"\"At\"\"\", "
                        + "users.tableoid AS \"__wt_table\", txid_current() AS \"__wt_xid\", users.*");
    }

    @Test
    void starOrNullAskForEveryColumnAndAnEmptyArrayForNone() {
        WritePlan plan = plan("UPDATE users SET name = ? WHERE id = ?");
        assertThat(plan.sqlWithGeneratedKeys(new String[] {"*"})).isEqualTo(plan.sqlWithGeneratedKeys(null))
                .startsWith("UPDATE users SET name = ? WHERE id = ? RETURNING *, users.tableoid");
        assertThat(plan.sqlWithGeneratedKeys(new String[0])).isEqualTo(plan.sql());
    }

    @Test
    void ownReturningWinsOverGeneratedKeys() {
        WritePlan plan = plan("DELETE FROM users WHERE id = ? RETURNING name");
        assertThat(plan.sqlWithGeneratedKeys(null)).isEqualTo(plan.sql());
        assertThat(plan.sqlWithGeneratedKeys(new String[] {"id"})).isEqualTo(plan.sql());
    }

    @Test
    void badGeneratedKeyNamesAreRefused() {
        WritePlan plan = plan("INSERT INTO users (name) VALUES (?)");
        assertThatThrownBy(() -> plan.sqlWithGeneratedKeys(new String[] {"a", null}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> plan.sqlWithGeneratedKeys(new String[] {"a\0b"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    }

    @Test
    void onlyAnInsertOfValuesKnowsHowManyRowsItReturns() {
        assertThat(plan("INSERT INTO users (name) VALUES (?)").maxRows()).isEqualTo(1);
        assertThat(plan("INSERT INTO users (id, name) VALUES ((1), (2))").maxRows()).isEqualTo(1);
        assertThat(plan("INSERT INTO users (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')").maxRows()).isEqualTo(3);
        assertThat(plan("INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name")
                .maxRows()).isEqualTo(1);
        assertThat(plan("INSERT INTO users (id, name) VALUES (1, 'a') /* , (9, 'z') */, -- (8, 'y'),\n (2, 'b')")
                .maxRows()).isEqualTo(2);
        assertThat(plan("WITH v (id) AS (VALUES (1), (2)) INSERT INTO users (id) VALUES ((SELECT max(id) FROM v))")
                .maxRows()).isEqualTo(1);
        assertThat(plan("WITH v (id) AS (VALUES (1), (2)) INSERT INTO users (id) SELECT id FROM v").maxRows())
                .isEqualTo(-1);
        assertThat(plan("INSERT INTO users (id) SELECT 1 UNION ALL VALUES (2), (3)").maxRows()).isEqualTo(-1);
        assertThat(plan("INSERT INTO users (name) SELECT name FROM users").maxRows()).isEqualTo(-1);
        assertThat(plan("INSERT INTO users DEFAULT VALUES").maxRows()).isEqualTo(-1);
    }

    @Test
    void anUpdateOrDeleteThatFixesEveryKeyColumnReturnsAtMostOneRow() {
        assertThat(plan("UPDATE users SET name = ? WHERE id = ?").maxRows()).isEqualTo(1);
        assertThat(plan("UPDATE users u SET name = ? WHERE u.id = ?::bigint AND u.name <> 'x'").maxRows()).isEqualTo(1);
        assertThat(plan("DELETE FROM users WHERE 42 = id").maxRows()).isEqualTo(1);
        assertThat(plan("UPDATE order_lines SET qty = 1 WHERE line_no = ? AND order_id = ?").maxRows()).isEqualTo(1);
        assertThat(plan("UPDATE order_lines SET line_no = line_no + 1 WHERE order_id = 7 AND line_no = 2").maxRows())
                .isEqualTo(1);
        assertThat(plan("UPDATE \"AccMixed\" SET x = 1 WHERE \"ID\" = ?").maxRows()).isEqualTo(1);

        assertThat(plan("UPDATE order_lines SET qty = 1 WHERE order_id = ?").maxRows()).as("part of the key").isEqualTo(-1);
        assertThat(plan("UPDATE users SET name = ? WHERE id = ? OR name = ?").maxRows()).isEqualTo(-1);
        assertThat(plan("UPDATE users SET name = ? WHERE id > ?").maxRows()).isEqualTo(-1);
        assertThat(plan("UPDATE users SET name = ? WHERE id = other_id").maxRows()).isEqualTo(-1);
        assertThat(plan("UPDATE users SET name = ? WHERE id = (SELECT max(id) FROM users)").maxRows()).isEqualTo(-1);
        assertThat(plan("UPDATE users SET name = o.name FROM orders o WHERE id = ?").maxRows())
                .as("unqualified beside a join").isEqualTo(-1);
        assertThat(plan("UPDATE users SET name = o.name FROM orders o WHERE o.id = ?").maxRows()).isEqualTo(-1);
        assertThat(plan("UPDATE users SET name = o.name FROM orders o WHERE users.id = ?").maxRows()).isEqualTo(1);
        assertThat(plan("UPDATE users AS u SET name = ? WHERE users.id = ?").maxRows()).as("alias hides the name")
                .isEqualTo(-1);
        assertThat(plan("DELETE FROM users USING orders o WHERE o.id = ?").maxRows()).isEqualTo(-1);
        assertThat(plan("DELETE FROM users").maxRows()).isEqualTo(-1);
    }

    @Test
    void keyChangeReportsOldKeyColumnsInOrder() {
        WritePlan plan = plan("UPDATE order_lines SET order_id = ?, line_no = ? WHERE order_id = ?");
        assertThat(plan.keyChange()).isTrue();
        assertThat(plan.oldKeyColumns()).isEqualTo(2);
        assertThat(plan.oldKeyColumnNames()).containsExactly("order_id", "line_no");
        assertThat(plan.sql()).endsWith(", \"__wt_old\".\"__wt_k0\", \"__wt_old\".\"__wt_k1\"");
    }

    @Test
    void planIsImmutable() {
        WritePlan plan = plan("INSERT INTO customers (id) VALUES (?)");
        assertThatThrownBy(() -> plan.mappings().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> plan.oldKeyColumnNames().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(plan.toString()).doesNotContain("VALUES");
    }

    @Test
    void unsupportedMessageNamesConstructTableAndPolicyOption() {
        Unsupported unsupported = (Unsupported) analyzer.analyze("TRUNCATE users");
        assertThat(unsupported.table()).isEqualTo(TableName.unqualified("users"));
        assertThat(unsupported.construct()).isEqualTo("TRUNCATE");
        assertThat(unsupported.message()).isEqualTo("TRUNCATE on mapped table \"users\" cannot be written through "
                + "to Redis: TRUNCATE removes rows without returning them, so their Redis keys cannot be found "
                + "(writethrough.on.unsupported.write=ignore runs it anyway and may leave stale entries)");
        assertThat(unsupported.parseFailure()).isFalse();
    }

    @Test
    void parseFailuresAreMarkedAndNeverQuoteTheStatement() {
        Unsupported unsupported = (Unsupported) analyzer.analyze("UPDATE users SET secret = 's3cr3t' WHERE ((");
        assertThat(unsupported.parseFailure()).isTrue();
        assertThat(unsupported.message()).doesNotContain("s3cr3t").contains("\"users\"");
        Unsupported unclosed = (Unsupported) analyzer.analyze("UPDATE users SET bio = 'open");
        assertThat(unclosed.parseFailure()).isTrue();
        assertThat(unclosed.message()).contains("not closed");
    }

    @Test
    void extraColumnsComeLastBeforeTrailingComments() {
        WritePlan plan = plan("DELETE FROM users u WHERE id = ? -- by id\n").withExtraColumns(java.util.List.of("1", "u.id"));
        assertThat(plan.sql()).isEqualTo("DELETE FROM users u WHERE id = ? RETURNING u.tableoid AS \"__wt_table\", "
                + "txid_current() AS \"__wt_xid\", u.\"id\", 1 AS \"__wt_x0\", u.id AS \"__wt_x1\" -- by id\n");
        assertThat(plan.sqlWithGeneratedKeys(null)).endsWith("u.id AS \"__wt_x1\" -- by id\n");
        assertThat(plan.extraColumns()).isEqualTo(2);
        assertThat(plan.rowQualifier()).isEqualTo("u");
        assertThat(plan.withExtraColumns(java.util.List.of())).isSameAs(plan);
    }
}
