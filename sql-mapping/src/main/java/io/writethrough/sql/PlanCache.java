package io.writethrough.sql;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Analyses each distinct SQL text once. Thread-safe, lock-free on hits, bounded: it never holds more than
 * {@code maxEntries} analyses, and evicts an arbitrary entry to make room. Texts longer than
 * {@code maxCachedSqlLength} are analysed every time and not kept, so that statements with large inline literals
 * (usually unique anyway) cannot fill memory. Two threads missing the same text at once may both analyse it.
 */
public final class PlanCache {

    /** The default longest SQL text kept, in characters. */
    public static final int DEFAULT_MAX_CACHED_SQL_LENGTH = 8 * 1024;

    private final SqlAnalyzer analyzer;
    private final int maxEntries;
    private final int maxCachedSqlLength;
    private final ConcurrentHashMap<String, AnalyzedStatement> analyses;
    /** Slots taken: reserved before an insert and released after a removal, so the map never exceeds maxEntries. */
    private final AtomicInteger used = new AtomicInteger();

    public PlanCache(SqlAnalyzer analyzer, int maxEntries) {
        this(analyzer, maxEntries, DEFAULT_MAX_CACHED_SQL_LENGTH);
    }

    /**
     * @param maxEntries         the most analyses kept, at least 1
     * @param maxCachedSqlLength the longest SQL text kept, in characters
     */
    public PlanCache(SqlAnalyzer analyzer, int maxEntries, int maxCachedSqlLength) {
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1; got " + maxEntries);
        }
        if (maxCachedSqlLength < 0) {
            throw new IllegalArgumentException("maxCachedSqlLength must not be negative; got " + maxCachedSqlLength);
        }
        this.maxEntries = maxEntries;
        this.maxCachedSqlLength = maxCachedSqlLength;
        this.analyses = new ConcurrentHashMap<>(Math.min(maxEntries, 1024) * 2);
    }

    /** The analysis of {@code sql}, from the cache when this text was analysed before. */
    public Analysis analyze(String sql) {
        return statement(sql).analysis();
    }

    /** The analysed statement of {@code sql} (its analysis and its write cues), from the cache when it is there. */
    public AnalyzedStatement statement(String sql) {
        AnalyzedStatement cached = analyses.get(Objects.requireNonNull(sql, "sql"));
        if (cached != null) {
            return cached;
        }
        AnalyzedStatement analysis = new AnalyzedStatement(sql, analyzer.analyze(sql));
        if (sql.length() <= maxCachedSqlLength) {
            put(sql, analysis);
        }
        return analysis;
    }

    private void put(String sql, AnalyzedStatement analysis) {
        while (true) {
            int taken = used.get();
            if (taken < maxEntries) {
                if (used.compareAndSet(taken, taken + 1)) {
                    break;
                }
            } else {
                evictOne();
            }
        }
        if (analyses.putIfAbsent(sql, analysis) != null) {
            used.decrementAndGet();
        }
    }

    private void evictOne() {
        Iterator<String> keys = analyses.keySet().iterator();
        while (keys.hasNext()) {
            String key = keys.next();
            if (analyses.remove(key) != null) {
                used.decrementAndGet();
                return;
            }
        }
        // Every slot is reserved by a put not yet visible in the map; let that thread finish.
        Thread.onSpinWait();
    }

    /** How many full parses the underlying analyzer has run (shared by every cache over the same analyzer). */
    public long parses() {
        return analyzer.parses();
    }

    /** The number of cached analyses (an estimate while other threads change the cache). */
    public int size() {
        return analyses.size();
    }

    /** Slots taken by cached or being-cached analyses; an exact upper bound of {@link #size()} at any instant. */
    int slotsTaken() {
        return used.get();
    }

    /** Forgets every cached analysis. */
    public void clear() {
        for (String key : analyses.keySet()) {
            if (analyses.remove(key) != null) {
                used.decrementAndGet();
            }
        }
    }
}
