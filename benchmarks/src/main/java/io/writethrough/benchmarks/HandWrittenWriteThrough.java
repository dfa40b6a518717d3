package io.writethrough.benchmarks;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * What a careful application writes when it keeps Redis in step by hand: it reads the rows its statement returned
 * (RETURNING), and writes each row's entry as {@code DEL} + {@code HSET} — so no field of an earlier version survives —
 * in one pipeline per statement (on a Redis Cluster, one per primary), checking every reply. The application commits
 * only after this returned. Thread-safe (the Jedis client is pooled).
 */
public final class HandWrittenWriteThrough implements AutoCloseable {

    private final UnifiedJedis redis;
    private final String keyPrefix;

    private HandWrittenWriteThrough(UnifiedJedis redis, String keyPrefix) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
    }

    /** A client of the application's own for the Redis at {@code url}; entries are {@code <keyPrefix>item:<id>}. */
    /** The pipeline {@link #begin()} opened, and the replies to check when it is synced. */
    private AbstractPipeline transaction;
    private final List<Response<Long>> pending = new ArrayList<>();

    public static HandWrittenWriteThrough connect(String url, String keyPrefix) {
        return new HandWrittenWriteThrough(RedisClient.create(url), keyPrefix);
    }

    /** The same over a client of the application's (a Redis Cluster's, say), which {@link #close()} closes. */
    public static HandWrittenWriteThrough over(UnifiedJedis redis, String keyPrefix) {
        return new HandWrittenWriteThrough(redis, keyPrefix);
    }

    /** The key of the item with this id, as the mapping {@code <prefix>item:{id}} renders it for plain numbers. */
    public String key(String id) {
        return keyPrefix + "item:" + id;
    }

    /**
     * Replaces the entry of every remaining row of {@code rows} (which must carry an {@code id} column) with a hash of
     * its non-NULL columns, in one pipeline. Returns the keys written.
     */
    public List<String> put(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int columns = meta.getColumnCount();
        String[] labels = new String[columns + 1];
        int idColumn = 0;
        for (int i = 1; i <= columns; i++) {
            labels[i] = meta.getColumnLabel(i);
            if ("id".equals(labels[i])) {
                idColumn = i;
            }
        }
        if (idColumn == 0) {
            throw new IllegalArgumentException("the returned rows have no id column, so their keys cannot be rendered");
        }
        List<String> keys = new ArrayList<>();
        List<Response<Long>> replies = transaction != null ? pending : new ArrayList<>();
        AbstractPipeline pipeline = transaction != null ? transaction : redis.pipelined();
        try {
            while (rows.next()) {
                Map<String, String> hash = new HashMap<>(2 * columns);
                for (int i = 1; i <= columns; i++) {
                    String value = rows.getString(i);
                    if (value != null) {
                        hash.put(labels[i], value);
                    }
                }
                String key = key(rows.getString(idColumn));
                keys.add(key);
                pipeline.del(key);
                replies.add(pipeline.hset(key, hash));
            }
            if (pipeline != transaction) {
                pipeline.sync();
                for (Response<Long> reply : replies) {
                    reply.get();
                }
            }
        } finally {
            if (pipeline != transaction) {
                pipeline.close();
            }
        }
        return keys;
    }

    /** From now until {@link #sync()}, {@link #put} and {@link #delete(ResultSet)} add to one pipeline. */
    public void begin() {
        transaction = redis.pipelined();
    }

    /** Sends what {@link #begin()} started collecting and checks every reply; nothing when nothing was begun. */
    public void sync() {
        AbstractPipeline pipeline = transaction;
        if (pipeline == null) {
            return;
        }
        transaction = null;
        try (pipeline) {
            pipeline.sync();
            for (Response<Long> reply : pending) {
                reply.get();
            }
        } finally {
            pending.clear();
        }
    }

    /** Deletes the entry of every remaining row of {@code rows} (an {@code id} column is enough). Returns the keys. */
    public List<String> delete(ResultSet rows) throws SQLException {
        List<String> keys = new ArrayList<>();
        while (rows.next()) {
            keys.add(key(rows.getString("id")));
        }
        if (transaction != null && !keys.isEmpty()) {
            pending.add(transaction.del(keys.toArray(String[]::new)));
        } else {
            delete(keys);
        }
        return keys;
    }

    /** Deletes these keys in one command: what the application does on rollback (the next read is a cache miss). */
    public void delete(Collection<String> keys) {
        if (!keys.isEmpty()) {
            redis.del(keys.toArray(String[]::new));
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
