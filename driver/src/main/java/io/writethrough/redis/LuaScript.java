package io.writethrough.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** A Lua script run by its SHA-1 on a borrowed connection, sent in full only when the server does not know it yet. */
final class LuaScript {

    private final byte[] source;
    private final byte[] sha;

    private LuaScript(byte[] source) {
        this.source = source;
        this.sha = sha1Hex(source).getBytes(StandardCharsets.US_ASCII);
    }

    /** The script made of these resources, in order (a shared part first, e.g. {@code entry.lua}). */
    static LuaScript fromResources(String... names) {
        java.io.ByteArrayOutputStream source = new java.io.ByteArrayOutputStream();
        for (String name : names) {
            try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing script resource " + name);
                }
                source.writeBytes(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new LuaScript(source.toByteArray());
    }

    /** One round trip on {@code connection} (two the first time the server sees the script). */
    Object run(RedisConnections redis, Connection connection, Call call) {
        try {
            return redis.roundTrip(connection, command(Protocol.Command.EVALSHA, sha, call));
        } catch (JedisNoScriptException e) {
            // First use on this server, or the server restarted: EVAL also caches the script.
            return redis.roundTrip(connection, command(Protocol.Command.EVAL, source, call));
        }
    }

    /** The call as {@code EVALSHA}, or as {@code EVAL} with the whole script when the server does not know it yet. */
    CommandObject<Object> command(boolean eval, Call call) {
        return eval ? command(Protocol.Command.EVAL, source, call) : command(Protocol.Command.EVALSHA, sha, call);
    }

    /**
     * EVALSHA (or EVAL) with the keys as plain arguments: Jedis's own {@code evalsha} also records every key for
     * cluster slot routing, which a standalone server does not use and which costs a list entry per key.
     */
    private static CommandObject<Object> command(Protocol.Command command, byte[] script, Call call) {
        List<byte[]> keys = call.keys();
        CommandArguments arguments = new CommandArguments(command).add(new UncopiedBytes(script)).add(keys.size());
        for (byte[] key : keys) {
            arguments.add(new UncopiedBytes(key));
        }
        for (byte[] arg : call.args()) {
            arguments.add(new UncopiedBytes(arg));
        }
        return new CommandObject<>(arguments, BuilderFactory.RAW_OBJECT);
    }

    /** One call's keys and arguments, as {@link OwnershipProtocol} lays them out. */
    record Call(List<byte[]> keys, List<byte[]> args) {
    }

    /**
     * Runs several calls in one pipeline (one round trip), replies in call order, followed, when {@code replicas} is
     * above 0, by {@code WAIT replicas waitMillis}: throws {@link SlotDispatch.ReplicasBehind} when fewer replicas
     * acknowledged the writes. Every reply is read before any is acted on, so that the connection stays in step; each
     * gives the connection a new timeout, and the first gets the time the sending took back.
     */
    List<Object> runPipelined(RedisConnections redis, Connection connection, List<Call> calls, int replicas,
            int waitMillis) {
        long sending = System.nanoTime();
        SendDeadline.guard(connection, SendDeadline.bytesOfCalls(calls), connection.getSoTimeout(), () -> {
            for (Call call : calls) {
                connection.sendCommand(command(Protocol.Command.EVALSHA, sha, call).getArguments());
            }
            if (replicas > 0) {
                connection.sendCommand(SlotDispatch.waitCommand(replicas, waitMillis));
            }
        });
        // Redis read the chunks while they were sent (a blocked send waits for it): that time is progress.
        redis.sent(connection, System.nanoTime() - sending);
        List<Object> replies = readReplies(redis, connection, calls.size() + (replicas > 0 ? 1 : 0));
        Object waited = replicas > 0 ? replies.remove(calls.size()) : null;
        boolean reran = false;
        for (int i = 0; i < calls.size(); i++) {
            Object reply = replies.get(i);
            if (reply instanceof JedisNoScriptException) {
                // Not loaded on this server: that call did not run, nor did the ones after it; run it again, in order.
                replies.set(i, run(redis, connection, calls.get(i)));
                reran = true;
            } else if (reply instanceof JedisDataException error) {
                throw error;
            }
        }
        if (replicas > 0) {
            // A call run again after the WAIT needs a WAIT of its own.
            Object reply = reran ? redis.roundTrip(connection, new CommandObject<>(SlotDispatch.waitCommand(replicas,
                    waitMillis), BuilderFactory.RAW_OBJECT)) : waited;
            SlotDispatch.checkReplicas(reply, replicas, waitMillis, redis);
        }
        return replies;
    }

    /**
     * Reads {@code count} pipelined replies, an error reply as its {@link JedisDataException}: every reply is read
     * before any is acted on, so that the connection stays in step; each gives the connection a new timeout.
     */
    static List<Object> readReplies(RedisConnections redis, Connection connection, int count) {
        List<Object> replies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Object reply;
            try {
                reply = connection.getOne();
            } catch (JedisDataException e) {
                reply = e;
            }
            redis.replied(connection);
            replies.add(reply);
        }
        return replies;
    }

    /** The SHA-1 of {@code data} in lower-case hex (a script's name in Redis). */
    static String sha1Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
