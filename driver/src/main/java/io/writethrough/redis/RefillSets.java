package io.writethrough.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The keys undos deleted because their value was undecided, kept in Redis until a refill has written them, so that a
 * refill outlives the process that needed it: {@code undo.lua} adds each such key to the refill set of its slot in
 * the same script that deletes it; any driver's sweep reads the sets ({@link #members}) and refills what its mapping
 * renders; a refill that has written keys drops them ({@link #refilled}). The drop is a command of its own, after the
 * refill: an undo that deletes the key again in between loses only the set's copy of its request, not its own
 * process's refill.
 */
public final class RefillSets {

    private final RedisWriter redis;

    RefillSets(RedisWriter redis) {
        this.redis = redis;
    }

    /** Whether a key a scan found is a refill set. */
    public static boolean isRefillSet(String key) {
        return key.startsWith(OwnershipProtocol.REFILL_PREFIX);
    }

    /** The keys in these refill sets (found by a scan of the keyspace: the sweep's). */
    public List<String> members(Collection<String> sets) {
        if (sets.isEmpty()) {
            return List.of();
        }
        List<String> setKeys = new ArrayList<>(new LinkedHashSet<>(sets));
        List<List<CommandArguments>> commands = new ArrayList<>(setKeys.size());
        for (String set : setKeys) {
            commands.add(List.of(new CommandArguments(Protocol.Command.SMEMBERS).add(set)));
        }
        Set<String> keys = new LinkedHashSet<>();
        for (Object reply : checked(redis.reader().pipelines(setKeys, commands))) {
            for (Object member : (List<?>) reply) {
                keys.add(new String((byte[]) member, StandardCharsets.UTF_8));
            }
        }
        return new ArrayList<>(keys);
    }

    /** Drops keys a refill has written (or deleted, their row gone) from the refill sets. */
    public void refilled(Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        Map<String, CommandArguments> bySet = new LinkedHashMap<>();
        for (String key : keys) {
            bySet.computeIfAbsent(redis.layout().refillSetOf(key),
                    set -> new CommandArguments(Protocol.Command.SREM).add(set)).add(key);
        }
        List<List<CommandArguments>> commands = new ArrayList<>(bySet.size());
        bySet.values().forEach(srem -> commands.add(List.of(srem)));
        checked(redis.reader().pipelines(new ArrayList<>(bySet.keySet()), commands));
    }

    private static List<Object> checked(List<Object> replies) {
        for (Object reply : replies) {
            if (reply instanceof JedisDataException error) {
                throw error;
            }
        }
        return replies;
    }
}
