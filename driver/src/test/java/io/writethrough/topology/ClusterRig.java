package io.writethrough.topology;

import io.writethrough.differential.DifferentialSchema;
import io.writethrough.testing.CacheDifference;
import io.writethrough.testing.MissingKeyPolicy;
import io.writethrough.testing.PrivateRedisCluster;
import io.writethrough.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import redis.clients.jedis.JedisCluster;

/**
 * A differential schema whose driver writes to a private Redis Cluster, with a cluster client for the oracle: the
 * cluster tests' common ground.
 */
final class ClusterRig implements AutoCloseable {

    final TestDatabase db;
    final PrivateRedisCluster cluster;
    final JedisCluster redis;
    final DifferentialSchema schema;

    private ClusterRig(TestDatabase db, PrivateRedisCluster cluster, JedisCluster redis, DifferentialSchema schema) {
        this.db = db;
        this.cluster = cluster;
        this.redis = redis;
        this.schema = schema;
    }

    /** The differential tables in {@code db}, mapped under {@code prefix}, written to {@code cluster}. */
    static ClusterRig create(TestDatabase db, PrivateRedisCluster cluster, String prefix, String... settings) {
        JedisCluster redis = cluster.client();
        List<String> lines = new java.util.ArrayList<>(List.of("redis.cluster.nodes=" + cluster.seeds(),
                "recovery.interval.ms=0"));
        lines.addAll(List.of(settings));
        return new ClusterRig(db, cluster, redis, DifferentialSchema.create(db, lines, redis, prefix));
    }

    Connection connect() throws SQLException {
        return schema.connect();
    }

    /**
     * Every difference, read by a cluster client made now, once every replica has caught up: one made before a
     * failover may still scan a demoted primary, whose copy lags.
     */
    List<CacheDifference> differences() throws SQLException {
        try (JedisCluster now = freshClient()) {
            return schema.differences(MissingKeyPolicy.REPORT, now);
        }
    }

    /** The schema's ownership marks, read as {@link #differences()} reads. */
    java.util.Set<String> leftoverMarks() {
        try (JedisCluster now = freshClient()) {
            return schema.leftoverMarks(now);
        }
    }

    private JedisCluster freshClient() {
        cluster.primaries().forEach(cluster::awaitReplication);
        return cluster.client();
    }

    @Override
    public void close() {
        redis.close();
    }
}
