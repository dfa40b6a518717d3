package io.writethrough.redis;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Warming's fill of locked rows in plain commands (see {@link RedisWriter#fillLockedRows}): one {@code EXISTS} of every
 * mark, and when none stands one {@code MULTI} with a {@code DEL} of every hash's key, each entry's {@code HSET} or
 * {@code SET} (and {@code PEXPIRE}; JSON entries without a TTL in one {@code MSET}), {@code EXEC}. When a mark stands
 * the caller falls back to {@code fill.lua}.
 *
 * <p>Why not a script, as {@code fill_unmarked.lua} does: Redis turns every argument of a script call into a Lua
 * string before the script runs, and 1,000 hashes of six columns are 16,000 arguments. Measured on one Redis
 * ({@code INFO commandstats}, 1,000 calls of 1,000 hashes): the script took 6.6 ms of Redis time per call, the same
 * work in plain commands 3.5 ms.
 *
 * <p>Why the check and the write may be two round trips without {@code WATCH} (which would cost Redis more than the
 * script: 4.7 ms per 1,000 keys, each key looked up in the client's list of watched keys): the rows are share-locked
 * by the caller and their keys are unique in the database, so no transaction can change them, and a transaction sets
 * a key's mark only after its statement has changed the row. A mark set before the lock was taken stands at the check.
 */
final class UnmarkedFill {

    private UnmarkedFill() {
    }

    /** {@code EXISTS} of the entries' marks: how many stand. */
    static CommandObject<Object> marksExist(KeyLayout layout, List<byte[]> keys) {
        CommandArguments exists = new CommandArguments(Protocol.Command.EXISTS);
        for (byte[] key : keys) {
            exists.add(new UncopiedBytes(layout.markOf(key)));
        }
        return new CommandObject<>(exists, BuilderFactory.RAW_OBJECT);
    }

    /**
     * The entries written as {@code entry.lua} writes them, in one {@code MULTI}: the keys of hashes and deletions
     * deleted first, so that a hash is replaced, not merged. A JSON entry's {@code SET} replaces whatever its key held,
     * its type and TTL included, so its key is not deleted: for a table of JSON entries that is one command for Redis
     * to run per chunk rather than two.
     */
    static List<CommandArguments> transaction(List<byte[]> keys, List<EntryWrite> writes) {
        List<CommandArguments> commands = new ArrayList<>(writes.size() + 3);
        commands.add(new CommandArguments(Protocol.Command.MULTI));
        CommandArguments delete = new CommandArguments(Protocol.Command.DEL);
        for (int i = 0; i < writes.size(); i++) {
            if (deletedFirst(writes.get(i))) {
                delete.add(new UncopiedBytes(keys.get(i)));
            }
        }
        if (delete.size() > 1) {
            commands.add(delete);
        }
        // JSON entries without a TTL in one MSET: one command for Redis to run instead of one per entry.
        CommandArguments strings = new CommandArguments(Protocol.Command.MSET);
        for (int i = 0; i < writes.size(); i++) {
            EntryWrite write = writes.get(i);
            List<byte[]> payload = write.payload();
            if (write.isDelete() || payload.isEmpty()) {
                continue;
            }
            if (write.kind() == EntryWrite.Kind.JSON && write.ttlMillis() <= 0) {
                strings.add(new UncopiedBytes(keys.get(i))).add(new UncopiedBytes(payload.get(0)));
                continue;
            }
            CommandArguments command = new CommandArguments(write.kind() == EntryWrite.Kind.HASH
                    ? Protocol.Command.HSET : Protocol.Command.SET).add(new UncopiedBytes(keys.get(i)));
            for (byte[] item : write.kind() == EntryWrite.Kind.HASH ? payload : payload.subList(0, 1)) {
                command.add(new UncopiedBytes(item));
            }
            commands.add(command);
            if (write.ttlMillis() > 0) {
                commands.add(new CommandArguments(Protocol.Command.PEXPIRE).add(new UncopiedBytes(keys.get(i)))
                        .add(write.ttlMillis()));
            }
        }
        if (strings.size() > 1) {
            commands.add(strings);
        }
        commands.add(new CommandArguments(Protocol.Command.EXEC));
        return commands;
    }

    /** True unless the entry is a JSON document, whose {@code SET} replaces the key by itself. */
    private static boolean deletedFirst(EntryWrite write) {
        return write.kind() != EntryWrite.Kind.JSON || write.payload().isEmpty();
    }

    /**
     * Throws the first error among the replies to {@link #transaction} (a command refused when queued, which aborts
     * the transaction, or one that failed in {@code EXEC}).
     */
    static void checkReplies(List<?> replies) {
        for (Object reply : replies) {
            if (reply instanceof JedisDataException e) {
                throw e;
            }
            if (reply instanceof List<?> executed) {
                checkReplies(executed);
            }
        }
    }
}
