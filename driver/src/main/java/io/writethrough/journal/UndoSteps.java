package io.writethrough.journal;

import io.writethrough.redis.UndoStep;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The steps of one undo: some given steps, then one step per key of a range of a {@link KeySet}, newest first. The
 * keys' steps are made as they are read, so a rollback of a million keys never holds a million steps at once.
 */
final class UndoSteps extends AbstractList<UndoStep> implements RandomAccess {

    private final List<UndoStep> first;
    private final KeySet keys;
    private final int from;
    private final int to;
    private final UndoStep.Mode mode;

    /** {@code first}, then a {@code mode} step for each key at positions {@code from} up to the set's current end, newest first. */
    UndoSteps(List<UndoStep> first, KeySet keys, int from, UndoStep.Mode mode) {
        this.first = first;
        this.keys = keys;
        this.from = from;
        this.to = keys.size();
        this.mode = mode;
    }

    @Override
    public UndoStep get(int index) {
        if (index < first.size()) {
            return first.get(index);
        }
        return new UndoStep(keys.get(to - 1 - (index - first.size())), mode, null);
    }

    @Override
    public int size() {
        return first.size() + to - from;
    }
}
