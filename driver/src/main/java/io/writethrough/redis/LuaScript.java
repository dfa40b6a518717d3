package io.writethrough.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** A Lua script run by its SHA-1, sent in full only when the server does not know it yet. */
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

    Object run(UnifiedJedis redis, Call call) {
        try {
            return redis.executeCommand(evalsha(call.keys(), call.args()));
        } catch (JedisNoScriptException e) {
            // First use on this server, or the server restarted: EVAL also caches the script.
            return redis.eval(source, call.keys(), call.args());
        }
    }

    /**
     * EVALSHA with the keys as plain arguments: Jedis's own {@code evalsha} also records every key for cluster slot
     * routing, which a standalone server does not use and which costs a list entry per key.
     */
    private CommandObject<Object> evalsha(List<byte[]> keys, List<byte[]> args) {
        CommandArguments command = new CommandArguments(Protocol.Command.EVALSHA).add(sha).add(keys.size());
        for (byte[] key : keys) {
            command.add(key);
        }
        for (byte[] arg : args) {
            command.add(arg);
        }
        return new CommandObject<>(command, BuilderFactory.RAW_OBJECT);
    }

    /** One call's keys and arguments, as {@link OwnershipProtocol} lays them out. */
    record Call(List<byte[]> keys, List<byte[]> args) {
    }

    /** Runs several calls in one pipeline (one round trip), replies in call order. */
    List<Object> runPipelined(UnifiedJedis redis, List<Call> calls) {
        List<Response<Object>> responses = new ArrayList<>(calls.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (Call call : calls) {
                responses.add(pipeline.executeCommand(evalsha(call.keys(), call.args())));
            }
            pipeline.sync();
        }
        List<Object> replies = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            try {
                replies.add(responses.get(i).get());
            } catch (JedisNoScriptException e) {
                // Not loaded on this server: that call did not run, nor did the ones after it; run it again, in order.
                replies.add(run(redis, calls.get(i)));
            }
        }
        return replies;
    }

    private static String sha1Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
