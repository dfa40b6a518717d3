package io.writethrough.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.writethrough.mapping.KeyTemplate;
import io.writethrough.mapping.TableMapping;
import io.writethrough.mapping.TableName;
import io.writethrough.mapping.ValueFormat;
import redis.clients.jedis.RedisClient;

/**
 * The oracle against a real PostgreSQL and Redis. Redis contents are written by hand in the canonical form of
 * docs/design.md#what-lands-in-redis, so these tests check the oracle's encoding rules, not only its comparisons.
 */
@ExtendWith(WriteThroughServices.class)
class CacheAssertionsTest {

    private static final String ROW_1_JSON = """
            {"id":1,"name":"Alice","price":12.50,"created":"2026-11-26T18:20:01.123456Z","data":"3q2+7w==",
             "note":null,"flag":true,"doc":{"a":null,"b":[1,2.50]},"tags":["x","y z"],"ratio":"0.1",
             "score":"1.0E20","day":"2026-11-26","at":"18:20:01.5","ts":"2026-11-26T18:20:01.123456",
             "big":9007199254740993,"small":-3,"uid":"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}""";
    private static final String ROW_2_JSON = """
            {"id":2,"name":"Zoë","price":5.00,"created":"2025-12-31T22:00:00Z","data":"","note":"hi",
             "flag":false,"doc":[],"tags":[],"ratio":"-2.5","score":"0.30000000000000004","day":"0001-01-01",
             "at":"00:00:00","ts":"2000-02-29T00:00:00","big":0,"small":0,"uid":null}""";

    private TestDatabase db;
    private TestRedis redis;
    private RedisClient client;
    private Connection connection;

    @BeforeEach
    void createItems(TestDatabase db, TestRedis redis) throws Exception {
        this.db = db;
        this.redis = redis;
        this.client = redis.client();
        db.execute("""
                CREATE TABLE items (
                  id int PRIMARY KEY, name text NOT NULL, price numeric(10,2), created timestamptz, data bytea,
                  note text, flag boolean, doc jsonb, tags text[], ratio real, score double precision, day date,
                  at time, ts timestamp, big bigint, small smallint, uid uuid)""",
                """
                INSERT INTO items VALUES
                 (1, 'Alice', 12.50, '2026-11-26 18:20:01.123456+00', '\\xdeadbeef', NULL, true,
                  '{"b": [1, 2.50], "a": null}', '{x,"y z"}', 0.1, 1e20, '2026-11-26', '18:20:01.5',
                  '2026-11-26 18:20:01.123456', 9007199254740993, -3, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
                 (2, 'Zoë', 5.00, '2026-01-01 00:00:00+02', '\\x', 'hi', false, '[]', '{}', -2.5,
                  0.30000000000000004, '0001-01-01', '00:00:00', '2000-02-29 00:00:00', 0, 0, NULL)""");
        connection = db.connect();
    }

    // ---- hash ----

    @Test
    void hashEntriesInCanonicalTextMatch() {
        writeCorrectHashes();

        assertThat(CacheAssertions.differences(connection, client, List.of(hashMapping()))).isEmpty();
        assertThatCode(() -> CacheAssertions.assertRedisMatchesDatabase(connection, client, List.of(hashMapping())))
                .doesNotThrowAnyException();
    }

    @Test
    void reportsAMissingKey() {
        writeCorrectHashes();
        client.del(key(2));

        assertThat(lines(hashMapping())).containsExactly("missing key " + key(2) + " (row id=2)");
    }

    @Test
    void reportsAnExtraKeyUnderTheTemplatesPrefix() {
        writeCorrectHashes();
        client.hset(key(99), Map.of("id", "99"));
        client.set(redis.key("other:1"), "not under the template's prefix");

        assertThat(lines(hashMapping())).containsExactly("extra key " + key(99) + " (no row)");
    }

