package io.writethrough.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.differential.DifferentialRun;
import io.writethrough.differential.DifferentialSchema;
import io.writethrough.differential.DifferentialTest;
import io.writethrough.differential.RunFigures;
import io.writethrough.differential.Workload;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.CacheDifference;
import io.writethrough.testing.MissingKeyPolicy;
import io.writethrough.testing.PrivateRedisSentinel;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisSentinelClient;

/**
 * The driver behind Sentinel (a master, a replica, three sentinels) follows failovers: the differential workload runs
 * while the sentinels fail the master over and while the master is killed. Statements in flight fail with 40003 (a
 * commit with 40000) and roll back; afterwards Redis equals the database: no stale value, no missing key, no mark.
 */
@ExtendWith(WriteThroughServices.class)
class SentinelTest {

    private static final String SENTINEL_PASSWORD = "watcher-S3cret";

    @Test
    void theWorkloadFollowsFailoversAndAKilledMaster(TestDatabase db) throws Exception {
        runUnderFailovers(db, PrivateRedisSentinel.launch(), "sn:");
    }

    @Test
    void withAnAclUserToo(TestDatabase db) throws Exception {
        runUnderFailovers(db, PrivateRedisSentinel.launchWithAcl("app", "sentinel-S3cret"), "sa:");
    }

    /** Sentinels that require a user of their own are asked as that user, after each failover too. */
    @Test
    void withSentinelsThatRequireAUserOfTheirOwn(TestDatabase db) throws Exception {
        runUnderFailovers(db, PrivateRedisSentinel.launchWithAcl("app", "data-S3cret", "watcher", SENTINEL_PASSWORD),
                "sw:");
    }

