package io.writethrough.mapping;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The global settings, written in the mapping file without prefix ({@code redis.url}) or as connection or system
 * properties with the {@code writethrough.} prefix ({@code writethrough.redis.url}). Adding a constant here is
 * all it takes to parse, validate and document a new setting.
 */
public enum Setting implements DocumentedSetting {

    REDIS_URL("redis.url", "redis://localhost:6379", ValueRule.REDIS_URL,
            "Redis to write to: `redis://[user:password@]host[:port][/db]`, `rediss://` for TLS. In user and "
                    + "password write `@` as `%40`, `:` (in the user) as `%3A`, `/` as `%2F`, `%` as `%25`; `+` is a "
                    + "plus. The host may contain `_`. The password is masked in every message."),
    REDIS_CLUSTER_NODES("redis.cluster.nodes", "", ValueRule.HOST_PORT_LIST,
            "Redis Cluster instead of `redis.url`: a comma list of seed nodes, `host:port,host:port`; the driver "
                    + "learns the other nodes and the slots from them, and follows MOVED/ASK and failovers."),
    REDIS_SENTINEL_MASTER("redis.sentinel.master", "", ValueRule.TEXT,
            "Redis Sentinel instead of `redis.url`: the name of the master the sentinels monitor (with "
                    + "`redis.sentinel.nodes`)."),
    REDIS_SENTINEL_NODES("redis.sentinel.nodes", "", ValueRule.HOST_PORT_LIST,
            "The sentinels to ask for the master's address: a comma list, `host:port,host:port` (with "
                    + "`redis.sentinel.master`). They are asked with `redis.sentinel.user` and "
                    + "`redis.sentinel.password` when given (not with the master's credentials), over TLS when "
                    + "`redis.ssl` is `true`."),
    REDIS_SENTINEL_USER("redis.sentinel.user", "", ValueRule.TEXT,
            "The ACL user the sentinels themselves require (with `redis.sentinel.password`)."),
    REDIS_SENTINEL_PASSWORD("redis.sentinel.password", "", ValueRule.SECRET,
            "The password the sentinels themselves require (their `requirepass`, or `redis.sentinel.user`'s); "
                    + "the master's is `redis.password`. Masked in every message."),
    REDIS_USER("redis.user", "", ValueRule.TEXT,
            "The ACL user to authenticate as (with `redis.password`); for `redis.url` an alternative to the URL's "
                    + "user."),
    REDIS_PASSWORD("redis.password", "", ValueRule.SECRET,
            "The password to authenticate with; for `redis.url` an alternative to the URL's password (giving both "
                    + "is an error). Masked in every message."),
    REDIS_SSL("redis.ssl", "false", ValueRule.oneOf("true", "false"),
            "`true` for TLS to cluster nodes, the sentinels and the master they name (`rediss://` in `redis.url` "
                    + "does the same for one Redis). The server certificate is checked against the JVM's trust "
                    + "store (`javax.net.ssl.trustStore`)."),
    REDIS_WAIT_REPLICAS("redis.wait.replicas", "auto", ValueRule.REPLICA_COUNT,
            "How many replicas must have each write before the statement returns (`WAIT`), so that a failover "
                    + "cannot lose a write whose transaction commits; undos and refills wait too: `auto` is 1 for "
                    + "`redis.cluster.nodes` and "
                    + "`redis.sentinel.*`, 0 for `redis.url`. A write that too few replicas acknowledge within half "
                    + "of `redis.timeout.ms` fails the statement (SQLState 40003). `0` trades that guarantee for "
                    + "speed: a primary that dies before its replica has a write can leave that value stale."),
    REDIS_TIMEOUT_MS("redis.timeout.ms", "2000", ValueRule.POSITIVE_INT,
            "How long one call waits for Redis, in milliseconds, in all: for a free pooled connection, for opening one "
                    + "(connect and handshake), for Redis to read a large call (over 64 KB: a frozen Redis stops "
                    + "reading once the socket buffers are full) and for the reply. Each further round trip of the same call (a rollback "
                    + "of more than 5,000 keys, say) gets a new timeout once Redis has answered the previous one."),
    REDIS_POOL_SIZE("redis.pool.size", "auto", ValueRule.POOL_SIZE,
            "Maximum number of pooled Redis connections (per node of a cluster). `auto` follows the JDBC side: as many "
                    + "as this configuration has open connections plus 2, at least 8, so that a connection pool of any "
                    + "size never waits for Redis connections (a JDBC connection holds at most one: during a script "
                    + "call, or from its transaction's first write to its commit with `redis.pipeline=transaction`). "
                    + "A fixed size below that makes transactions wait for one another's commits, up to "
                    + "`redis.timeout.ms`. The undo retrier and the probe of an unresponsive Redis each open one more, "
                    + "outside the pool, only while they work."),
    REDIS_PIPELINE("redis.pipeline", "statement", ValueRule.oneOf("statement", "transaction"),
            "When a statement in a transaction waits for its Redis write. `statement`: each statement waits for its own "
                    + "write, so a Redis failure fails that statement and the transaction's values are in Redis when it "
                    + "returns. `transaction`: the write is sent and the statement returns; the transaction reads all "
                    + "its writes' replies once, before `COMMIT` (and before a savepoint operation or a rollback), so it "
                    + "waits for Redis once rather than once per statement, and a Redis failure fails a later statement "
                    + "or the commit, which rolls back. Not the default because of one window (README, \"Consistency "
                    + "model\"): a write delayed in the network past a failed statement of its transaction can hide "
                    + "another transaction's committed value until the rollback. Autocommit statements always wait, and "
                    + "so does every statement on a Redis Cluster (`redis.url` and Sentinel only)."),
    ON_UNSUPPORTED_WRITE("on.unsupported.write", "fail", ValueRule.oneOf("fail", "ignore"),
            "A write on a mapped table that cannot be analysed: `fail` refuses it with an SQLException before it "
                    + "runs; `ignore` runs the statement without writing through; may leave stale entries."),
    ON_UNSEEN_WRITE("on.unseen.write", "fail", ValueRule.oneOf("fail", "invalidate", "ignore"),
            "A statement that wrote rows of a mapped table the driver did not see (a function or procedure, a trigger "
                    + "on another table, a foreign-key action it does not write through, a write through a view, a rule, "
                    + "a partition or an inheritance parent or child), found by comparing the table's row counters before and after the statements that can do so: `fail` throws an "
                    + "SQLException (SQLState `0A000`) naming the tables, and the transaction can only roll back; "
                    + "`invalidate` deletes every Redis entry of those tables in the transaction (a rollback puts "
                    + "them back; after the commit they are cache misses); `ignore` lets it commit and logs a warning "
                    + "once per table; may leave stale entries."),
    PLAN_CACHE_SIZE("plan.cache.size", "1000", ValueRule.POSITIVE_INT,
            "How many distinct SQL texts keep their analysis cached."),
    RECOVERY_INTERVAL_MS("recovery.interval.ms", "10000", ValueRule.MILLIS,
            "How often the recovery sweep resolves ownership marks left by transactions that ended without the driver "
                    + "(a crashed process, a lost COMMIT reply) and refills keys whose value could not be decided; "
                    + "it also runs when the first connection to a database opens. A sweep scans the whole keyspace, "
                    + "so after a long one the next waits 99 times as long as its `SCAN` took (at most 1 % of the "
                    + "time scanning), and the instances of one configuration take turns. `0` turns the timer off.");