    @Test
    void reportsStaleFields() {
        writeCorrectHashes();
        client.hset(key(1), Map.of(
                "name", "Alicia",
                "price", "12.5",
                "created", "2026-11-26T18:20:01.123456+00:00",
                "data", "deadbeef",
                "ratio", "0.10000000149011612"));

        assertThat(lines(hashMapping())).containsExactlyInAnyOrder(
                "stale field " + key(1) + " name: redis=\"Alicia\" db=\"Alice\"",
                "stale field " + key(1) + " price: redis=\"12.5\" db=\"12.50\"",
                "stale field " + key(1) + " created: redis=\"2026-11-26T18:20:01.123456+00:00\" db=\"2026-11-26T18:20:01.123456Z\"",
                "stale field " + key(1) + " data: redis=\"deadbeef\" db=\"3q2+7w==\"",
                "stale field " + key(1) + " ratio: redis=\"0.10000000149011612\" db=\"0.1\"");
    }

    @Test
    void reportsAFieldForANullColumnAndAMissingField() {
        writeCorrectHashes();
        client.hset(key(1), "note", "");
        client.hdel(key(2), "created");

        assertThat(lines(hashMapping())).containsExactly(
                "extra field " + key(1) + " note: redis=\"\" db=NULL",
                "missing field " + key(2) + " created: db=\"2025-12-31T22:00:00Z\"");
    }

    @Test
    void reportsAnEntryOfTheWrongType() {
        writeCorrectHashes();
        client.del(key(1));
        client.set(key(1), ROW_1_JSON);

        assertThat(lines(hashMapping())).containsExactly(
                "wrong type " + key(1) + ": redis holds a string, expected a hash (row id=1)");
    }

    @Test
    void onlyMappedColumnsAreExpected() {
        TableMapping mapping = new TableMapping(TableName.unqualified("items"), template("item:{id}"),
                List.of("name", "price"), ValueFormat.HASH, 0);
        client.hset(key(1), Map.of("name", "Alice", "price", "12.50", "id", "1"));
        client.hset(key(2), Map.of("name", "Zoë", "price", "5.00"));

        assertThat(lines(mapping)).containsExactly(
                "extra field " + key(1) + " id: redis=\"1\" (not a mapped column)");
    }

    @Test
    void assertionMessageListsEveryDifferenceUnderItsTable() {
        writeCorrectHashes();
        client.del(key(2));
        client.hset(key(1), "name", "Bob");
        client.hset(key(99), "id", "99");

        assertThatThrownBy(() -> CacheAssertions.assertRedisMatchesDatabase(connection, client, List.of(hashMapping())))
                .isInstanceOf(AssertionError.class)
                .hasMessage("items (" + redis.prefix() + "item:{id}): 3 differences\n"
                        + "  stale field " + key(1) + " name: redis=\"Bob\" db=\"Alice\"\n"
                        + "  missing key " + key(2) + " (row id=2)\n"
                        + "  extra key " + key(99) + " (no row)");
    }

    @Test
    void noStaleEntriesAllowsAbsentKeysButNothingElse() {
        writeCorrectHashes();
        client.del(key(2));
        List<TableMapping> mappings = List.of(hashMapping());

        assertThatCode(() -> CacheAssertions.assertNoStaleEntries(connection, client, mappings)).doesNotThrowAnyException();
        assertThat(CacheAssertions.differences(connection, client, mappings, MissingKeyPolicy.ALLOW)).isEmpty();

        client.hset(key(1), "flag", "false");
        client.hset(key(7), "id", "7");
        assertThatThrownBy(() -> CacheAssertions.assertNoStaleEntries(connection, client, mappings))
                .isInstanceOf(AssertionError.class)
                .hasMessage("items (" + redis.prefix() + "item:{id}): 2 differences\n"
                        + "  stale field " + key(1) + " flag: redis=\"false\" db=\"true\"\n"
                        + "  extra key " + key(7) + " (no row)");
    }

    // ---- json ----

