package io.writethrough.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Sends a transaction's entry writes, undos and releases to Redis, each as one Lua script call
 * (atomic on the server, one round trip), split into chunks only for very large statements.
 * Thread-safe; shared by every connection of one configuration.
 */
public final class RedisWriter implements AutoCloseable {

    /** Prefix of the ownership marks kept next to each key a transaction has written. */
    public static final String MARK_PREFIX = "writethrough:own:";

    /** Entries per script call: keeps one call's server time and argument list bounded. */
    static final int CHUNK = 5_000;

    private static final LuaScript WRITE = LuaScript.fromResource("write.lua");
    private static final LuaScript UNDO = LuaScript.fromResource("undo.lua");
    private static final LuaScript RELEASE = LuaScript.fromResource("release.lua");
    private static final LuaScript OWNERS = LuaScript.fromResource("owners.lua");
    /** The scripts' flags. */
    private static final byte[] YES = {'1'};
    private static final byte[] NO = {'0'};
    private static final byte[] EMPTY = {};
    private static final byte[] MINUS_ONE = {'-', '1'};
    private static final byte[] MARK_PREFIX_BYTES = bytes(MARK_PREFIX);
    private static final byte[][] SMALL_DECIMALS = new byte[128][];

    static {
        for (int i = 0; i < SMALL_DECIMALS.length; i++) {
            SMALL_DECIMALS[i] = bytes(Integer.toString(i));
        }
    }

    /** Undos that could not reach Redis; bounded so an outage cannot exhaust the heap. */
    static final int MAX_DEFERRED = 10_000;

    private final UnifiedJedis redis;
    private final boolean owned;
    private final long timeoutNanos;
    /** Retries deferred undos in the background; runs only while there are some. */
    private Thread retrier;
    private final ConcurrentLinkedQueue<Deferred> deferred = new ConcurrentLinkedQueue<>();

    private record Deferred(String tx, List<UndoStep> steps, List<String> committedOwners, boolean finish) {
    }

    /**
     * The ownership marks a committed transaction left, to be dropped with the connection's next script call
     * instead of in a round trip of their own. {@code keys} is kept as given (it may hold a million keys): the
     * caller must not change it afterwards.
     */
    public record Release(String tx, List<String> keys) {

        public static final Release NONE = new Release("", List.of());
    }

    /** Uses a client the caller owns (and closes). */
    public RedisWriter(UnifiedJedis redis) {
        this(redis, false, 2_000);
    }

