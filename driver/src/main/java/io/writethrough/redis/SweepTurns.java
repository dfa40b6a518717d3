package io.writethrough.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Whose turn it is at the timed recovery sweep: the instances of one configuration (an application's replicas) take
 * turns through a key in Redis, {@code writethrough:sweep:<fleet>}, so that a fleet sweeps about as often as one
 * instance does rather than once per instance. A turn is taken with {@code SET NX PX} and held past the sweep with
 * {@code SET PX}. A turn nobody holds any more (expired, evicted, lost in a failover) lets the next instance sweep: an
 * extra sweep costs Redis time, never a wrong value (each step of a sweep is compare-and-act on a mark).
 */
public final class SweepTurns {

    /** Every turn's key starts with this. */
    public static final String PREFIX = OwnershipProtocol.RESERVED_PREFIX + "sweep:";

    private final RedisWriter redis;

    SweepTurns(RedisWriter redis) {
        this.redis = redis;
    }

    /** The key of the turns of the instances {@code fleet} describes: a digest of it, so that it shows nothing. */
    public static String keyOf(String fleet) {
        return PREFIX + LuaScript.sha1Hex(fleet.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /**
     * Takes the turn for {@code millis} unless another holder has it: true when {@code holder} may sweep now. A turn
     * the holder itself still holds (its last hold not quite expired as its timer fires) is its own.
     */
    public boolean take(String key, String holder, long millis) {
        if (set(key, holder, millis, true) != null) {
            return true;
        }
        if (!holder.equals(value(key))) {
            return false;
        }
        set(key, holder, millis, false);
        return true;
    }

    /** Holds the turn for {@code millis} from now: no other instance sweeps before then. */
    public void hold(String key, String holder, long millis) {
        set(key, holder, millis, false);
    }

    private String value(String key) {
        Object reply = single(key, new CommandArguments(Protocol.Command.GET).add(key));
        return reply == null ? null : new String((byte[]) reply, StandardCharsets.UTF_8);
    }

    private Object set(String key, String holder, long millis, boolean onlyIfFree) {
        CommandArguments set = new CommandArguments(Protocol.Command.SET).add(key).add(holder);
        if (onlyIfFree) {
            set.add("NX");
        }
        return single(key, set.add("PX").add(millis));
    }

    private Object single(String key, CommandArguments command) {
        Object reply = redis.reader().pipelines(List.of(key), List.of(List.of(command))).get(0);
        if (reply instanceof JedisDataException error) {
            throw error;
        }
        return reply;
    }
}