    @Test
    void jsonEntriesMatchWhateverTheMemberOrderAndSpacing() {
        client.set(key(1), ROW_1_JSON);
        client.set(key(2), """
                { "uid": null, "small": 0, "big": 0, "ts": "2000-02-29T00:00:00", "at": "00:00:00",
                  "day": "0001-01-01", "score": "0.30000000000000004", "ratio": "-2.5", "tags": [ ], "doc": [ ],
                  "flag": false, "note": "hi", "data": "", "created": "2025-12-31T22:00:00Z", "price": 5.00,
                  "name": "Zo\\u00eb", "id": 2 }""");

        assertThat(lines(jsonMapping())).isEmpty();
    }

    @Test
    void reportsStaleJsonMembersComparingNumbersByExactDecimalText() {
        client.set(key(1), ROW_1_JSON
                .replace("\"price\":12.50", "\"price\":12.5")
                .replace("\"flag\":true", "\"flag\":\"true\"")
                .replace("\"doc\":{\"a\":null,\"b\":[1,2.50]}", "\"doc\":\"{\\\"a\\\": null, \\\"b\\\": [1, 2.50]}\"")
                .replace("\"big\":9007199254740993", "\"big\":9007199254740992")
                .replace("\"ratio\":\"0.1\"", "\"ratio\":0.1"));
        client.set(key(2), ROW_2_JSON.replace("\"price\":5.00", "\"price\":\"5.00\""));

        assertThat(lines(jsonMapping())).containsExactlyInAnyOrder(
                "stale member " + key(1) + " price: redis=12.5 db=12.50",
                "stale member " + key(1) + " flag: redis=\"true\" db=true",
                "stale member " + key(1) + " doc: redis=\"{\\\"a\\\": null, \\\"b\\\": [1, 2.50]}\" db={\"a\":null,\"b\":[1,2.50]}",
                "stale member " + key(1) + " big: redis=9007199254740992 db=9007199254740993",
                "stale member " + key(1) + " ratio: redis=0.1 db=\"0.1\"",
                "stale member " + key(2) + " price: redis=\"5.00\" db=5.00");
    }

    @Test
    void reportsMissingAndExtraJsonMembers() {
        client.set(key(1), ROW_1_JSON.replace("\"note\":null,", "").replace("\"id\":1,", "\"id\":1,\"extra\":[true],"));
        client.set(key(2), ROW_2_JSON);

        assertThat(lines(jsonMapping())).containsExactly(
                "missing member " + key(1) + " note: db=null",
                "extra member " + key(1) + " extra: redis=[true]");
    }

    @Test
    void reportsJsonThatDoesNotParseOrIsNotAnObject() {
        client.set(key(1), ROW_1_JSON + " trailing");
        client.set(key(2), "[1,2]");

        List<String> lines = lines(jsonMapping());

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("unreadable value " + key(1) + ": not JSON (");
        assertThat(lines.get(1)).isEqualTo("unreadable value " + key(2) + ": expected a JSON object; redis=\"[1,2]\"");
    }

    @Test
    void reportsDuplicateJsonMembersAsUnreadable() {
        client.set(key(1), ROW_1_JSON.replace("\"id\":1,", "\"id\":1,\"id\":1,"));
        client.set(key(2), ROW_2_JSON);

        assertThat(lines(jsonMapping())).singleElement().asString()
                .startsWith("unreadable value " + key(1) + ": not JSON (Duplicate field 'id'");
    }