    private RedisWriter(UnifiedJedis redis, boolean owned, int timeoutMillis) {
        this.redis = redis;
        this.owned = owned;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Opens a pooled client to the endpoint; {@link #close()} closes it. */
    public static RedisWriter connect(RedisEndpoint endpoint, int timeoutMillis, int poolSize) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .protocol(RedisProtocol.RESP2)
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .database(endpoint.database())
                // No CLIENT SETNAME/SETINFO: every round trip of a new connection's handshake could wait a
                // whole timeout while Redis is slow.
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (endpoint.tls()) {
            // Verifies the server certificate and host name against the JVM's trust store.
            config.sslOptions(SslOptions.defaults());
        }
        if (endpoint.password() != null) {
            config.user(endpoint.user()).password(endpoint.password());
        }
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        pool.setMaxWait(java.time.Duration.ofMillis(timeoutMillis));
        pool.setJmxEnabled(false);
        RedisClient client = RedisClient.builder()
                .connectionProvider(new OnDemandConnectionProvider(new HostAndPort(endpoint.host(), endpoint.port()), config.build(), pool))
                .build();
        return new RedisWriter(client, true, timeoutMillis);
    }

    public static String markKey(String key) {
        return MARK_PREFIX + key;
    }

    /**
     * What a write reported: for each entry whose capture flag was set, what the key held just before; and the
     * PostgreSQL transaction ids of the earlier owners whose marks were taken over ({@code "?"} when unknown).
     */
    public record WriteResult(List<BeforeImage> captures, List<String> takenOverFrom) {
    }

    /**
     * Writes the entries in order, taking ownership of each key for {@code tx} (PostgreSQL transaction {@code xid}).
     * {@code underSavepoint}: a savepoint is open, so these values may yet be rolled back while the transaction commits.
     */
    public WriteResult write(String tx, long xid, boolean underSavepoint, List<EntryWrite> writes, boolean[] capture,
            Release release) {
        drainDeferred();
        release = releaseAlone(release);
        List<LuaScript.Call> calls = new ArrayList<>(1 + writes.size() / CHUNK);
        for (int from = 0; from < writes.size(); from += CHUNK) {
            int to = Math.min(writes.size(), from + CHUNK);
            List<byte[]> keys = new ArrayList<>(release.keys().size() + 2 * (to - from));
            List<byte[]> args = new ArrayList<>(4 + 6 * (to - from));
            args.add(bytes(tx));
            args.add(bytes(Long.toString(xid)));
            args.add(underSavepoint ? YES : NO);
            addRelease(from == 0 ? release : Release.NONE, keys, args);
            for (int i = from; i < to; i++) {
                EntryWrite w = writes.get(i);
                addKeyAndMark(w.key(), keys);
                args.add(w.kind().code);
                args.add(capture[i] ? YES : NO);
                args.add(decimal(w.ttlMillis()));
                args.add(decimal(w.payload().size()));
                args.addAll(w.payload());
            }
            calls.add(new LuaScript.Call(keys, args));
        }
        // A large statement's chunks go in one pipeline: still one round trip.
        List<Object> replies = calls.size() == 1
                ? List.of(run(WRITE, calls.get(0).keys(), calls.get(0).args(), writes.get(0).key(), writes.size()))
                : runPipelined(WRITE, calls, writes.get(0).key(), writes.size());
        List<BeforeImage> images = new ArrayList<>();
        List<String> takenOver = new ArrayList<>(0);
        for (Object reply : replies) {
            List<?> captured = (List<?>) ((List<?>) reply).get(0);
            for (int i = 0; i < captured.size(); i += 2) {
                byte[] dump = (byte[]) captured.get(i);
                long pttl = (Long) captured.get(i + 1);
                images.add(dump == null ? BeforeImage.ABSENT : new BeforeImage(dump, pttl));
            }
            for (Object owner : (List<?>) ((List<?>) reply).get(1)) {
                takenOver.add(new String((byte[]) owner, StandardCharsets.US_ASCII));
            }
        }
        return new WriteResult(images, takenOver);
    }

    /**
     * Applies the undo steps in the order given (callers pass newest first).
     *
     * @param committedOwners PostgreSQL transaction ids of earlier owners (see {@link WriteResult}) known to have
     *     committed: the value found when their mark was taken over is restored; for any other earlier owner, the
     *     value before it. {@code null} when not known: keys whose mark was taken over are deleted
     * @param finish the transaction is over and one of its writes may still be on its way (its reply was lost): leave a
     *     tombstone so that such a write, should it arrive later, does nothing
     */
    public void undo(String tx, List<UndoStep> steps, Release release, Collection<String> committedOwners, boolean finish) {
        drainDeferred();
        undoSteps(tx, steps, releaseAlone(release), committedOwners, finish);
    }

    private void undoSteps(String tx, List<UndoStep> steps, Release release, Collection<String> committedOwners, boolean finish) {
        for (int from = 0; from < steps.size(); from += CHUNK) {
            int to = Math.min(steps.size(), from + CHUNK);
            List<byte[]> keys = new ArrayList<>(release.keys().size() + 2 * (to - from));
            List<byte[]> args = new ArrayList<>(5 + (committedOwners == null ? 0 : committedOwners.size()) + 3 * (to - from));
            args.add(bytes(tx));
            args.add(finish && to == steps.size() ? YES : NO);
            addRelease(from == 0 ? release : Release.NONE, keys, args);
            if (committedOwners == null) {
                args.add(MINUS_ONE);
            } else {
                args.add(decimal(committedOwners.size()));
                for (String owner : committedOwners) {
                    args.add(bytes(owner));
                }
            }
            for (int i = from; i < to; i++) {
                UndoStep step = steps.get(i);
                addKeyAndMark(step.key(), keys);
                args.add(bytes(step.mode().code));
                BeforeImage image = step.image();
                boolean present = image != null && !image.absent();
                args.add(present ? image.dump() : EMPTY);
                args.add(present ? decimal(image.pttlMillis()) : MINUS_ONE);
            }
            run(UNDO, keys, args, steps.get(from).key(), to - from);
        }
    }

    /**
     * The PostgreSQL transaction ids of earlier owners whose marks {@code tx} took over on these keys, read from the
     * marks: for an undo after a write whose reply was lost.
     */
    public List<String> takenOverFrom(String tx, List<String> keys) {
        List<String> owners = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += CHUNK) {
            List<byte[]> marks = new ArrayList<>();
            for (String key : keys.subList(from, Math.min(keys.size(), from + CHUNK))) {
                marks.add(markOf(bytes(key)));
            }
            for (Object owner : (List<?>) run(OWNERS, marks, List.of(bytes(tx)), keys.get(from), marks.size())) {
                owners.add(new String((byte[]) owner, StandardCharsets.US_ASCII));
            }
        }
        return owners;
    }

