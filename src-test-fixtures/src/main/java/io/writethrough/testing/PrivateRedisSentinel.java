package io.writethrough.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A Redis Sentinel setup of its own: a master, one replica and three sentinels (quorum 2), each a
 * {@link PrivateRedisServer} on a free loopback port. For tests of clients that find the master through
 * Sentinel and follow it through failovers.
 *
 * <p>The sentinels judge a master down after 1 s without an answer and give a failover 4 s, so a killed master is
 * replaced within a few seconds. Every method that changes the setup returns only once all running sentinels
 * report the same master, it answers {@code ROLE} as master and accepts writes, and the former master, when it
 * still runs, replicates from it.
 *
 * <p>With {@link #launchWithAcl}, the data nodes have no default user (every client must authenticate) and one
 * ACL user with every permission, which they also replicate with and the sentinels monitor with; the sentinels
 * themselves take no password unless given one of their own ({@link #launchWithAcl(String, String, String, String)}:
 * an ACL user of the sentinels, which they also use with each other). Processes still running when the JVM exits are
 * killed by a shutdown hook.
 */
public final class PrivateRedisSentinel implements AutoCloseable {

    /** The name the sentinels monitor the master under. */
    public static final String MASTER_NAME = "writethrough";

    private static final Logger LOG = LoggerFactory.getLogger(PrivateRedisSentinel.class);
    private static final int SENTINELS = 3;
    private static final int QUORUM = 2;
    private static final int DOWN_AFTER_MS = 1_000;
    /** Also the time before a sentinel that voted may lead a failover of the same master itself (twice this). */
    private static final int FAILOVER_TIMEOUT_MS = 4_000;
    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);
    /** {@code DEL} of a key that does not exist: a write a replica refuses, which changes nothing on a master. */
    private static final String WRITE_PROBE_KEY = "writethrough:fixture:no-such-key";

    private final List<PrivateRedisServer> dataNodes;
    private final List<PrivateRedisServer> sentinelNodes;
    private final Credentials dataAuth;
    private final Credentials sentinelAuth;
    private boolean closed;

    /** A user and password, or none (both null). */
    private record Credentials(String user, String password) {

        static final Credentials NONE = new Credentials(null, null);

        static Credentials of(String user, String password) {
            if (user == null || user.isEmpty() || user.contains(" ") || password == null || password.isEmpty()) {
                throw new IllegalArgumentException("an ACL user needs a name without spaces and a non-empty password");
            }
            return new Credentials(user, password);
        }

        boolean given() {
            return user != null;
        }

        NodeConnections connections() {
            return new NodeConnections(user, password);
        }

        ServerSetup probedWith(ServerSetup setup) {
            return given() ? setup.withAuth(user, password) : setup;
        }
    }

    private PrivateRedisSentinel(List<PrivateRedisServer> dataNodes, List<PrivateRedisServer> sentinelNodes,
            Credentials dataAuth, Credentials sentinelAuth) {
        this.dataNodes = List.copyOf(dataNodes);
        this.sentinelNodes = List.copyOf(sentinelNodes);
        this.dataAuth = dataAuth;
        this.sentinelAuth = sentinelAuth;
    }

    /** Starts a master, a replica and three sentinels, all without authentication. */
    public static PrivateRedisSentinel launch() {
        return launch(Credentials.NONE, Credentials.NONE);
    }

    /**
     * As {@link #launch()}, with authentication on the data nodes: their default user is off, and {@code user}
     * ({@code on >password ~* &* +@all}) is the one clients, replication and the sentinels use.
     */
    public static PrivateRedisSentinel launchWithAcl(String user, String password) {
        return launch(Credentials.of(user, password), Credentials.NONE);
    }

    /**
     * As {@link #launchWithAcl(String, String)}, and the sentinels too let in only an ACL user of their own,
     * {@code sentinelUser} ({@code on >sentinelPassword +@all}; their default user is off), with which they also
     * talk to each other.
     */
    public static PrivateRedisSentinel launchWithAcl(String user, String password, String sentinelUser,
            String sentinelPassword) {
        return launch(Credentials.of(user, password), Credentials.of(sentinelUser, sentinelPassword));
    }

    private static PrivateRedisSentinel launch(Credentials dataAuth, Credentials sentinelAuth) {
        long start = System.nanoTime();
        String user = dataAuth.user();
        String password = dataAuth.password();
        ServerSetup data = ServerSetup.plain().withArguments(
                // Redis 7 waits 5 s for more replicas before a diskless full sync; there is only one.
                "--repl-diskless-sync-delay", "0");
        if (dataAuth.given()) {
            data = dataAuth.probedWith(data.withArguments(
                    "--user", "default", "off",
                    "--user", user, "on", ">" + password, "~*", "&*", "+@all",
                    // Both nodes: the master of today is the replica of tomorrow.
                    "--masteruser", user,
                    "--masterauth", password));
        }
        List<PrivateRedisServer> dataNodes = new ArrayList<>();
        List<PrivateRedisServer> sentinelNodes = new ArrayList<>();
        try {
            dataNodes.add(PrivateRedisServer.launch(data));
            dataNodes.add(PrivateRedisServer.launch(data));
            PrivateRedisServer master = dataNodes.get(0);
            replicate(dataNodes.get(1), master, dataAuth);

            StringBuilder config = new StringBuilder()
                    .append("sentinel monitor ").append(MASTER_NAME).append(' ').append(master.host()).append(' ')
                    .append(master.port()).append(' ').append(QUORUM).append('\n')
                    .append("sentinel down-after-milliseconds ").append(MASTER_NAME).append(' ')
                    .append(DOWN_AFTER_MS).append('\n')
                    .append("sentinel failover-timeout ").append(MASTER_NAME).append(' ')
                    .append(FAILOVER_TIMEOUT_MS).append('\n')
                    .append("sentinel parallel-syncs ").append(MASTER_NAME).append(" 1\n");
            if (dataAuth.given()) {
                config.append("sentinel auth-user ").append(MASTER_NAME).append(' ').append(quoted(user)).append('\n')
                        .append("sentinel auth-pass ").append(MASTER_NAME).append(' ').append(quoted(password))
                        .append('\n');
            }
            if (sentinelAuth.given()) {
                config.append("user default off\n")
                        .append("user ").append(sentinelAuth.user()).append(" on ")
                        .append(quoted(">" + sentinelAuth.password())).append(" ~* &* +@all\n")
                        .append("sentinel sentinel-user ").append(quoted(sentinelAuth.user())).append('\n')
                        .append("sentinel sentinel-pass ").append(quoted(sentinelAuth.password())).append('\n');
            }
            // Each sentinel rewrites its own copy (its id, the replicas and sentinels it found).
            ServerSetup sentinel = sentinelAuth.probedWith(
                    ServerSetup.plain().withConfigFile(config.toString()).withArguments("--sentinel"));
            for (int i = 0; i < SENTINELS; i++) {
                sentinelNodes.add(PrivateRedisServer.launch(sentinel));
            }
            PrivateRedisSentinel setup = new PrivateRedisSentinel(dataNodes, sentinelNodes, dataAuth, sentinelAuth);
            setup.awaitSettled("the sentinels to find each other and the replica", master, null);
            LOG.debug("private Redis Sentinel setup ready in {} ms: master {}, sentinels {}",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), setup.master(), setup.sentinels());
            return setup;
        } catch (RuntimeException e) {
            sentinelNodes.forEach(PrivateRedisServer::close);
            dataNodes.forEach(PrivateRedisServer::close);
            throw e;
        }
    }

    /** The name the sentinels know the master by: {@value #MASTER_NAME}. */
    public String masterName() {
        return MASTER_NAME;
    }

    /** {@code 127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}: the sentinels, for a client's list of them. */
    public String sentinels() {
        return sentinelNodes.stream().map(s -> s.host() + ":" + s.port()).collect(Collectors.joining(","));
    }

    /** The three sentinel processes (a test may stop or pause one). */
    public List<PrivateRedisServer> sentinelNodes() {
        return sentinelNodes;
    }

    /** The two data nodes, master and replica in the order they were started, whatever their role now. */
    public List<PrivateRedisServer> dataNodes() {
        return dataNodes;
    }

    /**
     * The master's {@code host:port} as the sentinels report it ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}); waits
     * until every running sentinel reports the same one.
     */
    public String master() {
        try (NodeConnections sentinels = sentinelAuth.connections()) {
            String[] agreed = new String[1];
            Poll.until("the sentinels to agree on the master", OPERATION_TIMEOUT, () -> {
                Set<String> reported = reportedMasters(sentinels);
                agreed[0] = reported.size() == 1 ? reported.iterator().next() : null;
                return agreed[0] != null ? null : "the sentinels report " + reported;
            });
            return agreed[0];
        }
    }

    /** The data node that is the {@linkplain #master() master}. */
    public PrivateRedisServer masterNode() {
        return dataNode(master());
    }

    /** The running data nodes other than the master. */
    public List<PrivateRedisServer> replicas() {
        return replicasOf(masterNode());
    }

    private List<PrivateRedisServer> replicasOf(PrivateRedisServer master) {
        return dataNodes.stream().filter(n -> n != master && n.isRunning()).toList();
    }

    /** The ACL user the data nodes require, if launched {@link #launchWithAcl with ACL}. */
    public Optional<String> user() {
        return Optional.ofNullable(dataAuth.user());
    }

    /** The ACL user's password, if launched {@link #launchWithAcl with ACL}. */
    public Optional<String> password() {
        return Optional.ofNullable(dataAuth.password());
    }

    /** The ACL user the sentinels require, if launched with one ({@link #launchWithAcl(String, String, String, String)}). */
    public Optional<String> sentinelUser() {
        return Optional.ofNullable(sentinelAuth.user());
    }

    /** The sentinels' user's password, if launched with one. */
    public Optional<String> sentinelPassword() {
        return Optional.ofNullable(sentinelAuth.password());
    }

    /**
     * {@code SENTINEL FAILOVER}: the replica becomes master without the master failing. Sentinel promotes a
     * replica as it is, without letting it catch up, so this first {@linkplain #awaitReplication() waits} until the
     * replica has every write made before the call; writes made meanwhile may be lost, as with Sentinel itself.
     * Returns the new master's {@code host:port} once the setup is settled (see the class comment) with the former
     * master as its replica.
     */
    public String failover() {
        PrivateRedisServer old = masterNode();
        long start = System.nanoTime();
        awaitReplication();
        try (NodeConnections sentinels = sentinelAuth.connections()) {
            // Refused while a sentinel does not yet know a replica fit to promote (NOGOODSLAVE), or while a
            // failover is under way (INPROG): ask again until it is accepted.
            Poll.until("a sentinel to accept SENTINEL FAILOVER", OPERATION_TIMEOUT, () -> {
                PrivateRedisServer sentinel = sentinelNodes.stream().filter(PrivateRedisServer::isServing)
                        .findFirst().orElseThrow(() -> new IllegalStateException("no sentinel is running"));
                try {
                    sentinels.call(sentinel, j -> j.sentinelFailover(MASTER_NAME));
                    return null;
                } catch (JedisDataException e) {
                    return sentinel + " answered " + e.getMessage();
                }
            });
        }
        PrivateRedisServer promoted = awaitSettled("a sentinel failover away from " + old, null, old);
        LOG.debug("sentinel failover from {} to {} took {} ms", old, promoted,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return address(promoted);
    }

    /**
     * Returns once every running replica has processed every write the master had when this was called (or, when
     * the sentinels fail over meanwhile, every write the new master had when it was seen), e.g. before
     * {@link #killMaster()} when no write may be lost.
     */
    public void awaitReplication() {
        try (NodeConnections data = dataConnections()) {
            // The master is asked again at each look: on a loaded machine the sentinels may fail a slow master over
            // on their own (DOWN_AFTER_MS), and the replicas then follow the new one. A new master sets a new target.
            PrivateRedisServer[] master = {masterNode()};
            long[] target = {Replication.offset(data, master[0])};
            Poll.until("the replicas to reach the master's replication offset", OPERATION_TIMEOUT, () -> {
                PrivateRedisServer now = masterNode();
                if (now != master[0]) {
                    master[0] = now;
                    target[0] = Replication.offset(data, now);
                }
                return Replication.behind(data, now, replicasOf(now), target[0]);
            });
        }
    }

    /**
     * Kills the master (SIGKILL) and returns the new master's {@code host:port} once the sentinels agree on it and
     * it accepts writes. The killed node stays down until {@link #restart}; writes it had not passed on are lost.
     */
    public String killMaster() {
        PrivateRedisServer old = masterNode();
        long start = System.nanoTime();
        old.kill();
        PrivateRedisServer promoted = awaitSettled("the sentinels to replace the killed master " + old, null, old);
        LOG.debug("killed master {}; {} took over in {} ms", old, promoted,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return address(promoted);
    }

    /**
     * Starts a stopped or killed data node again (empty) as a replica of the current master and returns once it
     * is in sync and every sentinel lists it as a healthy replica.
     */
    public void restart(PrivateRedisServer dataNode) {
        if (!dataNodes.contains(dataNode)) {
            throw new IllegalArgumentException(dataNode + " is not a data node of this setup");
        }
        PrivateRedisServer master = masterNode();
        if (dataNode.equals(master)) {
            throw new IllegalArgumentException(dataNode + " is the master; restart only a replica or a killed master");
        }
        dataNode.start();
        // Right away: the sentinels would make it a replica too, but only some 8 s after they see it as a master.
        replicate(dataNode, master, dataAuth);
        awaitSettled("restarted " + dataNode + " to be a replica the sentinels know", master, null);
    }

    /** Kills the sentinels and the data nodes and deletes their directories. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (PrivateRedisServer node : sentinelNodes) {
            node.kill(); // first, so that they do not fail over the data nodes that go next
            node.close();
        }
        for (PrivateRedisServer node : dataNodes) {
            node.kill();
            node.close();
        }
    }

    @Override
    public String toString() {
        return "PrivateRedisSentinel[" + MASTER_NAME + ", sentinels " + sentinels() + "]";
    }

    // ---- internals ----

    private NodeConnections dataConnections() {
        return dataAuth.connections();
    }

    private static void replicate(PrivateRedisServer replica, PrivateRedisServer master, Credentials auth) {
        try (NodeConnections data = auth.connections()) {
            data.call(replica, j -> j.replicaof(master.host(), master.port()));
        }
    }

    /**
     * Waits until every running sentinel reports the same master, which is {@code expected} (when not null) or
     * anything but {@code notThis} (when not null), answers {@code ROLE} as master and accepts a write; every other
     * running data node replicates from it, in sync (a former master that still runs is made its replica here);
     * and every sentinel knows the other two and lists every running replica as healthy. Returns the master.
     */
    private PrivateRedisServer awaitSettled(String what, PrivateRedisServer expected, PrivateRedisServer notThis) {
        PrivateRedisServer[] master = new PrivateRedisServer[1];
        try (NodeConnections sentinels = sentinelAuth.connections(); NodeConnections data = dataConnections()) {
            Poll.until(what, OPERATION_TIMEOUT, () -> {
                Set<String> reported = reportedMasters(sentinels);
                if (reported.size() != 1) {
                    return "the sentinels report " + reported;
                }
                PrivateRedisServer current = dataNode(reported.iterator().next());
                if (expected != null && !current.equals(expected) || current.equals(notThis)) {
                    return "the sentinels report " + current + " as master";
                }
                if (!current.isServing()) {
                    return "the sentinels report the stopped " + current + " as master";
                }
                if (!"master".equals(data.call(current, Jedis::role).get(0))) {
                    return current + " does not answer ROLE as master yet";
                }
                data.call(current, j -> j.del(WRITE_PROBE_KEY));
                for (PrivateRedisServer other : dataNodes) {
                    if (other.equals(current) || !other.isServing()) {
                        continue;
                    }
                    String replication = data.call(other, j -> j.info("replication"));
                    if (!replication.contains("master_port:" + current.port() + "\r\n")) {
                        // A former master that still runs: what the sentinels would do some 8 s later.
                        data.call(other, j -> j.replicaof(current.host(), current.port()));
                        return other + " does not replicate from " + current + " yet";
                    }
                    if (!replication.contains("master_link_status:up")) {
                        return other + " is not in sync with " + current + " yet";
                    }
                }
                String sentinelProblem = sentinelProblem(sentinels, current);
                if (sentinelProblem != null) {
                    return sentinelProblem;
                }
                master[0] = current;
                return null;
            });
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\nthe logs end with:\n" + logTails(), e);
        }
        return master[0];
    }

    /**
     * Null once every running sentinel knows the others and lists every running replica of {@code master} as a
     * replica it can reach (flags {@code slave} alone: no {@code s_down}, no {@code disconnected}).
     */
    private String sentinelProblem(NodeConnections sentinels, PrivateRedisServer master) {
        long others = sentinelNodes.stream().filter(PrivateRedisServer::isRunning).count() - 1;
        for (PrivateRedisServer sentinel : sentinelNodes) {
            if (!sentinel.isServing()) {
                continue;
            }
            Map<String, String> state = sentinels.call(sentinel, j -> j.sentinelMaster(MASTER_NAME));
            if (Long.parseLong(state.get("num-other-sentinels")) < others) {
                return sentinel + " knows " + state.get("num-other-sentinels") + " other sentinels, not " + others;
            }
            List<Map<String, String>> replicas = sentinels.call(sentinel, j -> j.sentinelReplicas(MASTER_NAME));
            for (PrivateRedisServer node : dataNodes) {
                if (node.equals(master) || !node.isServing()) {
                    continue;
                }
                Optional<Map<String, String>> known = replicas.stream()
                        .filter(r -> Integer.toString(node.port()).equals(r.get("port"))).findFirst();
                // Only its flags: what a sentinel knows of a replica's own link comes from INFO, which it asks a
                // replica for every 10 s. The link itself is checked on the replica.
                if (known.isEmpty() || !"slave".equals(known.get().get("flags"))) {
                    return sentinel + " does not list " + node + " as a healthy replica of " + master + " yet: "
                            + known.orElse(Map.of());
                }
            }
        }
        return null;
    }

    private Set<String> reportedMasters(NodeConnections sentinels) {
        Set<String> reported = new TreeSet<>();
        for (PrivateRedisServer sentinel : sentinelNodes) {
            if (sentinel.isServing()) {
                List<String> address = sentinels.call(sentinel, j -> j.sentinelGetMasterAddrByName(MASTER_NAME));
                reported.add(address.get(0) + ":" + address.get(1));
            }
        }
        if (reported.isEmpty()) {
            throw new IllegalStateException("no sentinel of " + this + " is running");
        }
        return reported;
    }

    private PrivateRedisServer dataNode(String address) {
        return dataNodes.stream().filter(n -> address(n).equals(address)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the sentinels report " + address
                        + ", which is no data node of " + this));
    }

    /** A configuration file argument in double quotes, which may then hold spaces, quotes and backslashes. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String address(PrivateRedisServer node) {
        return node.host() + ":" + node.port();
    }

    private String logTails() {
        List<PrivateRedisServer> all = new ArrayList<>(dataNodes);
        all.addAll(sentinelNodes);
        return all.stream().filter(PrivateRedisServer::isRunning).map(n -> n + ":\n" + n.logTail())
                .collect(Collectors.joining("\n"));
    }
}