    @Test
    void jsonArraysFollowTheElementTypesRules() {
        db.execute("CREATE TABLE events (id int PRIMARY KEY, nums int[], stamps timestamptz[], grid int[][], words text[])",
                "INSERT INTO events VALUES (1, '{1,NULL,3}', '{\"2026-11-26 18:20:01.5+01\"}', '{{1,2},{3,4}}', '{a,NULL,\"b,c\"}')");
        TableMapping mapping = new TableMapping(TableName.unqualified("events"), template("event:{id}"), null,
                ValueFormat.JSON, 0);
        client.set(redis.key("event:1"), """
                {"id":1,"nums":[1,null,3],"stamps":["2026-11-26T17:20:01.500Z"],"grid":[[1,2],[3,4]],
                 "words":["a",null,"b,c"]}""");

        assertThat(lines(mapping)).isEmpty();

        client.set(redis.key("event:1"), """
                {"id":1,"nums":[1,3],"stamps":["2026-11-26T17:20:01.5Z"],"grid":[1,2,3,4],"words":["a","null","b,c"]}""");
        assertThat(lines(mapping)).containsExactly(
                "stale member " + redis.key("event:1") + " nums: redis=[1,3] db=[1,null,3]",
                "stale member " + redis.key("event:1") + " stamps: redis=[\"2026-11-26T17:20:01.5Z\"] db=[\"2026-11-26T17:20:01.500Z\"]",
                "stale member " + redis.key("event:1") + " grid: redis=[1,2,3,4] db=[[1,2],[3,4]]",
                "stale member " + redis.key("event:1") + " words: redis=[\"a\",\"null\",\"b,c\"] db=[\"a\",null,\"b,c\"]");
    }

    // ---- rows, keys and tables ----

