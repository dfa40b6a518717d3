package io.writethrough.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads of the keyspace on a {@link RedisWriter}'s pooled connections: SCANs, ownership marks' fields and entries,
 * each call one pipeline (one round trip) within one {@code redis.timeout.ms}. Writes nothing. Thread-safe.
 */
public final class RedisReader {

    /** SCAN as Jedis builds it (RESP2, as the connections speak). */
    private static final CommandObjects COMMANDS = new CommandObjects(RedisProtocol.RESP2);

    private final RedisWriter redis;

    RedisReader(RedisWriter redis) {
        this.redis = redis;
    }

    /** One step of a SCAN: the cursor to go on with ("0" when done) and the keys found (a key may come twice). */
    public record KeyScan(String cursor, List<String> keys) {
    }

    /** Scans for ownership marks, about {@code count} keys of the keyspace per call. */
    public KeyScan scanMarks(String cursor, int count) {
        return scan(cursor, OwnershipProtocol.MARK_PREFIX + "*", count);
    }

    /** One SCAN step over keys matching the glob {@code pattern}, visiting about {@code count} keys of the keyspace. */
    public KeyScan scan(String cursor, String pattern, int count) {
        ScanResult<String> result = redis.read(pattern, 1, connection -> redis.connections().roundTrip(connection,
                COMMANDS.scan(cursor, new ScanParams().match(pattern).count(count))));
        return new KeyScan(result.getCursor(), result.getResult());
    }

    /** The named fields of each mark (null values where a field, or the mark, is absent), in one pipeline. */
    public List<List<String>> readMarks(List<String> marks, OwnershipProtocol.MarkField... fields) {
        if (marks.isEmpty()) {
            return List.of();
        }
        List<CommandArguments> commands = new ArrayList<>(marks.size());
        for (String mark : marks) {
            CommandArguments hmget = new CommandArguments(Protocol.Command.HMGET).add(mark);
            for (OwnershipProtocol.MarkField field : fields) {
                hmget.add(field.field());
            }
            commands.add(hmget);
        }
        List<Object> replies = redis.read(marks.get(0), marks.size(), connection -> pipeline(connection, commands));
        List<List<String>> values = new ArrayList<>(marks.size());
        for (Object reply : replies) {
            if (reply instanceof JedisDataException error) {
                throw error;
            }
            List<String> row = new ArrayList<>(fields.length);
            for (Object value : (List<?>) reply) {
                row.add(value == null ? null : new String((byte[]) value, StandardCharsets.UTF_8));
            }
            values.add(row);
        }
        return values;
    }

    /**
     * What each key holds, in one pipeline: {@code HGETALL} when {@code hash}, else {@code GET}; with {@code marks},
     * also whether the key's ownership mark exists. A key of another type reads as {@link StoredEntry.Type#OTHER}.
     */
    public List<StoredEntry> readEntries(List<String> keys, boolean hash, boolean marks) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<CommandArguments> commands = new ArrayList<>(keys.size() * (marks ? 2 : 1));
        for (String key : keys) {
            commands.add(new CommandArguments(hash ? Protocol.Command.HGETALL : Protocol.Command.GET).add(key));
            if (marks) {
                commands.add(new CommandArguments(Protocol.Command.EXISTS).add(OwnershipProtocol.markKey(key)));
            }
        }
        List<Object> replies = redis.read(keys.get(0), keys.size(), connection -> pipeline(connection, commands));
        List<StoredEntry> entries = new ArrayList<>(keys.size());
        int step = marks ? 2 : 1;
        for (int i = 0; i < replies.size(); i += step) {
            boolean marked = marks && (Long) ok(replies.get(i + 1)) > 0;
            entries.add(entry(replies.get(i), hash, marked));
        }
        return entries;
    }

    private static StoredEntry entry(Object reply, boolean hash, boolean marked) {
        if (reply instanceof JedisDataException error) {
            if (error.getMessage() != null && error.getMessage().startsWith("WRONGTYPE")) {
                return new StoredEntry(StoredEntry.Type.OTHER, List.of(), marked);
            }
            throw error;
        }
        if (hash) {
            List<byte[]> items = new ArrayList<>();
            for (Object item : (List<?>) reply) {
                items.add((byte[]) item);
            }
            // Redis has no empty hash: an empty reply is an absent key.
            return new StoredEntry(items.isEmpty() ? StoredEntry.Type.ABSENT : StoredEntry.Type.HASH, items, marked);
        }
        return reply == null ? new StoredEntry(StoredEntry.Type.ABSENT, List.of(), marked)
                : new StoredEntry(StoredEntry.Type.STRING, List.of((byte[]) reply), marked);
    }

    private static Object ok(Object reply) {
        if (reply instanceof JedisDataException error) {
            throw error;
        }
        return reply;
    }

    /** Sends every command, then reads every reply (see {@link LuaScript#readReplies}). */
    private List<Object> pipeline(Connection connection, List<CommandArguments> commands) {
        for (CommandArguments command : commands) {
            connection.sendCommand(command);
        }
        return LuaScript.readReplies(redis.connections(), connection, commands.size());
    }
}
