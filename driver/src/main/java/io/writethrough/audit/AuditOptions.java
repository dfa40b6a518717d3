package io.writethrough.audit;

import java.util.List;

/**
 * How an audit runs.
 *
 * @param tables           the mapped tables to cover, as the mapping names them ({@code users}, {@code sales.orders});
 *                         empty means every mapped table
 * @param batchSize        rows (or keys) per chunk: per database round trip, per Redis pipeline and per lock
 *                         transaction; bounds the memory in use, 1 to 5,000
 * @param rowsPerSecond    at most this many rows (and keys) per second, to spare a production database and Redis;
 *                         0 for no limit
 * @param shownDifferences how many differences the report keeps, in the order found (all are counted)
 */
public record AuditOptions(List<String> tables, int batchSize, long rowsPerSecond, int shownDifferences) {

    /** The largest chunk: one call of the ownership protocol's scripts. */
    public static final int MAX_BATCH = 5_000;

    public AuditOptions {
        tables = List.copyOf(tables);
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("batch size must be between 1 and " + MAX_BATCH + ", got " + batchSize);
        }
        if (rowsPerSecond < 0) {
            throw new IllegalArgumentException("rows per second must be 0 (no limit) or more, got " + rowsPerSecond);
        }
        if (shownDifferences < 0) {
            throw new IllegalArgumentException("differences shown must be 0 or more, got " + shownDifferences);
        }
    }

    /** Every mapped table, 1,000 rows per chunk, no rate limit, the first 20 differences. */
    public static AuditOptions defaults() {
        return new AuditOptions(List.of(), 1_000, 0, 20);
    }
}
