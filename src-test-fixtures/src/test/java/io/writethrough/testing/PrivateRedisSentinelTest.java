package io.writethrough.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;

/** One plain setup for the class (every test leaves it with both data nodes running); the ACL one on its own. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivateRedisSentinelTest {

    /** Spaces, quotes and a backslash: it travels through command lines and a sentinel's configuration file. */
    private static final String PASSWORD = "s3cret \"pass\" \\ word";

    private PrivateRedisSentinel sentinel;

    @BeforeAll
    void launch() {
        long start = System.nanoTime();
        sentinel = PrivateRedisSentinel.launch();
        System.out.printf("sentinel launch: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @AfterAll
    void close() {
        if (sentinel != null) {
            sentinel.close();
        }
    }

    @Test
    void aMasterAReplicaAndThreeSentinelsThatAgreeOnIt() {
        assertThat(sentinel.masterName()).isEqualTo(PrivateRedisSentinel.MASTER_NAME);
        assertThat(sentinel.sentinels().split(",")).hasSize(3)
                .allSatisfy(s -> assertThat(s).matches("127\\.0\\.0\\.1:\\d+"));
        PrivateRedisServer master = sentinel.masterNode();
        assertThat(sentinel.master()).isEqualTo("127.0.0.1:" + master.port());
        assertThat(sentinel.replicas()).hasSize(1).doesNotContain(master);
        assertThat(sentinel.user()).isEmpty();
        try (Jedis jedis = jedis(sentinel.replicas().get(0), null, null)) {
            assertThat(jedis.role().get(0)).isEqualTo("slave");
        }

        try (RedisSentinelClient client = sentinelClient(sentinel)) {
            assertThat(client.getCurrentMaster()).isEqualTo(HostAndPort.from(sentinel.master()));
            client.set("through-sentinel", "yes");
            assertThat(client.get("through-sentinel")).isEqualTo("yes");
        }
    }

    @Test
    void failoverMakesTheReplicaTheReportedMasterAndKeepsTheData() {
        PrivateRedisServer oldMaster = sentinel.masterNode();
        PrivateRedisServer replica = sentinel.replicas().get(0);
        try (Jedis jedis = jedis(oldMaster, null, null)) {
            for (int i = 0; i < 100; i++) {
                jedis.set("failover:" + i, "v" + i);
            }
        }

        long start = System.nanoTime();
        String newMaster = sentinel.failover();
        System.out.printf("sentinel failover: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

        assertThat(newMaster).isEqualTo("127.0.0.1:" + replica.port());
        assertThat(sentinel.master()).isEqualTo(newMaster);
        assertThat(sentinel.masterNode()).isEqualTo(replica);
        assertThat(sentinel.replicas()).containsExactly(oldMaster);
        try (Jedis promoted = jedis(replica, null, null); Jedis demoted = jedis(oldMaster, null, null)) {
            assertThat(promoted.role().get(0)).isEqualTo("master");
            assertThat(demoted.role().get(0)).isEqualTo("slave");
            for (int i = 0; i < 100; i++) {
                assertThat(promoted.get("failover:" + i)).isEqualTo("v" + i);
            }
        }

        // Straight back: the demoted master is a replica the sentinels can promote again.
        assertThat(sentinel.failover()).isEqualTo("127.0.0.1:" + oldMaster.port());
    }

    @Test
    void aKilledMasterIsReplacedAndComesBackAsAReplica() {
        PrivateRedisServer oldMaster = sentinel.masterNode();
        PrivateRedisServer replica = sentinel.replicas().get(0);
        try (Jedis jedis = jedis(oldMaster, null, null)) {
            for (int i = 0; i < 100; i++) {
                jedis.set("before-kill:" + i, "v" + i);
            }
        }
        sentinel.awaitReplication(); // so that the crash loses nothing

        long start = System.nanoTime();
        String newMaster = sentinel.killMaster();
        System.out.printf("sentinel kill-master promotion: %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

        assertThat(newMaster).isEqualTo("127.0.0.1:" + replica.port());
        assertThat(oldMaster.isRunning()).isFalse();
        try (RedisSentinelClient client = sentinelClient(sentinel)) {
            for (int i = 0; i < 100; i++) {
                assertThat(client.get("before-kill:" + i)).isEqualTo("v" + i);
            }
            client.set("after-kill", "written");
        }

        sentinel.restart(oldMaster);
        assertThat(sentinel.replicas()).containsExactly(oldMaster);
        try (Jedis jedis = jedis(oldMaster, null, null)) {
            assertThat(jedis.role().get(0)).isEqualTo("slave");
            assertThat(jedis.get("after-kill")).isEqualTo("written");
        }
    }

    @Test
    void withAclTheDataNodesLetInOnlyTheUser() {
        try (PrivateRedisSentinel acl = PrivateRedisSentinel.launchWithAcl("app", PASSWORD)) {
            assertThat(acl.user()).contains("app");
            assertThat(acl.password()).contains(PASSWORD);
            PrivateRedisServer master = acl.masterNode();
            try (Jedis anonymous = jedis(master, null, null)) {
                assertThatThrownBy(anonymous::ping).isInstanceOf(JedisDataException.class).hasMessageContaining("NOAUTH");
            }
            // Jedis authenticates as it is constructed.
            assertThatThrownBy(() -> jedis(master, "app", "wrong").close())
                    .isInstanceOf(JedisAccessControlException.class).hasMessageContaining("WRONGPASS");
            try (Jedis user = jedis(acl.replicas().get(0), "app", PASSWORD)) {
                assertThat(user.info("replication")).contains("master_link_status:up");
            }
            try (RedisSentinelClient client = sentinelClient(acl)) {
                client.set("acl", "ok");
                assertThat(client.get("acl")).isEqualTo("ok");
            }
            // The sentinels fail over with the user too, and replication follows with it.
            String newMaster = acl.failover();
            try (Jedis promoted = jedis(acl.masterNode(), "app", PASSWORD)) {
                assertThat(acl.master()).isEqualTo(newMaster);
                assertThat(promoted.get("acl")).isEqualTo("ok");
            }
        }
    }

    @Test
    void withSentinelAclTheSentinelsLetInOnlyTheirOwnUser() {
        try (PrivateRedisSentinel acl = PrivateRedisSentinel.launchWithAcl("app", PASSWORD, "watcher",
                PASSWORD + "-sentinel")) {
            assertThat(acl.sentinelUser()).contains("watcher");
            assertThat(acl.sentinelPassword()).contains(PASSWORD + "-sentinel");
            PrivateRedisServer sentinel = acl.sentinelNodes().get(0);
            try (Jedis anonymous = jedis(sentinel, null, null)) {
                assertThatThrownBy(anonymous::ping).isInstanceOf(JedisDataException.class).hasMessageContaining("NOAUTH");
            }
            assertThatThrownBy(() -> jedis(sentinel, "app", PASSWORD).close())
                    .as("the data nodes' user is not the sentinels'").isInstanceOf(JedisAccessControlException.class);
            try (RedisSentinelClient client = sentinelClient(acl)) {
                client.set("sentinel-acl", "ok");
                assertThat(client.get("sentinel-acl")).isEqualTo("ok");
            }
            // The sentinels, which talk to each other as their user, still agree on a failover.
            String newMaster = acl.failover();
            try (Jedis promoted = jedis(acl.masterNode(), "app", PASSWORD)) {
                assertThat(acl.master()).isEqualTo(newMaster);
                assertThat(promoted.get("sentinel-acl")).isEqualTo("ok");
            }
        }
    }

    @Test
    void closeKillsEveryProcessAndDeletesTheirDirectories() {
        PrivateRedisSentinel own = PrivateRedisSentinel.launch();
        List<PrivateRedisServer> all = new ArrayList<>(own.dataNodes());
        all.addAll(own.sentinelNodes());
        List<Path> directories = all.stream().map(PrivateRedisServer::directory).toList();
        own.close();
        assertThat(all).noneMatch(PrivateRedisServer::isRunning);
        assertThat(directories).noneMatch(Files::exists);
    }

    private static RedisSentinelClient sentinelClient(PrivateRedisSentinel setup) {
        Set<HostAndPort> sentinels = Arrays.stream(setup.sentinels().split(","))
                .map(HostAndPort::from).collect(Collectors.toSet());
        DefaultJedisClientConfig.Builder master = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(500).socketTimeoutMillis(2000).autoNegotiateProtocol(false);
        setup.user().ifPresent(master::user);
        setup.password().ifPresent(master::password);
        DefaultJedisClientConfig.Builder sentinel = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(500).socketTimeoutMillis(2000).autoNegotiateProtocol(false);
        setup.sentinelUser().ifPresent(sentinel::user);
        setup.sentinelPassword().ifPresent(sentinel::password);
        return RedisSentinelClient.builder()
                .masterName(setup.masterName())
                .sentinels(sentinels)
                .clientConfig(master.build())
                .sentinelClientConfig(sentinel.build())
                .build();
    }

    private static Jedis jedis(PrivateRedisServer node, String user, String password) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(500).socketTimeoutMillis(2000).autoNegotiateProtocol(false);
        if (user != null) {
            config.user(user).password(password);
        }
        return new Jedis(new HostAndPort(node.host(), node.port()), config.build());
    }
}
