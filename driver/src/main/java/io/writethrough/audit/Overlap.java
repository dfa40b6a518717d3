package io.writethrough.audit;

import io.writethrough.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Two lock transactions in flight: while Redis writes one chunk's entries (on the one Redis thread), the database
 * locks and reads the next chunk on the other connection. A thread of its own commits a connection as soon as its
 * chunk's work is done: not the audit's thread when it next turns to that connection, since a table lock requested
 * meanwhile waits for the chunk's locks and the next chunk's read, on the other connection, waits behind the
 * request, so the audit's thread may be waiting itself; nor the Redis thread, whose next chunk would wait for the
 * commit's round trip. A failed work (or commit) rolls its connection back and fails the audit.
 */
final class Overlap implements AutoCloseable {

    /** Work on locked rows, run on the Redis thread. */
    @FunctionalInterface
    interface Work {
        void run() throws SQLException;
    }

    private final List<Connection> connections;
    /** Commits the lock transactions ({@link Dialect#commitLockOnly}). */
    private final Dialect dialect;
    private final List<Future<?>> pending = new ArrayList<>();
    private final ExecutorService redisThread = daemon("writethrough-audit-redis");
    private final ExecutorService commitThread = daemon("writethrough-audit-commit");
    private int next;

    Overlap(List<Connection> connections, Dialect dialect) {
        this.connections = connections;
        this.dialect = dialect;
        for (int i = 0; i < connections.size(); i++) {
            pending.add(null);
        }
    }

    /** The connection whose turn it is, its last chunk's work done and committed. */
    Connection next() throws SQLException {
        next = (next + 1) % connections.size();
        finish(next);
        return connections.get(next);
    }

    /** Runs {@code work} for the chunk just locked on {@code connection} (the one {@link #next()} gave). */
    void submit(Connection connection, Work work) {
        pending.set(connections.indexOf(connection), CompletableFuture.runAsync(unchecked(work), redisThread)
                .thenRunAsync(unchecked(() -> dialect.commitLockOnly(connection)), commitThread));
    }

    private static Runnable unchecked(Work work) {
        return () -> {
            try {
                work.run();
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        };
    }

    /** Every chunk's work done and committed. */
    void settle() throws SQLException {
        for (int i = 0; i < connections.size(); i++) {
            finish(i);
        }
    }

    private void finish(int slot) throws SQLException {
        Future<?> work = pending.set(slot, null);
        if (work == null) {
            return;
        }
        Connection connection = connections.get(slot);
        try {
            work.get();
        } catch (ExecutionException e) {
            connection.rollback();
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.rollback();
            throw new SQLException("writethrough: interrupted while Redis wrote a chunk", "57014", e);
        }
    }

    @Override
    public void close() {
        redisThread.shutdownNow();
        commitThread.shutdownNow();
    }

    private static ExecutorService daemon(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
