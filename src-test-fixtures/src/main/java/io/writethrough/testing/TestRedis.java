package io.writethrough.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.ScanIteration;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The shared Redis, seen through a key prefix of one test's own ({@code t<random>:}). Put {@link #prefix()} in
 * every key template and key the test uses; on {@link #close()} every key starting with it is deleted
 * ({@code SCAN} + {@code UNLINK}, never {@code FLUSHALL}: CI shares one Redis).
 *
 * <p>In JUnit tests, take it as a parameter with {@link WriteThroughServices}; elsewhere use
 * {@code try (TestRedis redis = TestRedis.create()) { … }}.
 */
public final class TestRedis implements AutoCloseable {

    private static final int SCAN_COUNT = 1000;

    private final RedisService service;
    private final RedisClient client;
    private final String prefix;
    private boolean closed;

    private TestRedis(RedisService service, RedisClient client, String prefix) {
        this.service = service;
        this.client = client;
        this.prefix = prefix;
    }

    /** A new prefix on the shared Redis ({@link ServiceResolver#redis()}). */
    public static TestRedis create() {
        return new TestRedis(ServiceResolver.redis(), ServiceResolver.redisClient(), "t" + RandomNames.letters(10) + ":");
    }

    /** The shared Redis's URL, as {@code redis://host:port}, credentials included when it needs them. */
    public String url() {
        return service.url();
    }

    /** The shared Redis. */
    public RedisService service() {
        return service;
    }

    /** The Jedis client shared by the whole JVM. Do not close it. */
    public RedisClient client() {
        return client;
    }

    /**
     * This test's key prefix: {@code t}, 10 random lower-case letters and {@code :}. No digits, because a key
     * template escapes value characters that occur in its literal text, and ids are mostly digits.
     */
    public String prefix() {
        return prefix;
    }

    /** {@code prefix() + suffix}. */
    public String key(String suffix) {
        return prefix + suffix;
    }

    /** Every key currently starting with {@link #prefix()}, sorted. */
    public Set<String> keys() {
        return new TreeSet<>(scan(prefix));
    }

    /**
     * Deletes every key starting with {@link #prefix()}, and the driver's ownership marks of those keys. The shared
     * client stays open.
     *
     * @throws AssertionError when ownership marks of the test's keys are still there {@link #MARKS_SETTLE} after the
     *     test: a committed transaction's marks go within 250 ms of its connection's last call, and an ended one's
     *     with the recovery sweep, so a mark left is a leak (the keys are deleted all the same)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        String marks = MARK_PREFIX + prefix;
        long deadline = System.nanoTime() + MARKS_SETTLE.toNanos();
        List<String> left = scan(marks);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20); // the driver's background release runs on its own thread; bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            left = scan(marks);
        }
        deleteKeysStartingWith(prefix);
        deleteKeysStartingWith(marks);
        if (!left.isEmpty()) {
            throw new AssertionError(left.size() + " ownership mark(s) left " + MARKS_SETTLE.toMillis() + " ms after the test, e.g. "
                    + left.subList(0, Math.min(3, left.size())));
        }
    }

    /** Where the driver keeps a key's ownership mark: this prefix, then the key. */
    static final String MARK_PREFIX = "writethrough:own:";
    /** How long the driver may take to drop the marks of transactions that have ended. */
    static final java.time.Duration MARKS_SETTLE = java.time.Duration.ofSeconds(3);

    private void deleteKeysStartingWith(String keyPrefix) {
        List<String> keys = scan(keyPrefix);
        for (int from = 0; from < keys.size(); from += SCAN_COUNT) {
            client.unlink(keys.subList(from, Math.min(keys.size(), from + SCAN_COUNT)).toArray(String[]::new));
        }
    }

    private List<String> scan(String keyPrefix) {
        return keysStartingWith(client, keyPrefix);
    }

    /**
     * Every key starting with {@code keyPrefix}, sorted, via {@code SCAN} (a full iteration; keys may repeat in SCAN,
     * not here). For the fixtures, the examples and the tests alike.
     */
    public static List<String> keysStartingWith(UnifiedJedis redis, String keyPrefix) {
        ScanParams params = new ScanParams().match(RedisGlob.startingWith(keyPrefix)).count(SCAN_COUNT);
        Set<String> keys = new TreeSet<>();
        if (redis instanceof JedisCluster || redis instanceof RedisClusterClient) {
            // A cluster's SCAN runs on each primary in turn.
            ScanIteration scan = redis.scanIteration(SCAN_COUNT, RedisGlob.startingWith(keyPrefix));
            while (!scan.isIterationCompleted()) {
                keys.addAll(scan.nextBatch().getResult());
            }
            return new ArrayList<>(keys);
        }
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return new ArrayList<>(keys);
    }

    @Override
    public String toString() {
        return "TestRedis[" + prefix + " at " + service.address() + "]";
    }
}
