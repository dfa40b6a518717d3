package io.writethrough.recovery;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.redis.RedisWriter;
import io.writethrough.redis.SweepTurns;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When an instance runs the timed recovery sweep. A sweep is a {@code SCAN} of the whole keyspace, so its cost grows
 * with everything the Redis holds, not with the marks: on a Redis of 1,000,000 keys a sweep cost Redis 0.7-1.1 s of
 * CPU, and at a fixed 10 s pause one idle instance kept 7.5 % of a Redis core busy, and a fleet of instances that many
 * times more. Hence two rules:
 * <ul>
 *   <li><b>Pacing.</b> After a sweep whose {@code SCAN} took <i>d</i>, the next waits {@code max(recovery.interval.ms,}
 *       {@value #PAUSE_PER_SWEEP_TIME} <i>d</i>{@code )}: sweeping takes at most 1 % of the time.</li>
 *   <li><b>Turns.</b> The instances of one configuration (same database, tables, key templates, formats and timer)
 *       take turns ({@link SweepTurns}): an instance sweeps only when no other holds the turn, so a fleet sweeps
 *       about as often as one instance would.</li>
 * </ul>
 * Neither touches the sweep when a configuration's first connection opens (a restarted instance cleans up after its
 * crash at once) nor {@code recover} on demand.
 */
final class SweepSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(SweepSchedule.class);
    /** See above: a sweep's length times this is the least pause after it. */
    static final long PAUSE_PER_SWEEP_TIME = 99;

    private final RedisWriter redis;
    private final long intervalMillis;
    private final String turnKey;
    /** This instance, as the holder of a turn. */
    private final String holder = UUID.randomUUID().toString();
    private long lastSweepMillis;
    private long pauseMillis;

    SweepSchedule(RedisWriter redis, MappingConfig config, String database, long intervalMillis) {
        this.redis = redis;
        this.intervalMillis = intervalMillis;
        this.turnKey = SweepTurns.keyOf(fleet(config, database, intervalMillis));
    }

    /** The least pause after a sweep that took {@code sweepMillis}. */
    long pauseAfter(long sweepMillis) {
        return Math.max(intervalMillis, PAUSE_PER_SWEEP_TIME * sweepMillis);
    }

    /** The pause before the next try: 0 before the first, {@code recovery.interval.ms} after a turn not taken. */
    synchronized long pauseMillis() {
        return pauseMillis;
    }

    /**
     * Runs {@code sweep}, which answers how long its keyspace {@code SCAN} took (ms: what it cost Redis; the
     * database's part, opening a connection and asking transactions' status, is not what pacing spares), if it is
     * this instance's turn: it takes the turn for as long as its own pause (so that no
     * other starts meanwhile) and holds it after the sweep for the pause the sweep leaves. False when another
     * instance holds the turn.
     */
    synchronized boolean onTurn(LongSupplier sweep) {
        if (!tookTurn(pauseAfter(lastSweepMillis))) {
            pauseMillis = intervalMillis;
            return false;
        }
        lastSweepMillis = sweep.getAsLong();
        pauseMillis = pauseAfter(lastSweepMillis);
        try {
            redis.sweepTurns().hold(turnKey, holder, pauseMillis);
        } catch (RuntimeException e) {
            // Another instance may then sweep sooner: time, not a wrong value.
            LOG.debug("writethrough: could not hold the recovery sweep's turn ({})", e.getMessage());
        }
        return true;
    }

    private boolean tookTurn(long millis) {
        try {
            return redis.sweepTurns().take(turnKey, holder, millis);
        } catch (RuntimeException e) {
            // Redis cannot be asked: the sweep fails too, and says why.
            return true;
        }
    }

    /**
     * The instances that take turns: one database, one timer, the same tables with the same key templates and
     * formats. Nothing that could hold a secret goes in (and the key holds only a digest of it).
     */
    private static String fleet(MappingConfig config, String database, long intervalMillis) {
        StringBuilder fleet = new StringBuilder(database).append('\n').append(intervalMillis);
        config.tables().stream()
                .map(mapping -> mapping.table() + "=" + mapping.key().source() + ";" + mapping.format())
                .sorted()
                .forEach(table -> fleet.append('\n').append(table));
        return fleet.toString();
    }
}
