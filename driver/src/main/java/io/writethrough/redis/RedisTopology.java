package io.writethrough.redis;

import io.writethrough.mapping.HostPort;
import io.writethrough.mapping.MappingConfig;
import io.writethrough.mapping.Setting;
import java.util.List;
import java.util.function.IntSupplier;
import redis.clients.jedis.HostAndPort;

/**
 * Which Redis the driver writes to, from the settings: one server ({@code redis.url}), a Redis Cluster ({@code
 * redis.cluster.nodes}) or the master a set of sentinels names ({@code redis.sentinel.master} and {@code
 * redis.sentinel.nodes}); with the credentials and TLS of {@code redis.user}, {@code redis.password} and {@code
 * redis.ssl} (the sentinels: {@code redis.sentinel.user} and {@code redis.sentinel.password}), and how many replicas
 * must have each write ({@code redis.wait.replicas}). The configuration check has already refused two topologies at
 * once. {@link #toString()} never shows a password.
 */
public final class RedisTopology {

    private enum Kind { STANDALONE, CLUSTER, SENTINEL }

    private final Kind kind;
    private final RedisEndpoint endpoint;
    private final List<HostPort> nodes;
    private final String master;
    private final ClientOptions options;
    private final ClientOptions sentinelOptions;
    private final int waitReplicas;

    private RedisTopology(Kind kind, RedisEndpoint endpoint, List<HostPort> nodes, String master, ClientOptions options,
            ClientOptions sentinelOptions, int waitReplicas) {
        this.kind = kind;
        this.endpoint = endpoint;
        this.nodes = nodes;
        this.master = master;
        this.options = options;
        this.sentinelOptions = sentinelOptions;
        this.waitReplicas = waitReplicas;
    }

    /** One standalone server at {@code endpoint}, waiting for no replica. */
    public static RedisTopology standalone(RedisEndpoint endpoint) {
        return new RedisTopology(Kind.STANDALONE, endpoint, List.of(), null, endpoint.clientOptions(), null, 0);
    }

    /** The topology the settings describe (already validated by {@link MappingConfig}). */
    public static RedisTopology of(MappingConfig config) {
        String user = given(config, Setting.REDIS_USER);
        String password = given(config, Setting.REDIS_PASSWORD);
        boolean ssl = Boolean.parseBoolean(config.get(Setting.REDIS_SSL));
        String wait = config.get(Setting.REDIS_WAIT_REPLICAS);
        boolean replicated = config.isGiven(Setting.REDIS_CLUSTER_NODES) || config.isGiven(Setting.REDIS_SENTINEL_MASTER);
        // auto: a cluster's primaries and a Sentinel's master have replicas to wait for; one server may have none.
        int replicas = wait.equals("auto") ? (replicated ? 1 : 0) : Integer.parseInt(wait);
        if (replicated) {
            boolean cluster = config.isGiven(Setting.REDIS_CLUSTER_NODES);
            ClientOptions options = new ClientOptions(ssl, password == null ? null : user, password, 0);
            if (cluster) {
                return new RedisTopology(Kind.CLUSTER, null, HostPort.parseList(config.get(Setting.REDIS_CLUSTER_NODES)),
                        null, options, null, replicas);
            }
            ClientOptions sentinels = new ClientOptions(ssl, given(config, Setting.REDIS_SENTINEL_USER),
                    given(config, Setting.REDIS_SENTINEL_PASSWORD), 0);
            return new RedisTopology(Kind.SENTINEL, null, HostPort.parseList(config.get(Setting.REDIS_SENTINEL_NODES)),
                    config.get(Setting.REDIS_SENTINEL_MASTER), options, sentinels, replicas);
        }
        RedisEndpoint endpoint = RedisEndpoint.parse(config.redisUrl());
        ClientOptions url = endpoint.clientOptions();
        ClientOptions options = new ClientOptions(url.tls() || ssl,
                password != null ? user : url.user(), password != null ? password : url.password(), url.database());
        return new RedisTopology(Kind.STANDALONE, endpoint, List.of(), null, options, null, replicas);
    }

    private static String given(MappingConfig config, Setting setting) {
        return config.isGiven(setting) ? config.get(setting) : null;
    }

    /** True for a Redis Cluster. */
    public boolean clustered() {
        return kind == Kind.CLUSTER;
    }

    /** Replicas that must acknowledge each write before a statement returns. */
    int waitReplicas() {
        return waitReplicas;
    }

    /** Opens the pools (no connection is made until a call needs one). */
    RedisNodes open(int timeoutMillis, IntSupplier poolSize) {
        return switch (kind) {
            case STANDALONE -> new RedisNodes.OneServer(new RedisConnections(
                    () -> new HostAndPort(endpoint.host(), endpoint.port()), options, timeoutMillis, poolSize), null);
            case SENTINEL -> {
                SentinelMaster sentinel = new SentinelMaster(master, hosts(), sentinelOptions, timeoutMillis);
                yield new RedisNodes.OneServer(new RedisConnections(sentinel, options, timeoutMillis, poolSize), sentinel);
            }
            case CLUSTER -> new ClusterNodes(hosts(), options, timeoutMillis, poolSize);
        };
    }

    private List<HostAndPort> hosts() {
        return nodes.stream().map(h -> new HostAndPort(h.host(), h.port())).toList();
    }

    /** Where the driver writes, for messages and logs: no password. */
    @Override
    public String toString() {
        String tls = options.tls() ? " over TLS" : "";
        return switch (kind) {
            case STANDALONE -> endpoint + (endpoint.tls() || !options.tls() ? "" : " over TLS");
            case CLUSTER -> "the Redis Cluster of " + nodes.stream().map(HostPort::toString).toList() + tls + as(options);
            case SENTINEL -> "the master '" + master + "' of sentinels " + nodes.stream().map(HostPort::toString).toList()
                    + (sentinelOptions.password() == null ? "" : " (asked" + as(sentinelOptions) + ")") + tls
                    + as(options);
        };
    }

    private static String as(ClientOptions options) {
        return options.password() == null ? "" : " as " + (options.user() == null ? "default" : options.user());
    }
}
