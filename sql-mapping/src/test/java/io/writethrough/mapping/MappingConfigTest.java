package io.writethrough.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MappingConfigTest {

    private static final String SOURCE = "test.properties";

    static Properties props(String... keysAndValues) {
        Properties props = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return props;
    }

    private static MappingConfig parse(String... keysAndValues) {
        return MappingConfig.parse(props(keysAndValues), SOURCE);
    }

    private static String errorOf(String... keysAndValues) {
        try {
            parse(keysAndValues);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("no ConfigException");
    }

    @Test
    void minimalFileGetsDefaults() {
        MappingConfig config = parse("table.users.key", "user:{id}");

        assertThat(config.source()).isEqualTo(SOURCE);
        assertThat(config.redisUrl()).isEqualTo("redis://localhost:6379");
        assertThat(config.getInt(Setting.REDIS_TIMEOUT_MS)).isEqualTo(2000);
        assertThat(config.get(Setting.REDIS_POOL_SIZE)).isEqualTo("auto");
        assertThat(config.getInt(Setting.PLAN_CACHE_SIZE)).isEqualTo(1000);
        assertThat(config.get(Setting.ON_UNSUPPORTED_WRITE)).isEqualTo("fail");
        assertThat(config.tables()).containsExactly(new TableMapping(
                TableName.unqualified("users"), KeyTemplate.parse("user:{id}"), null, ValueFormat.HASH, 0));
        assertThat(config.tables().get(0).storesAllColumns()).isTrue();
    }

    @Test
    void readsEverySetting() {
        MappingConfig config = parse(
                "redis.url", "rediss://cache.example.com:6380/2",
                "redis.timeout.ms", "500",
                "redis.pool.size", "16",
                "on.unsupported.write", "ignore",
                "plan.cache.size", "50",
                "table.sales.orders.key", "order:{order_id}",
                "table.sales.orders.columns", " order_id , total,Note ",
                "table.sales.orders.format", "json",
                "table.sales.orders.ttl", " 60 ",
                "table.AccMixed.key", "acc:{AccId}");

        assertThat(config.redisUrl()).isEqualTo("rediss://cache.example.com:6380/2");
        assertThat(config.getInt(Setting.REDIS_TIMEOUT_MS)).isEqualTo(500);
        assertThat(config.get(Setting.REDIS_POOL_SIZE)).isEqualTo("16");
        assertThat(config.get(Setting.ON_UNSUPPORTED_WRITE)).isEqualTo("ignore");
        assertThat(config.getInt(Setting.PLAN_CACHE_SIZE)).isEqualTo(50);
        assertThat(config.tables()).containsExactly(
                new TableMapping(TableName.unqualified("AccMixed"), KeyTemplate.parse("acc:{AccId}"), null,
                        ValueFormat.HASH, 0),
                new TableMapping(new TableName("sales", "orders"), KeyTemplate.parse("order:{order_id}"),
                        List.of("order_id", "total", "Note"), ValueFormat.JSON, 60));
    }

    @Test
    void looksUpTablesByStoredName() {
        MappingConfig config = parse(
                "table.orders.key", "o:{id}",
                "table.sales.orders.key", "so:{id}",
                "table.users.key", "u:{id}");

        assertThat(config.tablesNamed("orders")).extracting(TableMapping::table)
                .containsExactly(TableName.unqualified("orders"), new TableName("sales", "orders"));
        assertThat(config.tablesNamed("ORDERS")).isEmpty();
        assertThat(config.tablesNamed("sales")).isEmpty();
        assertThat(config.tableNames()).containsExactlyInAnyOrder("orders", "users");
    }

    @Test
    void tableNameAfterSchemaMayContainDots() {
        MappingConfig config = parse("table.s.a.b.key", "k:{id}");

        assertThat(config.tables().get(0).table()).isEqualTo(new TableName("s", "a.b"));
    }

    @Test
    void emptyConfigurationHasNoTables() {
        MappingConfig config = parse();

        assertThat(config.tables()).isEmpty();
        assertThat(config.tableNames()).isEmpty();
    }

    @Test
    void getIntRejectsNonIntegerSetting() {
        MappingConfig config = parse();

        assertThatThrownBy(() -> config.getInt(Setting.REDIS_URL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setting 'redis.url' does not hold an integer");
    }

    @Test
    void missingKeyForAConfiguredTable() {
        assertThat(errorOf("table.users.ttl", "5", "table.users.format", "json")).isEqualTo(
                "test.properties: table 'users' has 'table.users.format', 'table.users.ttl' but no key "
                        + "'table.users.key'; expected a key template, e.g. table.users.key=users:{id}");
    }

    @Test
    void unknownFormat() {
        assertThat(errorOf("table.users.key", "u:{id}", "table.users.format", "xml")).isEqualTo(
                "test.properties: key 'table.users.format' has value 'xml'; expected one of: hash, json");
        assertThat(errorOf("table.users.key", "u:{id}", "table.users.format", "HASH")).isEqualTo(
                "test.properties: key 'table.users.format' has value 'HASH'; expected one of: hash, json");
    }

    @Test
    void templateErrorNamesSourceAndKey() {
        assertThat(errorOf("table.users.key", "user:{id")).isEqualTo(
                "test.properties: key 'table.users.key' has value 'user:{id'; expected a key template with {column} "
                        + "placeholders separated by text: unclosed '{' at position 5 in key template 'user:{id'");
        assertThat(errorOf("table.users.key", "users")).startsWith(
                "test.properties: key 'table.users.key' has value 'users'; expected a key template");
        assertThat(errorOf("table.users.key", " ")).isEqualTo(
                "test.properties: key 'table.users.key' has value ''; expected a key template with {column} "
                        + "placeholders separated by text: key template is empty; expected text with {column} "
                        + "placeholders, e.g. 'user:{id}'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"-1", "abc", "1.5", "''", "99999999999999999999"})
    void badTtl(String ttl) {
        assertThat(errorOf("table.users.key", "u:{id}", "table.users.ttl", ttl)).isEqualTo(
                "test.properties: key 'table.users.ttl' has value '" + ttl
                        + "'; expected a whole number of seconds, 0 or more");
    }

    @Test
    void zeroTtlMeansNone() {
        assertThat(parse("table.users.key", "u:{id}", "table.users.ttl", "0").tables().get(0).ttlSeconds()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''", "a,,b", "'a, '", ",a"})
    void columnsWithEmptyItems(String columns) {
        assertThat(errorOf("table.users.key", "u:{id}", "table.users.columns", columns)).isEqualTo(
                "test.properties: key 'table.users.columns' has value '" + columns.strip()
                        + "'; expected a comma-separated list of column names without empty items");
    }

    @Test
    void columnsListedTwice() {
        assertThat(errorOf("table.users.key", "u:{id}", "table.users.columns", "id,name,id")).isEqualTo(
                "test.properties: key 'table.users.columns' has value 'id,name,id'; "
                        + "column 'id' is listed twice; expected each column once");
    }

    @Test
    void keyColumnsNeedNotBeStored() {
        MappingConfig config = parse("table.users.key", "u:{id}", "table.users.columns", "name");

        assertThat(config.tables().get(0).columns()).containsExactly("name");
    }

    @Test
    void unknownGlobalKeySuggestsTheClosest() {
        assertThat(errorOf("redis.ur", "redis://localhost")).isEqualTo(
                "test.properties: unknown key 'redis.ur'; expected one of redis.url, redis.cluster.nodes, redis.sentinel.master, redis.sentinel.nodes, redis.sentinel.user, redis.sentinel.password, redis.user, redis.password, redis.ssl, redis.wait.replicas, redis.timeout.ms, "
                        + "redis.pool.size, redis.pipeline, on.unsupported.write, on.unseen.write, plan.cache.size, recovery.interval.ms or table.<table>.<setting>; "
                        + "did you mean 'redis.url'?");
        assertThat(errorOf("redis.timeout", "5")).endsWith("; did you mean 'redis.timeout.ms'?");
    }

    @Test
    void unknownKeyFarFromAnyGetsNoSuggestion() {
        assertThat(errorOf("cache.size", "5")).isEqualTo(
                "test.properties: unknown key 'cache.size'; expected one of redis.url, redis.cluster.nodes, redis.sentinel.master, redis.sentinel.nodes, redis.sentinel.user, redis.sentinel.password, redis.user, redis.password, redis.ssl, redis.wait.replicas, redis.timeout.ms, "
                        + "redis.pool.size, redis.pipeline, on.unsupported.write, on.unseen.write, plan.cache.size, recovery.interval.ms or table.<table>.<setting>");
    }

    @Test
    void misspeltTablePrefixSuggestsTheTableKey() {
        assertThat(errorOf("tabel.users.key", "u:{id}")).endsWith("; did you mean 'table.users.key'?");
    }

    @Test
    void unknownTableSettingSuggestsTheClosest() {
        assertThat(errorOf("table.users.key", "u:{id}", "table.users.tll", "5")).isEqualTo(
                "test.properties: unknown table setting 'tll' in key 'table.users.tll'; expected one of key, columns, "
                        + "format, ttl; did you mean 'table.users.ttl'?");
        assertThat(errorOf("table.users.KEY", "u:{id}")).endsWith("; did you mean 'table.users.key'?");
        assertThat(errorOf("table.users.expiry", "5")).isEqualTo(
                "test.properties: unknown table setting 'expiry' in key 'table.users.expiry'; expected one of key, "
                        + "columns, format, ttl");
    }

    @ParameterizedTest
    @CsvSource({"table.users", "table..key", "table.sales..key", "table.", "table..sales.orders.key"})
    void tableKeyWithoutTableOrSetting(String key) {
        assertThat(errorOf(key, "x")).isEqualTo("test.properties: key '" + key
                + "' does not name a table and a setting; expected table.<table>.<setting> or "
                + "table.<schema>.<table>.<setting> with <setting> one of key, columns, format, ttl");
    }

    @Test
    void prefixedKeyInTheFileIsExplained() {
        assertThat(errorOf("writethrough.redis.url", "redis://h")).isEqualTo(
                "test.properties: unknown key 'writethrough.redis.url'; keys in the file take no 'writethrough.' "
                        + "prefix: did you mean 'redis.url'?");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://localhost:6379 | the scheme must be redis or rediss",
        "localhost:6379 | the scheme must be redis or rediss",
        "'' | the scheme must be redis or rediss",
        "redis:// | it is not a valid URI",
        "redis://:6379 | it names no host (or has a bad port)",
        "redis://host:port | it names no host (or has a bad port)",
        "redis://host:70000 | the port is out of range",
        "redis://host:6379/cache | the path must be a database number",
        "redis://ho st:6379 | it is not a valid URI",
    })
    void malformedRedisUrl(String url, String problem) {
        assertThat(errorOf("redis.url", url)).isEqualTo("test.properties: key 'redis.url' has value '" + url + "'; "
                + problem + "; expected redis://[user:password@]host[:port][/db], or rediss://... for TLS");
    }

    @Test
    void acceptedRedisUrls() {
        for (String url : List.of("redis://localhost", "redis://h:1/0", "rediss://u:p@h:6380/15", "redis://:p@h/",
                "REDIS://h", "redis://[::1]:6379", "redis://h:6379?protocol=3")) {
            assertThat(parse("redis.url", url).redisUrl()).isEqualTo(url);
        }
    }

    @Test
    void aRedisHostNameWithAnUnderscoreIsAccepted() {
        // java.net.URI finds no host in 'redis_cache' (a usual Docker Compose service name); it was refused.
        for (String url : List.of("redis://redis_cache:6379", "redis://redis_cache", "rediss://u:p@my_redis.net_1:6380/1",
                "redis://:Canary+Pw42@redis_cache")) {
            assertThat(parse("redis.url", url).redisUrl()).isEqualTo(url);
        }
        assertThat(errorOf("redis.url", "redis://redis_cache:port")).contains("it names no host (or has a bad port)");
        assertThat(errorOf("redis.url", "redis://redis_cache:70000")).contains("the port is out of range");
        assertThat(errorOf("redis.url", "redis://redis_cache/x")).contains("the path must be a database number");
        assertThat(errorOf("redis.url", "redis://u:p@redis_cache@x")).contains("it names no host (or has a bad port)");
        assertThat(errorOf("redis.url", "redis://u:%FF@h")).contains("its user name or password has a percent-escape that "
                + "is not UTF-8");
    }

    @ParameterizedTest
    @CsvSource({
        "redis.timeout.ms, 0", "redis.timeout.ms, abc", "redis.timeout.ms, -5", "plan.cache.size, 1e3",
    })
    void badIntegers(String key, String value) {
        assertThat(errorOf(key, value)).isEqualTo("test.properties: key '" + key + "' has value '" + value
                + "'; expected a positive integer (at most 2147483647)");
    }

    @ParameterizedTest
    @CsvSource({"2147483648", "0", "-1", "automatic", "1e3"})
    void badPoolSizes(String value) {
        assertThat(errorOf("redis.pool.size", value)).isEqualTo("test.properties: key 'redis.pool.size' has value '"
                + value + "'; expected auto or a whole number of connections, 1 or more");
    }

    @Test
    void valueOutsideAllowed() {
        assertThat(errorOf("on.unsupported.write", "skip")).isEqualTo(
                "test.properties: key 'on.unsupported.write' has value 'skip'; expected one of: fail, ignore");
    }

    @Test
    void firstErrorInSortedKeyOrderIsReported() {
        Properties props = props("table.a.format", "xml", "redis.pool.size", "x", "table.a.key", "a:{id");
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> MappingConfig.parse(props, SOURCE))
                    .hasMessageStartingWith("test.properties: key 'redis.pool.size' has value 'x'");
        }
        assertThat(errorOf("table.a.format", "xml", "table.a.key", "a:{id"))
                .startsWith("test.properties: key 'table.a.format'");
    }

    @Test
    void overridesWinOverTheFile() {
        Properties file = props("redis.url", "redis://file-host:6379", "redis.pool.size", "4",
                "table.users.key", "u:{id}", "table.users.ttl", "10");
        Properties overrides = props("writethrough.redis.url", "redis://override-host:6379",
                "writethrough.table.users.ttl", "30",
                "writethrough.table.items.key", "i:{id}",
                "writethrough.config", "/etc/app/writethrough.properties",
                "user", "app", "password", "not-ours", "ssl", "true");

        MappingConfig config = MappingConfig.parse(file, SOURCE, overrides);

        assertThat(config.redisUrl()).isEqualTo("redis://override-host:6379");
        assertThat(config.get(Setting.REDIS_POOL_SIZE)).isEqualTo("4");
        assertThat(config.tablesNamed("users").get(0).ttlSeconds()).isEqualTo(30);
        assertThat(config.tableNames()).containsExactlyInAnyOrder("users", "items");
    }

    @Test
    void overrideReplacesABadFileValue() {
        MappingConfig config = MappingConfig.parse(props("redis.timeout.ms", "soon"), SOURCE,
                props("writethrough.redis.timeout.ms", "100"));

        assertThat(config.getInt(Setting.REDIS_TIMEOUT_MS)).isEqualTo(100);
    }

    @Test
    void overrideErrorsNameTheProperty() {
        assertThatThrownBy(() -> MappingConfig.parse(props(), SOURCE, props("writethrough.redis.timeout.ms", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.properties (overridden by connection/system properties): key "
                        + "'writethrough.redis.timeout.ms' has value 'soon'; expected a positive integer (at most 2147483647)");
        assertThatThrownBy(() -> MappingConfig.parse(props(), SOURCE, props("writethrough.redis.ur", "x")))
                .hasMessage("test.properties (overridden by connection/system properties): unknown key "
                        + "'writethrough.redis.ur'; expected one of writethrough.redis.url, writethrough.redis.cluster.nodes, writethrough.redis.sentinel.master, writethrough.redis.sentinel.nodes, writethrough.redis.sentinel.user, writethrough.redis.sentinel.password, writethrough.redis.user, writethrough.redis.password, writethrough.redis.ssl, writethrough.redis.wait.replicas, writethrough.redis.timeout.ms, "
                        + "writethrough.redis.pool.size, writethrough.redis.pipeline, writethrough.on.unsupported.write, writethrough.on.unseen.write, writethrough.plan.cache.size, "
                        + "writethrough.recovery.interval.ms or writethrough.table.<table>.<setting>; did you mean 'writethrough.redis.url'?");
        assertThatThrownBy(() -> MappingConfig.parse(props(), SOURCE, props("writethrough.table.users.tll", "5")))
                .hasMessageEndingWith("did you mean 'writethrough.table.users.ttl'?");
    }

    @Test
    void overridePropertiesWithoutThePrefixAreIgnored() {
        MappingConfig config = MappingConfig.parse(props(), SOURCE, props("redis.url", "not a url", "table.x", "y"));

        assertThat(config.redisUrl()).isEqualTo("redis://localhost:6379");
    }

    @Test
    void twoTopologiesAreRefusedNamingBothKeys() {
        assertThatThrownBy(() -> parse("redis.url", "redis://r:6379", "redis.cluster.nodes", "a:1,b:2"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.properties: 'redis.url' and 'redis.cluster.nodes' name two Redis topologies");
        assertThatThrownBy(() -> parse("redis.cluster.nodes", "a:1", "redis.sentinel.master", "m",
                "redis.sentinel.nodes", "s:26379"))
                .hasMessageContaining("'redis.cluster.nodes' and 'redis.sentinel.master' name two Redis topologies");
    }

    @Test
    void sentinelNeedsTheMasterAndTheNodes() {
        assertThatThrownBy(() -> parse("redis.sentinel.master", "cache"))
                .hasMessage("test.properties: 'redis.sentinel.master' is given without 'redis.sentinel.nodes'; "
                        + "Sentinel needs both: the master's name and the sentinels' host:port list");
        assertThatThrownBy(() -> parse("redis.sentinel.nodes", "s:26379"))
                .hasMessageContaining("'redis.sentinel.nodes' is given without 'redis.sentinel.master'");
    }

    @Test
    void theSentinelsCredentialsGoWithSentinelAndAUserWithItsPassword() {
        assertThatThrownBy(() -> parse("redis.url", "redis://r:6379", "redis.sentinel.password", "s3cret"))
                .hasMessage("test.properties: 'redis.sentinel.password' is given without 'redis.sentinel.master'; it "
                        + "is for the sentinels themselves: for the Redis written to, give 'redis.user' and "
                        + "'redis.password'")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> parse("redis.cluster.nodes", "a:1", "redis.sentinel.user", "watcher"))
                .hasMessageContaining("'redis.sentinel.user' is given without 'redis.sentinel.master'");
        assertThatThrownBy(() -> parse("redis.sentinel.master", "m", "redis.sentinel.nodes", "s:26379",
                "redis.sentinel.user", "watcher"))
                .hasMessage("test.properties: 'redis.sentinel.user' is given without 'redis.sentinel.password'; an "
                        + "ACL user needs its password");
        MappingConfig config = parse("redis.sentinel.master", "m", "redis.sentinel.nodes", "s:26379",
                "redis.sentinel.user", "watcher", "redis.sentinel.password", "s3cret");
        assertThat(config.toString()).contains("redis.sentinel.password=****", "redis.sentinel.user=watcher")
                .doesNotContain("s3cret");
    }

    @Test
    void aPasswordIsGivenOnceAndNeverShown() {
        assertThatThrownBy(() -> parse("redis.url", "redis://u:s3cret@r:6379", "redis.password", "other"))
                .hasMessage("test.properties: both 'redis.url' and 'redis.password' give a password; give it once")
                .hasMessageNotContaining("s3cret");
        MappingConfig config = parse("redis.cluster.nodes", "a:1", "redis.user", "app", "redis.password", "s3cret");
        assertThat(config.toString()).contains("redis.password=****", "redis.user=app", "redis.cluster.nodes=a:1")
                .doesNotContain("s3cret").as("redis.url's default, unused beside a cluster").doesNotContain("redis.url");
        assertThat(parse("redis.url", "redis://r:6379", "table.users.key", "u:{id}").toString())
                .contains("redis.url=redis://r:6379");
        assertThat(config.isGiven(Setting.REDIS_CLUSTER_NODES)).isTrue();
        assertThat(config.isGiven(Setting.REDIS_URL)).isFalse();
    }

    @Test
    void badHostPortListsNameTheItem() {
        assertThatThrownBy(() -> parse("redis.cluster.nodes", "a:1,b"))
                .hasMessage("test.properties: key 'redis.cluster.nodes' has value 'a:1,b'; item 'b' is not host:port; "
                        + "expected a comma list of host:port, e.g. redis-1:6379,redis-2:6379");
        assertThatThrownBy(() -> parse("redis.sentinel.nodes", "a:1,,b:2")).hasMessageContaining("an item is empty");
        assertThatThrownBy(() -> parse("redis.cluster.nodes", "a:70000")).hasMessageContaining("port out of range");
        assertThatThrownBy(() -> parse("redis.wait.replicas", "-1"))
                .hasMessageContaining("expected auto or a whole number of replicas, 0 or more");
        assertThat(HostPort.parseList(" a:1, [::1]:7000 ,redis_x:6379")).containsExactly(new HostPort("a", 1),
                new HostPort("::1", 7000), new HostPort("redis_x", 6379));
        assertThat(new HostPort("::1", 7000)).hasToString("[::1]:7000");
    }

    @Test
    void toStringListsSettingsAndTables() {
        MappingConfig config = parse("table.users.key", "u:{id}", "table.s.o.key", "o:{id}",
                "table.s.o.columns", "a,b", "table.s.o.format", "json", "table.s.o.ttl", "9");

        assertThat(config).hasToString("MappingConfig[source=test.properties, redis.url=redis://localhost:6379, "
                + "redis.ssl=false, redis.wait.replicas=auto, redis.timeout.ms=2000, redis.pool.size=auto, redis.pipeline=statement, on.unsupported.write=fail, on.unseen.write=fail, plan.cache.size=1000, "
                + "recovery.interval.ms=10000, tables=[s.o: key=o:{id}, columns=a,b, format=json, ttl=9; "
                + "users: key=u:{id}, columns=all, format=hash, ttl=none]]");
    }

    @Test
    void editDistance() {
        assertThat(MappingConfig.editDistance("redis.ur", "redis.url")).isEqualTo(1);
        assertThat(MappingConfig.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(MappingConfig.editDistance("", "abc")).isEqualTo(3);
        assertThat(MappingConfig.editDistance("same", "same")).isZero();
    }
}
