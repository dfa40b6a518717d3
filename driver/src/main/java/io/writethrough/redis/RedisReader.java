package io.writethrough.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads of the keyspace on a {@link RedisWriter}'s pooled connections: SCANs, ownership marks' fields and entries,
 * each call one pipeline (one round trip) per server within one {@code redis.timeout.ms}. On a Redis Cluster a scan
 * visits every primary in turn (its cursor says which) and a read goes to the primary of each key's slot. Writes
 * nothing. Thread-safe.
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

    /**
     * One SCAN step over keys matching the glob {@code pattern}, visiting about {@code count} keys of the keyspace.
     * Start with cursor {@code "0"}. A cluster's primaries are scanned one after another in address order, and its
     * cursor names the primary ({@code host:port/cursor}); a scan that starts learns the slot map again, so that it
     * visits the primaries of now (a failover may have promoted a replica since the last call). A primary that is
     * gone when the scan comes back to it is passed over for the next in order.
     */
    public KeyScan scan(String cursor, String pattern, int count) {
        boolean starting = "0".equals(cursor);
        List<RedisConnections> primaries = new ArrayList<>(redis.primaries(pattern, starting));
        primaries.sort(Comparator.comparing(RedisConnections::toString));
        int node = 0;
        String from = cursor;
        int slash = cursor.lastIndexOf('/');
        if (slash > 0) {
            String server = cursor.substring(0, slash);
            from = cursor.substring(slash + 1);
            node = 0;
            while (node < primaries.size() && primaries.get(node).toString().compareTo(server) < 0) {
                node++;
            }
            if (node < primaries.size() && !primaries.get(node).toString().equals(server)) {
                from = "0";
            }
        }
        if (node >= primaries.size()) {
            return new KeyScan("0", List.of());
        }
        RedisConnections server = primaries.get(node);
        String at = from;
        ScanResult<String> result = redis.call(server, pattern, 1, connection -> server.roundTrip(connection,
                COMMANDS.scan(at, new ScanParams().match(pattern).count(count))));
        String next = result.getCursor();
        if ("0".equals(next) && node + 1 < primaries.size()) {
            next = primaries.get(node + 1) + "/0";
        } else if (!"0".equals(next) && primaries.size() > 1) {
            next = server + "/" + next;
        }
        return new KeyScan(next, result.getResult());
    }

    /** The entry key an ownership mark found by a {@link #scan} stands for. */
    public String keyOfMark(String mark) {
        return redis.layout().keyOfMark(mark);
    }

    /** The named fields of each mark (null values where a field, or the mark, is absent), in one pipeline. */
    public List<List<String>> readMarks(List<String> marks, OwnershipProtocol.MarkField... fields) {
        if (marks.isEmpty()) {
            return List.of();
        }
        List<List<CommandArguments>> commands = new ArrayList<>(marks.size());
        for (String mark : marks) {
            CommandArguments hmget = new CommandArguments(Protocol.Command.HMGET).add(mark);
            for (OwnershipProtocol.MarkField field : fields) {
                hmget.add(field.field());
            }
            commands.add(List.of(hmget));
        }
        List<Object> replies = pipelines(marks, commands);
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
        List<List<CommandArguments>> commands = new ArrayList<>(keys.size());
        for (String key : keys) {
            CommandArguments read = new CommandArguments(hash ? Protocol.Command.HGETALL : Protocol.Command.GET).add(key);
            commands.add(marks ? List.of(read, new CommandArguments(Protocol.Command.EXISTS)
                    .add(redis.layout().markKey(key))) : List.of(read));
        }
        List<Object> replies = pipelines(keys, commands);
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

    /**
     * Runs each key's commands on the server of its slot, one pipeline per server (one only on one server); replies
     * flattened in the keys' order.
     */
    List<Object> pipelines(List<String> keys, List<List<CommandArguments>> commands) {
        RedisNodes nodes = redis.nodes();
        Map<RedisConnections, List<Integer>> byNode = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            RedisConnections node = redis.serverOf(keys.get(i));
            byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(i);
        }
        List<List<Object>> perKey = new ArrayList<>(java.util.Collections.nCopies(keys.size(), null));
        for (int attempt = 0; !byNode.isEmpty(); attempt++) {
            Map<RedisConnections, List<Integer>> again = new LinkedHashMap<>();
            for (Map.Entry<RedisConnections, List<Integer>> entry : byNode.entrySet()) {
                RedisConnections node = entry.getKey();
                List<Integer> indexes = entry.getValue();
                List<CommandArguments> sent = new ArrayList<>();
                indexes.forEach(i -> sent.addAll(commands.get(i)));
                List<Object> replies = redis.call(node, keys.get(indexes.get(0)), indexes.size(),
                        connection -> node.pipeline(connection, sent));
                int r = 0;
                for (int i : indexes) {
                    List<Object> own = new ArrayList<>(commands.get(i).size());
                    JedisMovedDataException moved = null;
                    for (int c = 0; c < commands.get(i).size(); c++) {
                        Object reply = replies.get(r++);
                        if (reply instanceof JedisMovedDataException m) {
                            moved = m;
                        }
                        own.add(reply);
                    }
                    if (moved == null) {
                        perKey.set(i, own);
                    } else if (attempt < 2) {
                        // Resharded, or failed over, since the slot map was learned: read it where it lives now.
                        nodes.moved(moved.getSlot(), moved.getTargetNode());
                        again.computeIfAbsent(nodes.at(moved.getTargetNode()), n -> new ArrayList<>()).add(i);
                    } else {
                        throw moved;
                    }
                }
            }
            byNode = again;
        }
        List<Object> flat = new ArrayList<>();
        perKey.forEach(flat::addAll);
        return flat;
    }
}
