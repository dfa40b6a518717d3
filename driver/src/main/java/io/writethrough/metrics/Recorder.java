package io.writethrough.metrics;

/** Where one bound registry's meters are recorded; see {@link DriverMetrics} for what each event means. */
interface Recorder {

    void written(String table, long entries);

    void deleted(String table, long entries);

    void undone(long keys);

    void redisError(DriverMetrics.RedisError kind);

    void refused(String sqlState);

    void orphansResolved(DriverMetrics.Outcome outcome, long keys);

    void redisTime(long nanos);

    void sweepTime(long nanos);
}
