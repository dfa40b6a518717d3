package io.writethrough.redis;

import io.writethrough.metrics.DriverMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The {@link RedisWriter} of a Redis Cluster: an operation's keys are grouped by hash slot, and each slot gets script
 * calls of its own, whose keys (entries, their marks, the slot's tombstone: see {@link KeyLayout}) all live in that
 * slot; {@link SlotDispatch} sends them, one pipeline per primary, all primaries at once, following redirections. The
 * marks of the last committed transaction ride along with a write of their slot; those of other slots wait for a write
 * to their primary, in whose pipeline they go ({@link LateReleases}), so that a statement costs no primary it does not
 * write to and a release no round trip of its own. Undos still waiting go first; deferred undos use the pools (a
 * primary's background connection would serve its own slots only).
 */
final class ClusterWriter extends RedisWriter {

    private final SlotDispatch dispatch;
    private final LateReleases lateReleases;

    ClusterWriter(RedisNodes nodes, int waitReplicas, DriverMetrics metrics) {
        this(nodes, waitReplicas, metrics, LateReleases.LINGER_NANOS);
    }

    /** With another time for releases to wait for a write to their primary, for tests. */
    ClusterWriter(RedisNodes nodes, int waitReplicas, DriverMetrics metrics, long lingerNanos) {
        super(nodes, waitReplicas, metrics);
        this.dispatch = new SlotDispatch(nodes);
        this.lateReleases = new LateReleases(this::releaseAll, lingerNanos);
    }

    @Override
    public synchronized void close() {
        lateReleases.close();
        super.close();
    }

    @Override
    public WriteResult write(String tx, long xid, String database, boolean underSavepoint, List<EntryWrite> writes,
            boolean[] capture, Release release) {
        Map<Integer, List<Integer>> groups = bySlot(indexes(writes.size()), i -> writes.get(i).key());
        Set<RedisConnections> primaries = new HashSet<>();
        groups.keySet().forEach(slot -> primaries.add(primaryOf(slot)));
        primaries.remove(null);
        // The last transaction's marks ride along with a write of their slot, in its script; those of another slot of
        // a primary this statement writes to, in its pipeline; the others wait for a write to their primary.
        Map<Integer, List<String>> releaseBySlot = bySlot(release.keys(), key -> key);
        List<String> inPipeline = new ArrayList<>();
        Map<RedisConnections, List<String>> later = new HashMap<>();
        releaseBySlot.entrySet().removeIf(entry -> {
            if (groups.containsKey(entry.getKey()) && entry.getValue().size() <= OwnershipProtocol.CHUNK) {
                return false;
            }
            RedisConnections primary = primaryOf(entry.getKey());
            (primary != null && primaries.contains(primary) ? inPipeline
                    : later.computeIfAbsent(primary, p -> new ArrayList<>())).addAll(entry.getValue());
            return true;
        });
        // One release per primary, so that a full queue costs the caller one dispatch per primary, not one per slot.
        later.forEach((primary, keys) -> lateReleases.add(primary, new Release(release.tx(), keys)));
        List<Release> along = new ArrayList<>(0);
        lateReleases.takeFor(primaries, along);
        if (!inPipeline.isEmpty()) {
            along.add(new Release(release.tx(), inPipeline));
        }
        List<SlotDispatch.SlotCall> calls = new ArrayList<>();
        List<List<Integer>> entriesOfCall = new ArrayList<>();
        groups.forEach((slot, part) -> inChunks(part, (chunk, from) -> {
            List<EntryWrite> entries = new ArrayList<>(chunk.size());
            boolean[] captureOfChunk = new boolean[chunk.size()];
            for (int k = 0; k < chunk.size(); k++) {
                entries.add(writes.get(chunk.get(k)));
                captureOfChunk[k] = capture[chunk.get(k)];
            }
            List<String> inScript = chunk.get(0).equals(part.get(0)) ? releaseBySlot.get(slot) : null;
            calls.add(new SlotDispatch.SlotCall(slot, WRITE, OwnershipProtocol.write(layout, slot, tx, xid, database,
                    underSavepoint, inScript == null ? Release.NONE : new Release(release.tx(), inScript), entries,
                    captureOfChunk, 0)));
            entriesOfCall.add(chunk);
        }));
        // After the writes, so that their replies keep their places; a failed release is the sweep's to mend.
        along.forEach(part -> calls.addAll(releases(part, true)));
        long started = metrics.startTime();
        List<Object> replies;
        try {
            replies = run(writes.get(0).key(), writes.size(), true, calls, waitReplicas);
        } finally {
            metrics.redisTimeSince(started);
        }
        RedisMeters.written(metrics, writes);
        // Captures come back per call; the journal wants them in the order of the statement's entries.
        BeforeImage[] captured = new BeforeImage[writes.size()];
        List<String> takenOver = new ArrayList<>(0);
        for (int c = 0; c < entriesOfCall.size(); c++) {
            List<BeforeImage> images = new ArrayList<>();
            OwnershipProtocol.readWriteReply(replies.get(c), images, takenOver);
            int next = 0;
            for (int i : entriesOfCall.get(c)) {
                if (capture[i]) {
                    captured[i] = images.get(next++);
                }
            }
        }
        List<BeforeImage> images = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            if (capture[i]) {
                images.add(captured[i]);
            }
        }
        return new WriteResult(images, takenOver);
    }

    @Override
    List<String> undoSteps(String tx, List<UndoStep> steps, Release release, Collection<String> committedOwners,
            boolean finish) {
        return undo(tx, steps, release, committedOwners, finish, true);
    }

    /** Each slot's last undo call leaves the slot's tombstone when {@code finish}. */
    private List<String> undo(String tx, List<UndoStep> steps, Release release, Collection<String> committedOwners,
            boolean finish, boolean drainFirst) {
        List<SlotDispatch.SlotCall> calls = releases(release);
        int releases = calls.size();
        bySlot(steps, UndoStep::key).forEach((slot, part) -> inChunks(part, (chunk, from) -> calls.add(
                new SlotDispatch.SlotCall(slot, UNDO, OwnershipProtocol.undo(layout, slot, tx,
                        finish && chunk.get(chunk.size() - 1) == part.get(part.size() - 1), Release.NONE,
                        committedOwners, chunk)))));
        String firstKey = steps.isEmpty() ? release.keys().get(0) : steps.get(0).key();
        List<Object> replies = run(firstKey, steps.size(), drainFirst, calls, waitReplicas);
        List<String> undecided = new ArrayList<>(0);
        for (int c = releases; c < replies.size(); c++) {
            metrics.undone(OwnershipProtocol.readUndoReply(replies.get(c), undecided));
        }
        return undecided;
    }

    @Override
    List<String> undoDeferred(UndoRetrier.Deferred undo) {
        return undo(undo.tx(), undo.steps(), Release.NONE, undo.committedOwners(), undo.finish(), false);
    }

    @Override
    List<String> fill(List<EntryWrite> writes, LuaScript script) {
        List<SlotDispatch.SlotCall> calls = new ArrayList<>();
        bySlot(writes, EntryWrite::key).forEach((slot, part) -> inChunks(part, (chunk, from) -> calls.add(
                new SlotDispatch.SlotCall(slot, script, OwnershipProtocol.fill(layout, chunk)))));
        return OwnershipProtocol.readFillReplies(run(writes.get(0).key(), writes.size(), false, calls, waitReplicas));
    }

    @Override
    public List<String> takenOverFrom(String tx, List<String> keys) {
        List<SlotDispatch.SlotCall> calls = new ArrayList<>();
        bySlot(keys, key -> key).forEach((slot, part) -> inChunks(part, (chunk, from) -> calls.add(
                new SlotDispatch.SlotCall(slot, OWNERS, OwnershipProtocol.marksOf(layout, tx, chunk)))));
        List<String> owners = new ArrayList<>();
        for (Object reply : run(keys.get(0), keys.size(), false, calls, 0)) {
            owners.addAll(OwnershipProtocol.readOwnersReply(reply));
        }
        return owners;
    }

    @Override
    public void release(Release release) {
        if (!release.keys().isEmpty()) {
            run(release.keys().get(0), release.keys().size(), true, releases(release), 0);
        }
    }

    /** Drops the marks of several committed transactions in one dispatch. */
    private void releaseAll(List<Release> releases) {
        List<SlotDispatch.SlotCall> calls = new ArrayList<>();
        int count = 0;
        for (Release release : releases) {
            calls.addAll(releases(release));
            count += release.keys().size();
        }
        if (!calls.isEmpty()) {
            run(releases.get(0).keys().get(0), count, false, calls, 0);
        }
    }

    /** Release calls for a committed transaction's marks, per slot (chunked). */
    private List<SlotDispatch.SlotCall> releases(Release release) {
        return releases(release, false);
    }

    private List<SlotDispatch.SlotCall> releases(Release release, boolean bestEffort) {
        List<SlotDispatch.SlotCall> calls = new ArrayList<>();
        bySlot(release.keys(), key -> key).forEach((slot, part) -> inChunks(part, (chunk, from) -> calls.add(
                new SlotDispatch.SlotCall(slot, RELEASE, OwnershipProtocol.marksOf(layout, release.tx(), chunk),
                        bestEffort))));
        return calls;
    }

    /** The primary serving {@code slot} as far as this driver knows; null when it knows none. */
    private RedisConnections primaryOf(int slot) {
        try {
            return nodes.forSlot(slot);
        } catch (RedisConnections.NotSent e) {
            return null;
        }
    }

    /**
     * Runs an operation's calls, the undos still waiting first when {@code drainFirst}; a failure names
     * {@code firstKey} and says whether the calls may have run.
     */
    private List<Object> run(String firstKey, int count, boolean drainFirst, List<SlotDispatch.SlotCall> calls,
            int replicas) {
        if (drainFirst && !retrier.isEmpty()) {
            try {
                retrier.drain(undo -> undecided(undoDeferred(undo)));
            } catch (RedisWriteException e) {
                throw wentFirstFailed(firstKey, count, "the undo of an earlier rolled-back transaction, which must "
                        + "reach Redis first,", e);
            }
        }
        if (calls.isEmpty()) {
            return List.of();
        }
        try {
            return dispatch.run(calls, replicas, waitMillis);
        } catch (JedisException e) {
            throw failure(firstKey, count, e, !(e instanceof RedisConnections.NotSent));
        } catch (RuntimeException e) {
            metrics.redisError(DriverMetrics.RedisError.OTHER);
            throw e;
        }
    }

    /** The items grouped by the hash slot of their key: slots in order of first appearance, items in order. */
    private <T> Map<Integer, List<T>> bySlot(List<T> items, Function<T, String> key) {
        Map<Integer, List<T>> groups = new LinkedHashMap<>();
        for (T item : items) {
            groups.computeIfAbsent(layout.slotOf(OwnershipProtocol.bytes(key.apply(item))), s -> new ArrayList<>())
                    .add(item);
        }
        return groups;
    }

    private static List<Integer> indexes(int count) {
        List<Integer> indexes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            indexes.add(i);
        }
        return indexes;
    }
}
