package io.writethrough.redis;

import io.writethrough.metrics.DriverMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** What {@link RedisWriter} reports to the metrics, in the metrics' terms. */
final class RedisMeters {

    /** Error replies by which Redis refuses a command it did not run, whatever the command. */
    private static final List<String> REFUSALS = List.of("OOM ", "READONLY ", "MISCONF ", "BUSY ", "LOADING ",
            "MASTERDOWN ", "NOREPLICAS ", "NOSCRIPT ", "NOAUTH ", "NOPERM ", "WRONGPASS ");

    private RedisMeters() {
    }

    /** The kind of a failed Redis call, by its exception. */
    static DriverMetrics.RedisError kind(RuntimeException e) {
        if (RedisSilence.timedOut(e)) {
            return DriverMetrics.RedisError.TIMEOUT;
        }
        if (e instanceof JedisConnectionException) {
            return DriverMetrics.RedisError.CONNECTION;
        }
        if (e instanceof JedisDataException) {
            String message = Objects.requireNonNullElse(e.getMessage(), "");
            return REFUSALS.stream().anyMatch(message::startsWith) ? DriverMetrics.RedisError.REFUSED
                    : DriverMetrics.RedisError.SCRIPT;
        }
        return DriverMetrics.RedisError.OTHER;
    }

    /**
     * A statement's entries reached Redis: counts them per table, sets and deletes apart, one report per run of
     * entries of one table and kind. Nothing is looked at when nothing records.
     */
    static void written(DriverMetrics metrics, List<EntryWrite> writes) {
        tally(metrics, writes).run();
    }

    /**
     * What {@link #written} would report, to be reported later (when the reply of a pipelined write arrives), keeping
     * only the tables and counts, not the entries.
     */
    static Runnable tally(DriverMetrics metrics, List<EntryWrite> writes) {
        if (!metrics.recording()) {
            return () -> { };
        }
        List<Runnable> reports = new ArrayList<>(1);
        int from = 0;
        while (from < writes.size()) {
            EntryWrite first = writes.get(from);
            int to = from + 1;
            while (to < writes.size() && writes.get(to).isDelete() == first.isDelete()
                    && Objects.equals(writes.get(to).table(), first.table())) {
                to++;
            }
            String table = first.table();
            int count = to - from;
            if (table != null) {
                reports.add(first.isDelete() ? () -> metrics.deleted(table, count) : () -> metrics.written(table, count));
            }
            from = to;
        }
        return reports.size() == 1 ? reports.get(0) : () -> reports.forEach(Runnable::run);
    }
}