    private static final Map<String, Setting> BY_KEY =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Setting::key, Function.identity()));

    private final String key;
    private final String defaultValue;
    private final ValueRule rule;
    private final String description;

    Setting(String key, String defaultValue, ValueRule rule, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.rule = rule;
        this.description = description;
    }

    /** The setting for a key as written in the file (without the {@code writethrough.} prefix). */
    public static Optional<Setting> forKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** The key as written in the file, e.g. {@code redis.url}. */
    public String key() {
        return key;
    }

    /** The key as a connection or system property, e.g. {@code writethrough.redis.url}. */
    public String propertyName() {
        return MappingConfig.PROPERTY_PREFIX + key;
    }

    @Override
    public String documentedKey() {
        return key;
    }

    @Override
    public String defaultValue() {
        return defaultValue;
    }

    @Override
    public String documentedDefault() {
        return defaultValue.isEmpty() ? "(none)" : "`" + defaultValue + "`";
    }

    @Override
    public List<String> allowedValues() {
        return rule.choices();
    }

    @Override
    public Class<?> valueType() {
        return rule.valueType();
    }

    @Override
    public String documentedAllowed() {
        return rule.allowed();
    }

    @Override
    public String description() {
        return description;
    }

    /** Global settings all have defaults. */
    @Override
    public boolean isRequired() {
        return false;
    }

    /** True when the value may hold a secret and is shown only through {@link #display(String)}. */
    public boolean isSecret() {
        return rule.isSecret();
    }

    /** The value as it may appear in a message or log line: {@code redis://user:****@host:6379} for secrets. */
    public String display(String value) {
        return value == null ? null : rule.display(value);
    }

    ValueRule rule() {
        return rule;
    }
}