    /** Drops the ownership marks of a committed transaction now, in calls of their own. */
    public void release(Release release) {
        drainDeferred();
        String tx = release.tx();
        Collection<String> keys = release.keys();
        List<byte[]> marks = new ArrayList<>(Math.min(keys.size(), CHUNK));
        String first = null;
        for (String key : keys) {
            if (first == null) {
                first = key;
            }
            marks.add(markOf(bytes(key)));
            if (marks.size() == CHUNK) {
                run(RELEASE, marks, List.of(bytes(tx)), first, marks.size());
                marks = new ArrayList<>(CHUNK);
                first = null;
            }
        }
        if (!marks.isEmpty()) {
            run(RELEASE, marks, List.of(bytes(tx)), first, marks.size());
        }
    }

    /** A release too large to ride along with a script call is sent on its own first. */
    private Release releaseAlone(Release release) {
        if (release.keys().size() > CHUNK) {
            release(release);
            return Release.NONE;
        }
        return release;
    }

    private static void addRelease(Release release, List<byte[]> keys, List<byte[]> args) {
        args.add(bytes(release.tx()));
        args.add(decimal(release.keys().size()));
        for (String key : release.keys()) {
            keys.add(markOf(bytes(key)));
        }
    }

    /** The data key and its mark key: one UTF-8 encoding of the key serves both. */
    private static void addKeyAndMark(String key, List<byte[]> keys) {
        byte[] data = bytes(key);
        keys.add(data);
        keys.add(markOf(data));
    }

    private static byte[] markOf(byte[] key) {
        byte[] mark = Arrays.copyOf(MARK_PREFIX_BYTES, MARK_PREFIX_BYTES.length + key.length);
        System.arraycopy(key, 0, mark, MARK_PREFIX_BYTES.length, key.length);
        return mark;
    }

    /** Decimal text of a count or TTL; the small ones every call repeats are shared. */
    private static byte[] decimal(long n) {
        return n >= 0 && n < SMALL_DECIMALS.length ? SMALL_DECIMALS[(int) n] : bytes(Long.toString(n));
    }

    /**
     * Keeps an undo that could not reach Redis and retries it in the background until it succeeds, so that no
     * application thread waits for Redis to come back. Returns false when the queue is full and the undo was dropped.
     * {@code steps} is kept as given, not copied (it may stand for a million keys): the caller must not change it.
     */
    public synchronized boolean deferUndo(String tx, List<UndoStep> steps, Collection<String> committedOwners, boolean finish) {
        if (deferred.size() >= MAX_DEFERRED) {
            return false;
        }
        deferred.add(new Deferred(tx, steps, committedOwners == null ? null : List.copyOf(committedOwners), finish));
        if (retrier == null) {
            retrier = new Thread(this::retryDeferred, "writethrough-undo-retry");
            retrier.setDaemon(true);
            retrier.start();
        }
        return true;
    }

    /**
     * Before any other command: the undos still waiting go first, so that Redis is consistent again as soon as it
     * answers. If one fails, so does the command that wanted to run (Redis is still unreachable).
     */
    private void drainDeferred() {
        Deferred next;
        while ((next = deferred.peek()) != null) {
            undoSteps(next.tx(), next.steps(), Release.NONE, next.committedOwners(), next.finish());
            deferred.remove(next);
        }
    }

    /**
     * The retrier's loop: oldest undo first, a pause of one timeout after a failure, and the thread ends when
     * the queue is empty. Order among deferred undos does not matter for correctness: each acts only on keys
     * its transaction still owns.
     */
    private void retryDeferred() {
        while (true) {
            Deferred next;
            synchronized (this) {
                next = deferred.peek();
                if (next == null) {
                    retrier = null;
                    return;
                }
            }
            try {
                undoSteps(next.tx(), next.steps(), Release.NONE, next.committedOwners(), next.finish());
                deferred.remove(next);
                UndoRetryLog.succeeded(next.steps().size());
            } catch (RedisWriteException e) {
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.min(timeoutNanos, TimeUnit.SECONDS.toNanos(1)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    synchronized (this) {
                        retrier = null;
                    }
                    return;
                }
            }
        }
    }

    private List<Object> runPipelined(LuaScript script, List<LuaScript.Call> calls, String firstKey, int count) {
        try {
            return script.runPipelined(redis, calls);
        } catch (JedisException e) {
            throw failure(firstKey, count, e);
        }
    }

    private Object run(LuaScript script, List<byte[]> keys, List<byte[]> args, String firstKey, int count) {
        try {
            return script.run(redis, keys, args);
        } catch (JedisException e) {
            throw failure(firstKey, count, e);
        }
    }

    /** Names the key (and how many more the call carried) and the cause; Jedis's messages carry no credentials. */
    private static RedisWriteException failure(String firstKey, int count, JedisException e) {
        String which = count > 1 ? "'" + firstKey + "' and " + (count - 1) + " more" : "'" + firstKey + "'";
        return new RedisWriteException("Redis write-through failed for key " + which + ": "
                + e.getClass().getSimpleName() + ": " + e.getMessage(), firstKey, e);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (owned) {
            redis.close();
        }
    }
}