    /**
     * The sentinels' credentials are theirs, not the master's: without them, or with a wrong password, a write fails
     * with 40003 and a message that names the settings to give, never the password; with them it writes.
     */
    @Test
    void theSentinelsCredentialsAreAskedForByNameAndNeverShown(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)", "INSERT INTO accounts VALUES (1, 0)");
        try (PrivateRedisSentinel sentinel = PrivateRedisSentinel.launchWithAcl("app", "data-S3cret", "watcher",
                SENTINEL_PASSWORD)) {
            List<String> lines = List.of("redis.sentinel.master=" + sentinel.masterName(),
                    "redis.sentinel.nodes=" + sentinel.sentinels(), "redis.user=app", "redis.password=data-S3cret",
                    "recovery.interval.ms=0", "table.accounts.key=sx:acc:{id}");

            assertThat(refusal(db, lines)).contains("40003", "NOAUTH", "give 'redis.sentinel.password'");
            List<String> wrong = new ArrayList<>(lines);
            wrong.addAll(List.of("redis.sentinel.user=watcher", "redis.sentinel.password=" + SENTINEL_PASSWORD + "-x"));
            assertThat(refusal(db, wrong)).contains("40003", "WRONGPASS", "the sentinels refused user 'watcher'",
                    "'redis.sentinel.password'").doesNotContain(SENTINEL_PASSWORD, "data-S3cret");

            List<String> right = new ArrayList<>(lines);
            right.addAll(List.of("redis.sentinel.user=watcher", "redis.sentinel.password=" + SENTINEL_PASSWORD));
            try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), config(right));
                 Statement st = c.createStatement()) {
                assertThat(c.toString()).doesNotContain(SENTINEL_PASSWORD);
                assertThat(st.executeUpdate("UPDATE accounts SET balance = 7 WHERE id = 1")).isEqualTo(1);
            }
            try (RedisClient master = masterClient(sentinel)) {
                assertThat(master.hget("sx:acc:1", "balance")).isEqualTo("7");
            }
        }
    }

    /** The SQLState and messages of the write's failure (its causes too), which must fail. */
    private static String refusal(TestDatabase db, List<String> lines) throws Exception {
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), config(lines));
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 1");
        } catch (SQLException e) {
            StringBuilder all = new StringBuilder(e.getSQLState());
            for (Throwable t = e; t != null; t = t.getCause()) {
                all.append('\n').append(t);
            }
            return all.toString();
        }
        throw new AssertionError("a write succeeded with the sentinels' credentials " + lines.subList(5, lines.size()));
    }

    private static Properties config(List<String> lines) throws Exception {
        Path file = Files.createTempFile("writethrough-sentinel-", ".properties");
        file.toFile().deleteOnExit();
        Files.writeString(file, String.join("\n", lines) + "\n");
        Properties properties = new Properties();
        properties.setProperty("writethrough.config", file.toString());
        return properties;
    }

    /**
     * With {@code redis.pipeline=transaction} the master Sentinel names gets a transaction's writes pipelined: a
     * statement returns while the master, its writes paused, has not run its write, and the commit waits for it.
     */
    @Test
    void aTransactionsWritesArePipelinedToTheMaster(TestDatabase db) throws Exception {
        try (PrivateRedisSentinel sentinel = PrivateRedisSentinel.launch();
             RedisSentinelClient redis = client(sentinel)) {
            DifferentialSchema schema = DifferentialSchema.create(db, List.of("redis.sentinel.master="
                    + sentinel.masterName(), "redis.sentinel.nodes=" + sentinel.sentinels()), redis, "sp:");
            Properties pipelined = schema.properties();
            pipelined.setProperty("writethrough.redis.pipeline", "transaction");
            PrivateRedisServer master = sentinel.masterNode();
            try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), pipelined);
                 Statement st = c.createStatement();
                 RedisClient direct = RedisClient.create(master.host(), master.port())) {
                Workload.seed(c);
                String before = direct.hget("sp:acc:1", "balance");
                c.setAutoCommit(false);
                direct.sendCommand(Protocol.Command.CLIENT, "PAUSE", "60000", "WRITE");
                try {
                    assertThat(st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 1")).isEqualTo(1);
                    assertThat(direct.hget("sp:acc:1", "balance")).as("the master has not run the write yet")
                            .isEqualTo(before);
                } finally {
                    direct.sendCommand(Protocol.Command.CLIENT, "UNPAUSE");
                }
                c.commit();
                assertThat(direct.hget("sp:acc:1", "balance")).isEqualTo(Long.toString(Long.parseLong(before) + 1));
            }
        }
    }

    private static void runUnderFailovers(TestDatabase db, PrivateRedisSentinel launched, String prefix) throws Exception {
        long seed = Long.getLong("differential.seed", System.nanoTime() & 0xFFFF_FFFFL);
        DifferentialRun.Settings settings = new DifferentialRun.Settings(seed, 3,
                Long.getLong("sentinel.transactions", 600), Duration.ofMinutes(10));
        try (PrivateRedisSentinel sentinel = launched;
             RedisSentinelClient redis = client(sentinel)) {
            List<String> lines = new ArrayList<>(List.of("redis.sentinel.master=" + sentinel.masterName(),
                    "redis.sentinel.nodes=" + sentinel.sentinels(), "recovery.interval.ms=0"));
            sentinel.user().ifPresent(user -> lines.add("redis.user=" + user));
            sentinel.password().ifPresent(password -> lines.add("redis.password=" + password));
            sentinel.sentinelUser().ifPresent(user -> lines.add("redis.sentinel.user=" + user));
            sentinel.sentinelPassword().ifPresent(password -> lines.add("redis.sentinel.password=" + password));
            DifferentialSchema schema = DifferentialSchema.create(db, lines, redis, prefix);
            try (Connection c = schema.connect()) {
                Workload.seed(c);
            }
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            List<Throwable> chaosFailure = new ArrayList<>();
            AtomicBoolean done = new AtomicBoolean();
            Thread chaos = new Thread(() -> {
                try {
                    for (int round = 0; !done.get(); round++) {
                        if (round % 3 == 2) {
                            PrivateRedisServer master = sentinel.masterNode();
                            log.add("kill " + sentinel.killMaster());
                            sentinel.restart(master);
                        } else {
                            log.add("failover " + sentinel.failover());
                        }
                    }
                } catch (Throwable e) {
                    chaosFailure.add(e);
                }
            }, "sentinel-chaos");
            RunFigures figures;
            // Held through the settle: keys an undo had to delete during a failover are refilled by the recovery of
            // the configuration that asked, which settle() can ask only while one of its connections lives.
            try (AutoCloseable held = schema.holdConfigurations()) {
                chaos.start();
                try {
                    figures = DifferentialRun.run(settings, schema::connect, ClusterTopologyChangeTest::clusterFaultError);
                } finally {
                    done.set(true);
                    chaos.join();
                }
                assertThat(chaosFailure).as("the failovers themselves").isEmpty();
                schema.settle();
            }
            // Read the master of now, once its replica has caught up: a client made before may still read the old one.
            sentinel.awaitReplication();
            List<CacheDifference> differences;
            Set<String> marks;
            try (RedisClient master = masterClient(sentinel)) {
                differences = schema.differences(MissingKeyPolicy.REPORT, master);
                marks = schema.leftoverMarks(master);
            }
            String line = "sentinel " + prefix + " seed=" + seed + " " + figures + " changes=" + log + " differences="
                    + differences.size() + " leftover marks=" + marks.size();
            System.out.println(line);
            DifferentialTest.record(line);
            assertThat(log).as("failovers during the run").isNotEmpty();
            assertThat(differences).as("differences after %s (seed %d)\n%s", log, seed,
                    CacheAssertions.report(differences.subList(0, Math.min(30, differences.size())))).isEmpty();
            assertThat(marks).as("ownership marks left (seed %d)", seed).isEmpty();
        }
    }

    private static RedisClient masterClient(PrivateRedisSentinel sentinel) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder();
        sentinel.user().ifPresent(config::user);
        sentinel.password().ifPresent(config::password);
        return RedisClient.builder().hostAndPort(HostAndPort.from(sentinel.master())).clientConfig(config.build()).build();
    }

    private static RedisSentinelClient client(PrivateRedisSentinel sentinel) {
        Set<HostAndPort> sentinels = new HashSet<>();
        for (String node : sentinel.sentinels().split(",")) {
            sentinels.add(HostAndPort.from(node));
        }
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder();
        sentinel.user().ifPresent(config::user);
        sentinel.password().ifPresent(config::password);
        DefaultJedisClientConfig.Builder sentinelConfig = DefaultJedisClientConfig.builder();
        sentinel.sentinelUser().ifPresent(sentinelConfig::user);
        sentinel.sentinelPassword().ifPresent(sentinelConfig::password);
        return RedisSentinelClient.builder().masterName(sentinel.masterName()).sentinels(sentinels)
                .clientConfig(config.build()).sentinelClientConfig(sentinelConfig.build()).build();
    }
}
