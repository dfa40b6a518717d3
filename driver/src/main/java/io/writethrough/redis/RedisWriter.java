package io.writethrough.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The {@link OwnershipStore} on a Redis server: each operation is one Lua script call (atomic on the server, one round
 * trip), split into chunks of {@link OwnershipProtocol#CHUNK} entries only for very large statements, whose chunks go
 * in one pipeline. Thread-safe; shared by every connection of one configuration.
 */
public final class RedisWriter implements OwnershipStore, AutoCloseable {

    private static final LuaScript WRITE = LuaScript.fromResources("entry.lua", "write.lua");
    private static final LuaScript UNDO = LuaScript.fromResources("undo.lua");
    private static final LuaScript RELEASE = LuaScript.fromResources("release.lua");
    private static final LuaScript OWNERS = LuaScript.fromResources("owners.lua");
    private static final LuaScript FILL = LuaScript.fromResources("entry.lua", "fill.lua");

    private final UnifiedJedis redis;
    private final boolean owned;
    private final UndoRetrier retrier;
    /** Told the keys a deferred undo deleted because their value was undecided. */
    private volatile Consumer<List<String>> undecidedListener = keys -> { };
    private boolean closed;
    /** {@link #close()} was called while undos waited for Redis: the retrier closes the client once they are done. */
    private boolean closeWhenDrained;

    /** Uses a client the caller owns (and closes). */
    public RedisWriter(UnifiedJedis redis) {
        this(redis, false, 2_000);
    }

    private RedisWriter(UnifiedJedis redis, boolean owned, int timeoutMillis) {
        this.redis = redis;
        this.owned = owned;
        this.retrier = new UndoRetrier(this::undoDeferred, this::closeIfAsked, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
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

    @Override
    public WriteResult write(String tx, long xid, String database, boolean underSavepoint, List<EntryWrite> writes,
            boolean[] capture, Release release) {
        String firstKey = writes.get(0).key();
        beforeCommand(firstKey, writes.size());
        release = releaseAlone(release);
        List<LuaScript.Call> calls = new ArrayList<>(1 + writes.size() / OwnershipProtocol.CHUNK);
        for (int from = 0; from < writes.size(); from += OwnershipProtocol.CHUNK) {
            int to = Math.min(writes.size(), from + OwnershipProtocol.CHUNK);
            calls.add(OwnershipProtocol.write(tx, xid, database, underSavepoint, from == 0 ? release : Release.NONE,
                    writes.subList(from, to), capture, from));
        }
        List<Object> replies;
        try {
            // A large statement's chunks go in one pipeline: still one round trip.
            replies = calls.size() == 1 ? List.of(WRITE.run(redis, calls.get(0))) : WRITE.runPipelined(redis, calls);
        } catch (JedisException e) {
            throw failure(firstKey, writes.size(), e);
        }
        List<BeforeImage> images = new ArrayList<>();
        List<String> takenOver = new ArrayList<>(0);
        for (Object reply : replies) {
            OwnershipProtocol.readWriteReply(reply, images, takenOver);
        }
        return new WriteResult(images, takenOver);
    }

    @Override
    public List<String> undo(String tx, List<UndoStep> steps, Release release, Collection<String> committedOwners,
            boolean finish) {
        if (steps.isEmpty() && release.keys().isEmpty()) {
            return List.of();
        }
        beforeCommand(steps.isEmpty() ? release.keys().get(0) : steps.get(0).key(), steps.size());
        return undoSteps(tx, steps, releaseAlone(release), committedOwners, finish);
    }

    private void undoDeferred(UndoRetrier.Deferred undo) {
        List<String> undecided = undoSteps(undo.tx(), undo.steps(), Release.NONE, undo.committedOwners(), undo.finish());
        if (!undecided.isEmpty()) {
            undecidedListener.accept(undecided);
        }
    }

    private List<String> undoSteps(String tx, List<UndoStep> steps, Release release, Collection<String> committedOwners,
            boolean finish) {
        List<String> undecided = new ArrayList<>(0);
        for (int from = 0; from < steps.size(); from += OwnershipProtocol.CHUNK) {
            int to = Math.min(steps.size(), from + OwnershipProtocol.CHUNK);
            List<UndoStep> chunk = steps.subList(from, to);
            OwnershipProtocol.readUndoReply(run(UNDO, OwnershipProtocol.undo(tx, finish && to == steps.size(),
                    from == 0 ? release : Release.NONE, committedOwners, chunk), chunk.get(0).key(), chunk.size()), undecided);
        }
        return undecided;
    }

    /**
     * Writes entries read from committed rows where no transaction owns the key (see {@code fill.lua}); returns how
     * many were written.
     */
    public long fill(List<EntryWrite> writes) {
        long filled = 0;
        for (int from = 0; from < writes.size(); from += OwnershipProtocol.CHUNK) {
            List<EntryWrite> chunk = writes.subList(from, Math.min(writes.size(), from + OwnershipProtocol.CHUNK));
            filled += (Long) run(FILL, OwnershipProtocol.fill(chunk), chunk.get(0).key(), chunk.size());
        }
        return filled;
    }

    /** One step of a SCAN over every ownership mark: the cursor to go on with ("0" when done) and the marks found. */
    public record MarkScan(String cursor, List<String> marks) {
    }

    /** Scans for ownership marks, about {@code count} keys of the keyspace per call. */
    public MarkScan scanMarks(String cursor, int count) {
        try {
            ScanResult<String> result = redis.scan(cursor, new ScanParams().match(OwnershipProtocol.MARK_PREFIX + "*").count(count));
            return new MarkScan(result.getCursor(), result.getResult());
        } catch (JedisException e) {
            throw failure(OwnershipProtocol.MARK_PREFIX + "*", 1, e);
        }
    }

    /** The named fields of each mark (null values where a field, or the mark, is absent), in one pipeline. */
    public List<List<String>> readMarks(List<String> marks, OwnershipProtocol.MarkField... fields) {
        String[] names = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            names[i] = fields[i].field();
        }
        try (AbstractPipeline pipeline = redis.pipelined()) {
            List<Response<List<String>>> responses = new ArrayList<>(marks.size());
            for (String mark : marks) {
                responses.add(pipeline.hmget(mark, names));
            }
            pipeline.sync();
            List<List<String>> values = new ArrayList<>(marks.size());
            for (Response<List<String>> response : responses) {
                values.add(response.get());
            }
            return values;
        } catch (JedisException e) {
            throw failure(marks.isEmpty() ? OwnershipProtocol.MARK_PREFIX : marks.get(0), marks.size(), e);
        }
    }

    @Override
    public List<String> takenOverFrom(String tx, List<String> keys) {
        List<String> owners = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += OwnershipProtocol.CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + OwnershipProtocol.CHUNK));
            owners.addAll(OwnershipProtocol.readOwnersReply(run(OWNERS, OwnershipProtocol.marksOf(tx, chunk), chunk.get(0), chunk.size())));
        }
        return owners;
    }

    @Override
    public void release(Release release) {
        List<String> keys = release.keys();
        if (keys.isEmpty()) {
            return;
        }
        beforeCommand(keys.get(0), keys.size());
        for (int from = 0; from < keys.size(); from += OwnershipProtocol.CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + OwnershipProtocol.CHUNK));
            run(RELEASE, OwnershipProtocol.marksOf(release.tx(), chunk), chunk.get(0), chunk.size());
        }
    }

    /** A release too large to ride along with a script call is sent on its own first. */
    private Release releaseAlone(Release release) {
        if (release.keys().size() > OwnershipProtocol.CHUNK) {
            release(release);
            return Release.NONE;
        }
        return release;
    }

    @Override
    public boolean deferUndo(String tx, List<UndoStep> steps, Collection<String> committedOwners, boolean finish) {
        return retrier.defer(tx, steps, committedOwners, finish);
    }

    /**
     * The undos still waiting go first. If one fails, so does the command that wanted to run (Redis is still
     * unreachable), and its error names that command's own keys.
     */
    private void beforeCommand(String firstKey, int count) {
        try {
            retrier.drain();
        } catch (RedisWriteException e) {
            throw new RedisWriteException("Redis write-through failed for key " + which(firstKey, count)
                    + ": the undo of an earlier rolled-back transaction, which must reach Redis first, failed ("
                    + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage() + ")", firstKey, e.getCause());
        }
    }

    private Object run(LuaScript script, LuaScript.Call call, String firstKey, int count) {
        try {
            return script.run(redis, call);
        } catch (JedisException e) {
            throw failure(firstKey, count, e);
        }
    }

    /** Names the key (and how many more the call carried) and the cause; Jedis's messages carry no credentials. */
    private static RedisWriteException failure(String firstKey, int count, JedisException e) {
        return new RedisWriteException("Redis write-through failed for key " + which(firstKey, count) + ": "
                + e.getClass().getSimpleName() + ": " + e.getMessage(), firstKey, e);
    }

    private static String which(String firstKey, int count) {
        return count > 1 ? "'" + firstKey + "' and " + (count - 1) + " more" : "'" + firstKey + "'";
    }

    /**
     * The server's {@code maxmemory-policy}, read from {@code INFO memory} (which managed services answer even where
     * {@code CONFIG} is disabled), or {@code null} when Redis cannot be asked now.
     */
    public String evictionPolicy() {
        try {
            for (String line : redis.info("memory").split("\r?\n")) {
                if (line.startsWith("maxmemory_policy:")) {
                    return line.substring("maxmemory_policy:".length()).trim();
                }
            }
            return null;
        } catch (JedisException e) {
            return null;
        }
    }

    /** Where the keys a deferred undo could not decide go (the recovery's refill). */
    public void onUndecided(Consumer<List<String>> listener) {
        this.undecidedListener = listener;
    }

    /**
     * Closes the client (if this writer opened it). Undos still waiting for Redis are not dropped: the client then
     * closes once the retrier has applied them.
     */
    @Override
    public synchronized void close() {
        if (!owned || closed) {
            return;
        }
        if (!retrier.isEmpty()) {
            closeWhenDrained = true;
            return;
        }
        closed = true;
        redis.close();
    }

    private synchronized void closeIfAsked() {
        if (closeWhenDrained) {
            closeWhenDrained = false;
            close();
        }
    }
}
