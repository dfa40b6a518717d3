package io.writethrough.journal;

import io.writethrough.redis.BeforeImage;
import io.writethrough.redis.EntryWrite;
import io.writethrough.redis.OwnershipStore;
import io.writethrough.redis.RedisWriteException;
import io.writethrough.redis.UndoStep;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@link OwnershipStore} that talks to nobody: it records every call with its arguments (lists copied when the
 * call is made, and also kept as given where the store contract says they are kept), answers writes with programmed
 * captures and takeovers, and can be told to fail its next call with a {@link RedisWriteException}.
 */
final class RecordingOwnershipStore implements OwnershipStore {

    /** One recorded call. */
    sealed interface Call permits Write, Undo, TakenOverFrom, ReleaseCall, DeferUndo {
    }

    record Write(String tx, long xid, boolean underSavepoint, List<EntryWrite> writes, boolean[] capture, Release release)
            implements Call {
        List<String> keys() {
            return writes.stream().map(EntryWrite::key).toList();
        }

        /** The keys whose capture flag was set, in order. */
        List<String> capturedKeys() {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < writes.size(); i++) {
                if (capture[i]) {
                    keys.add(writes.get(i).key());
                }
            }
            return keys;
        }
    }

    /** {@code committedOwners} is {@code null} when the journal passed {@code null}. */
    record Undo(String tx, List<UndoStep> steps, Release release, Set<String> committedOwners, boolean finish) implements Call {
    }

    record TakenOverFrom(String tx, List<String> keys) implements Call {
    }

    record ReleaseCall(String tx, List<String> keys) implements Call {
    }

    /** {@code stepsAsGiven}: the list the journal handed over, which a retrier would keep and read later. */
    record DeferUndo(String tx, List<UndoStep> steps, List<UndoStep> stepsAsGiven, Set<String> committedOwners, boolean finish)
            implements Call {
    }

    final List<Call> calls = new ArrayList<>();
    /** Set before a journal is made on this store: its pipeline answers writes when settled (see {@link #pipeline()}). */
    boolean answersLater;
    /** How often that pipeline was settled with writes outstanding. */
    int settles;
    private final Deque<RuntimeException> failures = new ArrayDeque<>();
    private final Map<String, BeforeImage> captureImages = new HashMap<>();
    private final Deque<List<String>> takeovers = new ArrayDeque<>();
    private List<String> ownersReadBack = List.of();

    /** The next call (of any kind) throws this after being recorded, as if its reply were lost. */
    RedisWriteException failNext() {
        RedisWriteException e = new RedisWriteException("Redis write-through failed for key 'test': timed out (test)", "test",
                new RuntimeException("timed out (test)"));
        failures.add(e);
        return e;
    }

    /** The next call (of any kind) throws this after being recorded, as if it had failed before reaching Redis. */
    RedisWriteException failNextUnsent() {
        RedisWriteException e = new RedisWriteException("Redis write-through failed for key 'test' before the command was "
                + "sent: connection refused (test)", "test", new RuntimeException("connection refused (test)"), false);
        failures.add(e);
        return e;
    }

    /** What a captured key held, as the store reports it; keys not given are reported absent. */
    void captureReturns(String key, BeforeImage image) {
        captureImages.put(key, image);
    }

    /** The next successful write reports these earlier owners as taken over. */
    void nextWriteTakesOverFrom(String... xids) {
        takeovers.add(List.of(xids));
    }

    /** What {@link #takenOverFrom} answers. */
    void ownersReadBackAre(String... xids) {
        ownersReadBack = List.of(xids);
    }

    List<Write> writes() {
        return only(Write.class);
    }

    List<Undo> undos() {
        return only(Undo.class);
    }

    List<DeferUndo> deferred() {
        return only(DeferUndo.class);
    }

    List<ReleaseCall> releases() {
        return only(ReleaseCall.class);
    }

    List<TakenOverFrom> readBacks() {
        return only(TakenOverFrom.class);
    }

    Call last() {
        return calls.get(calls.size() - 1);
    }

    private <T extends Call> List<T> only(Class<T> type) {
        return calls.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private void maybeFail() {
        RuntimeException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
    }

    private static Set<String> copy(Collection<String> owners) {
        return owners == null ? null : new LinkedHashSet<>(owners);
    }

    private static Release copy(Release release) {
        return new Release(release.tx(), List.copyOf(release.keys()));
    }

    @Override
    public WriteResult write(String tx, long xid, String database, boolean underSavepoint, List<EntryWrite> writes,
            boolean[] capture, Release release) {
        calls.add(new Write(tx, xid, underSavepoint, List.copyOf(writes), capture.clone(), copy(release)));
        maybeFail();
        List<BeforeImage> captures = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            if (capture[i]) {
                captures.add(captureImages.getOrDefault(writes.get(i).key(), BeforeImage.ABSENT));
            }
        }
        List<String> takenOver = takeovers.isEmpty() ? List.of() : takeovers.poll();
        return new WriteResult(captures, takenOver);
    }

    /**
     * A pipeline that answers each write only when settled, as a server's does: the write is recorded when sent, and a
     * failure programmed for it comes with the settle, not the send.
     */
    @Override
    public Pipeline pipeline() {
        if (!answersLater) {
            return OwnershipStore.super.pipeline();
        }
        return new Pipeline() {
            private final List<WriteResult> results = new ArrayList<>();
            private RedisWriteException failure;

            @Override
            public void send(String tx, long xid, String database, boolean underSavepoint, List<EntryWrite> writes,
                    boolean[] capture, Release release) {
                try {
                    results.add(write(tx, xid, database, underSavepoint, writes, capture, release));
                } catch (RedisWriteException e) {
                    results.add(null);
                    failure = failure == null ? e : failure;
                }
            }

            @Override
            public Settlement settle() {
                Settlement settled = new Settlement(new ArrayList<>(results), failure);
                results.clear();
                failure = null;
                settles++;
                return settled;
            }
        };
    }

    @Override
    public List<String> undo(String tx, List<UndoStep> steps, Release release, Collection<String> committedOwners,
            boolean finish) {
        calls.add(new Undo(tx, List.copyOf(steps), copy(release), copy(committedOwners), finish));
        maybeFail();
        return List.of();
    }

    @Override
    public List<String> takenOverFrom(String tx, List<String> keys) {
        calls.add(new TakenOverFrom(tx, List.copyOf(keys)));
        maybeFail();
        return ownersReadBack;
    }

    @Override
    public void release(Release release) {
        calls.add(new ReleaseCall(release.tx(), List.copyOf(release.keys())));
        maybeFail();
    }

    @Override
    public boolean deferUndo(String tx, List<UndoStep> steps, Collection<String> committedOwners, boolean finish) {
        calls.add(new DeferUndo(tx, List.copyOf(steps), steps, copy(committedOwners), finish));
        maybeFail();
        return true;
    }
}