    @Test
    void canonicalTextDoesNotDependOnTheJvmTimeZone() throws Exception {
        writeCorrectHashes();
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns"));
        try (Connection otherZone = db.connect()) {
            assertThat(CacheAssertions.differences(otherZone, client, List.of(hashMapping()))).isEmpty();
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void schemaQualifiedMappingReadsThatSchemasTable() throws Exception {
        writeCorrectHashes();
        TableMapping qualified = new TableMapping(new TableName(db.schema(), "items"), template("item:{id}"), null,
                ValueFormat.HASH, 0);
        try (Connection publicPath = db.postgres().connect()) {
            assertThat(CacheAssertions.differences(publicPath, client, List.of(qualified))).isEmpty();
        }
    }

    @Test
    void compositeKeysAndMixedCaseTableNames() {
        db.execute("CREATE TABLE \"OrderLine\" (order_id int, line_no int, \"Qty\" int, PRIMARY KEY (order_id, line_no))",
                "INSERT INTO \"OrderLine\" VALUES (10, 1, 3), (10, 2, NULL)");
        TableMapping mapping = new TableMapping(TableName.unqualified("OrderLine"), template("order:{order_id}:line:{line_no}"),
                List.of("Qty"), ValueFormat.HASH, 0);
        client.hset(redis.key("order:10:line:1"), "Qty", "3");

        assertThat(lines(mapping)).containsExactly(
                "missing key " + redis.key("order:10:line:2") + " (row order_id=10, line_no=2)");
    }

    @Test
    void rowsRenderingTheSameKeyAreReported() {
        db.execute("CREATE TABLE dupes (id int, v text)", "INSERT INTO dupes VALUES (1, 'a'), (1, 'b')");
        TableMapping mapping = new TableMapping(TableName.unqualified("dupes"), template("dupe:{id}"), null,
                ValueFormat.HASH, 0);
        client.hset(redis.key("dupe:1"), Map.of("id", "1", "v", "a"));

        assertThat(lines(mapping)).containsExactly(
                "duplicate key " + redis.key("dupe:1") + ": rows id=1 and id=1 render the same key");
    }

    @Test
    void rowsWithANullKeyColumnExpectNoEntry() {
        db.execute("CREATE TABLE nullable (id int, v text)", "INSERT INTO nullable VALUES (NULL, 'a')");
        TableMapping mapping = new TableMapping(TableName.unqualified("nullable"), template("n:{id}"), null,
                ValueFormat.HASH, 0);

        assertThat(lines(mapping)).isEmpty();
    }

    @Test
    void templatesSharingAPrefixDoNotClaimEachOthersKeys() {
        db.execute("CREATE TABLE addresses (user_id int, n int, city text, PRIMARY KEY (user_id, n))",
                "INSERT INTO addresses VALUES (1, 1, 'Oslo')");
        writeCorrectHashes();
        TableMapping addresses = new TableMapping(TableName.unqualified("addresses"), template("item:{user_id}:address:{n}"),
                List.of("city"), ValueFormat.HASH, 0);
        client.hset(redis.key("item:1:address:1"), "city", "Oslo");

        assertThat(CacheAssertions.differences(connection, client, List.of(hashMapping(), addresses))).isEmpty();

        client.hset(redis.key("item:1:address:2"), "city", "Bergen");
        assertThat(CacheAssertions.differences(connection, client, List.of(hashMapping(), addresses)))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.kind()).isEqualTo(CacheDifference.Kind.EXTRA_KEY);
                    assertThat(d.mapping()).isEqualTo(addresses);
                });
    }

    @Test
    void refusesATemplateWithoutALiteralPrefix() {
        TableMapping mapping = new TableMapping(TableName.unqualified("items"), KeyTemplate.parse("{id}"), null,
                ValueFormat.HASH, 0);

        assertThatThrownBy(() -> CacheAssertions.differences(connection, client, List.of(mapping)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'{id}'")
                .hasMessageContaining("no literal prefix");
    }

    @Test
    void namesAMappedColumnTheTableLacks() {
        TableMapping mapping = new TableMapping(TableName.unqualified("items"), template("item:{idx}"), null,
                ValueFormat.HASH, 0);

        assertThatThrownBy(() -> CacheAssertions.differences(connection, client, List.of(mapping)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("table items has no column 'idx'");
    }

    @Test
    void messagesEscapeControlCharacters() {
        assertThat(CacheAssertions.quoted("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    }

    // ---- helpers ----

    private void writeCorrectHashes() {
        Map<String, String> row1 = new LinkedHashMap<>();
        row1.put("id", "1");
        row1.put("name", "Alice");
        row1.put("price", "12.50");
        row1.put("created", "2026-11-26T18:20:01.123456Z");
        row1.put("data", "3q2+7w==");
        row1.put("flag", "true");
        row1.put("doc", "{\"a\": null, \"b\": [1, 2.50]}");
        row1.put("tags", "{x,\"y z\"}");
        row1.put("ratio", "0.1");
        row1.put("score", "1.0E20");
        row1.put("day", "2026-11-26");
        row1.put("at", "18:20:01.5");
        row1.put("ts", "2026-11-26T18:20:01.123456");
        row1.put("big", "9007199254740993");
        row1.put("small", "-3");
        row1.put("uid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        client.hset(key(1), row1);
        Map<String, String> row2 = new LinkedHashMap<>();
        row2.put("id", "2");
        row2.put("name", "Zoë");
        row2.put("price", "5.00");
        row2.put("created", "2025-12-31T22:00:00Z");
        row2.put("data", "");
        row2.put("note", "hi");
        row2.put("flag", "false");
        row2.put("doc", "[]");
        row2.put("tags", "{}");
        row2.put("ratio", "-2.5");
        row2.put("score", "0.30000000000000004");
        row2.put("day", "0001-01-01");
        row2.put("at", "00:00:00");
        row2.put("ts", "2000-02-29T00:00:00");
        row2.put("big", "0");
        row2.put("small", "0");
        client.hset(key(2), row2);
    }

    private List<String> lines(TableMapping mapping) {
        return CacheAssertions.differences(connection, client, List.of(mapping)).stream()
                .map(CacheDifference::describe).toList();
    }

    private TableMapping hashMapping() {
        return new TableMapping(TableName.unqualified("items"), template("item:{id}"), null, ValueFormat.HASH, 0);
    }

    private TableMapping jsonMapping() {
        return new TableMapping(TableName.unqualified("items"), template("item:{id}"), null, ValueFormat.JSON, 0);
    }

    private KeyTemplate template(String afterPrefix) {
        return KeyTemplate.parse(redis.prefix() + afterPrefix);
    }

    private String key(int id) {
        return redis.key("item:" + id);
    }
}
