package io.writethrough.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisClusterException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Runs script calls on a Redis Cluster, each on the primary of its hash slot: the calls of one primary go in one
 * pipeline, every primary's pipeline is sent before any reply is read (so the primaries work at the same time), and
 * with {@code WAIT} last when the writes must reach replicas. Calls Redis did not run are sent again: after {@code
 * MOVED} (to the slot's new primary), {@code ASK} (to the importing node, after {@code ASKING}), {@code TRYAGAIN} or
 * {@code CLUSTERDOWN} (a slot in migration or a failover under way, after a short pause) and {@code NOSCRIPT} (as
 * {@code EVAL}), until the call's deadline ({@code redis.timeout.ms}). A broken connection is not retried: what it
 * carried may have run.
 */
final class SlotDispatch {

    /**
     * One script call and the slot all its keys live in. A best-effort call (a release sent along with a write) that
     * Redis refuses or cannot run now leaves a null reply rather than failing the others.
     */
    record SlotCall(int slot, LuaScript script, LuaScript.Call call, boolean bestEffort) {

        SlotCall(int slot, LuaScript script, LuaScript.Call call) {
            this(slot, script, call, false);
        }
    }

    /** Too few replicas acknowledged a write within the time given to {@code WAIT}: the write ran on the primary. */
    static final class ReplicasBehind extends JedisException {

        private static final long serialVersionUID = 1L;

        ReplicasBehind(String message) {
            super(message);
        }
    }

    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final RedisNodes nodes;

    SlotDispatch(RedisNodes nodes) {
        this.nodes = nodes;
    }

    /**
     * Runs the calls; replies in call order.
     *
     * @param replicas replicas that must acknowledge each primary's writes ({@code WAIT}); 0: none
     * @param waitMillis how long {@code WAIT} may wait
     * @throws RedisConnections.NotSent when none of the calls can have run
     * @throws JedisException any other failure: some calls may have run
     */
    List<Object> run(List<SlotCall> calls, int replicas, int waitMillis) {
        int count = calls.size();
        Object[] replies = new Object[count];
        HostAndPort[] asking = new HostAndPort[count];
        boolean[] eval = new boolean[count];
        List<Integer> pending = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pending.add(i);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(nodes.timeoutMillis());
        long pause = FIRST_PAUSE_NANOS;
        boolean anySent = false;
        JedisDataException retryable = null;
        while (true) {
            boolean pauseFirst = false;
            Map<RedisConnections, List<Integer>> byNode = new LinkedHashMap<>();
            try {
                for (int i : pending) {
                    RedisConnections node;
                    try {
                        node = asking[i] != null ? nodes.at(asking[i]) : nodes.forSlot(calls.get(i).slot());
                    } catch (RedisConnections.NotSent e) {
                        if (calls.get(i).bestEffort()) {
                            continue;
                        }
                        throw e;
                    }
                    byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(i);
                }
            } catch (RedisConnections.NotSent e) {
                // No node to send to (the slot map could not be learned): only calls sent earlier can have run.
                throw anySent ? new JedisConnectionException(e.getMessage(), e) : e;
            }
            Map<RedisConnections, Connection> borrowed = new LinkedHashMap<>();
            try {
                for (RedisConnections node : byNode.keySet()) {
                    try {
                        borrowed.put(node, node.borrow(node.deadline()));
                    } catch (JedisException e) {
                        nodes.failed(node, e);
                        throw anySent ? new JedisConnectionException(e.getMessage(), e) : e;
                    }
                }
                anySent = true;
                List<Object[]> nodeReplies = new ArrayList<>(byNode.size());
                JedisException broken = null;
                for (Map.Entry<RedisConnections, List<Integer>> entry : byNode.entrySet()) {
                    send((PooledConnection) borrowed.get(entry.getKey()), calls, entry.getValue(), asking, eval, replicas,
                            waitMillis);
                }
                for (Map.Entry<RedisConnections, List<Integer>> entry : byNode.entrySet()) {
                    RedisConnections node = entry.getKey();
                    int expected = entry.getValue().size() + (int) entry.getValue().stream().filter(i -> asking[i] != null)
                            .count() + (replicas > 0 ? 1 : 0);
                    try {
                        nodeReplies.add(LuaScript.readReplies(node, borrowed.get(node), expected).toArray());
                    } catch (JedisException e) {
                        node.failed(e);
                        nodes.failed(node, e);
                        borrowed.get(node).setBroken();
                        nodeReplies.add(null);
                        broken = broken == null ? e : broken;
                    }
                }
                if (broken != null) {
                    throw broken;
                }
                List<Integer> again = new ArrayList<>();
                JedisDataException error = null;
                int n = 0;
                for (Map.Entry<RedisConnections, List<Integer>> entry : byNode.entrySet()) {
                    Object[] got = nodeReplies.get(n++);
                    int r = 0;
                    for (int i : entry.getValue()) {
                        if (asking[i] != null) {
                            r++;
                        }
                        Object reply = got[r++];
                        asking[i] = null;
                        if (reply instanceof JedisMovedDataException moved) {
                            nodes.moved(moved.getSlot(), moved.getTargetNode());
                            again.add(i);
                        } else if (reply instanceof JedisAskDataException ask) {
                            asking[i] = ask.getTargetNode();
                            again.add(i);
                        } else if (reply instanceof JedisNoScriptException) {
                            eval[i] = true;
                            again.add(i);
                        } else if (reply instanceof JedisDataException && calls.get(i).bestEffort()) {
                            // Not worth delaying or failing the statement for: the recovery sweep does it later.
                            replies[i] = null;
                        } else if (reply instanceof JedisDataException e && notRun(e)) {
                            nodes.failed(entry.getKey(), e);
                            retryable = e;
                            pauseFirst = true;
                            again.add(i);
                        } else if (reply instanceof JedisDataException e) {
                            error = error == null ? e : error;
                        } else {
                            replies[i] = reply;
                        }
                    }
                    // A node that ran none of its calls (all redirected: a replica now, say) has nothing to wait for.
                    if (replicas > 0 && entry.getValue().stream().anyMatch(i -> replies[i] != null)) {
                        checkReplicas(got[r], replicas, waitMillis, entry.getKey());
                    }
                }
                if (error != null) {
                    throw error;
                }
                if (again.isEmpty()) {
                    return Arrays.asList(replies);
                }
                pending = again;
            } finally {
                borrowed.forEach(RedisConnections::giveBack);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new JedisConnectionException("the cluster did not settle within redis.timeout.ms ("
                        + nodes.timeoutMillis() + " ms)" + (retryable == null ? "" : ": " + retryable.getMessage()));
            }
            if (pauseFirst) {
                sleep(Math.min(pause, left));
                pause = Math.min(LONGEST_PAUSE_NANOS, pause * 2);
            }
        }
    }

    /** Error replies that say the command was not run: a slot in migration, a cluster in failover, a replica. */
    static boolean notRun(JedisDataException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return e instanceof JedisClusterException || message.startsWith("TRYAGAIN") || message.startsWith("CLUSTERDOWN")
                || message.startsWith("READONLY") || message.startsWith("LOADING");
    }

    private static void send(PooledConnection connection, List<SlotCall> calls, List<Integer> indexes,
            HostAndPort[] asking, boolean[] eval, int replicas, int waitMillis) {
        long bytes = 0;
        for (int i : indexes) {
            bytes += SendDeadline.bytesOf(calls.get(i).call());
        }
        SendDeadline.guard(connection, bytes, connection.getSoTimeout(), () -> {
            for (int i : indexes) {
                if (asking[i] != null) {
                    connection.sendCommand(Protocol.Command.ASKING);
                }
                SlotCall call = calls.get(i);
                connection.sendCommand(call.script().command(eval[i], call.call()).getArguments());
            }
            if (replicas > 0) {
                connection.sendCommand(waitCommand(replicas, waitMillis));
            }
            connection.send();
        });
    }

    /** {@code WAIT replicas waitMillis}. */
    static CommandArguments waitCommand(int replicas, int waitMillis) {
        return new CommandArguments(Protocol.Command.WAIT).add(replicas).add(waitMillis);
    }

    /** Throws {@link ReplicasBehind} when a {@code WAIT} reply counts too few replicas. */
    static void checkReplicas(Object reply, int replicas, int waitMillis, Object server) {
        if (reply instanceof JedisDataException e) {
            throw e;
        }
        long acknowledged = (Long) reply;
        if (acknowledged < replicas) {
            throw new ReplicasBehind(acknowledged + " of " + replicas + " replica(s) (redis.wait.replicas) of " + server
                    + " acknowledged the write within " + waitMillis + " ms");
        }
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JedisConnectionException("interrupted while the cluster settled", e);
        }
    }
}
