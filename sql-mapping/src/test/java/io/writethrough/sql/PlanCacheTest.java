package io.writethrough.sql;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanCacheTest {

    @Test
    void parsesEachDistinctTextOnce() {
        PlanCache cache = new PlanCache(CorpusTables.analyzer(), 100);
        Analysis first = cache.analyze("UPDATE users SET name = ? WHERE id = ?");
        Analysis second = cache.analyze("UPDATE users SET name = ? WHERE id = ?");
        assertThat(second).isSameAs(first);
        assertThat(cache.parses()).isEqualTo(1);
        cache.analyze("DELETE FROM users WHERE id = ?");
        assertThat(cache.parses()).isEqualTo(2);
        cache.analyze("TRUNCATE users");
        cache.analyze("SELECT 1");
        cache.analyze("TRUNCATE users");
        cache.analyze("SELECT 1");
        assertThat(cache.size()).isEqualTo(4);
        assertThat(cache.parses()).isEqualTo(2);
    }

    @Test
    void cachesUnsupportedAndUnparsableResultsToo() {
        PlanCache cache = new PlanCache(CorpusTables.analyzer(), 10);
        Analysis unparsable = cache.analyze("UPDATE users SET name = ? WHERE (");
        assertThat(unparsable).isInstanceOf(Unsupported.class);
        long parses = cache.parses();
        assertThat(cache.analyze("UPDATE users SET name = ? WHERE (")).isSameAs(unparsable);
        assertThat(cache.parses()).isEqualTo(parses);
    }

    @Test
    void neverHoldsMoreThanMaxEntries() {
        PlanCache cache = new PlanCache(CorpusTables.analyzer(), 3);
        for (int i = 0; i < 50; i++) {
            cache.analyze("DELETE FROM users WHERE id = " + i);
            assertThat(cache.size()).isLessThanOrEqualTo(3).isEqualTo(cache.slotsTaken());
        }
        assertThat(cache.size()).isEqualTo(3);
        cache.clear();
        assertThat(cache.size()).isZero();
        cache.analyze("SELECT 1");
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void doesNotKeepVeryLongTexts() {
        PlanCache cache = new PlanCache(CorpusTables.analyzer(), 10, 100);
        String longSql = "INSERT INTO users (bio) VALUES ('" + "x".repeat(200) + "')";
        Analysis first = cache.analyze(longSql);
        assertThat(first).isInstanceOf(WritePlan.class);
        assertThat(cache.size()).isZero();
        cache.analyze(longSql);
        assertThat(cache.parses()).isEqualTo(2);
    }

    @Test
    void rejectsNonsensicalBounds() {
        assertThatThrownBy(() -> new PlanCache(CorpusTables.analyzer(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEntries");
    }

    @Test
    void staysBoundedAndConsistentUnderConcurrency() throws Exception {
        SqlAnalyzer analyzer = CorpusTables.analyzer();
        PlanCache cache = new PlanCache(analyzer, 64);
        List<CorpusCase> corpus = CorpusCase.all();
        List<Analysis> expected = new ArrayList<>();
        for (CorpusCase c : corpus) {
            expected.add(analyzer.analyze(c.sql()));
        }
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger maxSeen = new AtomicInteger();
        try {
            // ConcurrentHashMap.size() may over-count while other threads write; the slot count bounds the map exactly.
            Future<?> watcher = pool.submit(() -> {
                while (running.get()) {
                    maxSeen.accumulateAndGet(cache.slotsTaken(), Math::max);
                }
            });
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                workers.add(pool.submit(() -> {
                    start.await();
                    int mismatches = 0;
                    for (int i = 0; i < 3000; i++) {
                        int index = (i * 31 + seed * 17) % corpus.size();
                        Analysis got = cache.analyze(corpus.get(index).sql());
                        if (!sameKind(got, expected.get(index))) {
                            mismatches++;
                        }
                        cache.analyze("SELECT " + seed + " + " + i);
                    }
                    return mismatches;
                }));
            }
            start.countDown();
            for (Future<Integer> worker : workers) {
                assertThat(worker.get(60, TimeUnit.SECONDS)).isZero();
            }
            running.set(false);
            watcher.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(maxSeen.get()).isLessThanOrEqualTo(64);
        assertThat(cache.size()).isLessThanOrEqualTo(64).isEqualTo(cache.slotsTaken());
    }

    private static boolean sameKind(Analysis a, Analysis b) {
        if (a instanceof WritePlan pa && b instanceof WritePlan pb) {
            return pa.sql().equals(pb.sql());
        }
        if (a instanceof Unsupported ua && b instanceof Unsupported ub) {
            return ua.equals(ub);
        }
        return a == b || (a instanceof TransactionControl && a.equals(b));
    }
}
