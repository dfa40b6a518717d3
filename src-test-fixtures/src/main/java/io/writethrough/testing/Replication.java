package io.writethrough.testing;

import java.time.Duration;
import java.util.List;

import redis.clients.jedis.Jedis;

/** Waits for replicas to catch up with their primary, by replication offset. */
final class Replication {

    private Replication() {
    }

    /**
     * Returns once every replica has processed every write its primary had when this was called: its own
     * {@code slave_repl_offset} has reached the primary's {@code master_repl_offset}. (The primary's record of a
     * replica's offset lags by up to a second, and {@code WAIT} counts only the calling connection's writes.)
     */
    static void awaitCaughtUp(NodeConnections connections, PrivateRedisServer primary,
            List<PrivateRedisServer> replicas, Duration timeout) {
        long target = offset(connections, primary);
        Poll.until("the replicas of " + primary + " to reach its replication offset " + target, timeout,
                () -> behind(connections, primary, replicas, target));
    }

    /** The primary's {@code master_repl_offset}: how far a replica must get to have every write it has now. */
    static long offset(NodeConnections connections, PrivateRedisServer primary) {
        return field(connections.call(primary, j -> j.info("replication")), "master_repl_offset");
    }

    /** Null when every replica replicates from {@code primary} and has reached {@code target}; else what is behind. */
    static String behind(NodeConnections connections, PrivateRedisServer primary, List<PrivateRedisServer> replicas,
            long target) {
        for (PrivateRedisServer replica : replicas) {
            String info = connections.call(replica, (Jedis j) -> j.info("replication"));
            if (!info.contains("master_port:" + primary.port() + "\r\n")) {
                return replica + " does not replicate from " + primary;
            }
            long reached = field(info, "slave_repl_offset");
            if (reached < target) {
                return replica + " is at offset " + reached + " of " + target;
            }
        }
        return null;
    }

    /** A numeric field of an {@code INFO} reply. */
    static long field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new IllegalStateException("INFO has no " + name + ": " + info);
    }
}
