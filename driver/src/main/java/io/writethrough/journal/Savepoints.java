package io.writethrough.journal;

import io.writethrough.redis.BeforeImage;
import io.writethrough.redis.UndoStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The open savepoints of a {@link TransactionJournal}'s transaction, oldest first, each with the keys written in its
 * segment (see {@link SavepointSegment}). Guarded by the journal's lock.
 */
final class Savepoints {

    private final List<SavepointSegment> segments = new ArrayList<>();

    /** Opens a segment; the keys new to the transaction from now on start at {@code firstNewKey}. */
    void open(Object savepoint, int firstNewKey) {
        segments.add(new SavepointSegment(savepoint, firstNewKey));
    }

    /** The newest segment, or null when no savepoint is open. */
    SavepointSegment newest() {
        return segments.isEmpty() ? null : segments.get(segments.size() - 1);
    }

    /** The segment of {@code savepoint} and those after it, or -1 when it is not open. */
    int indexOf(Object savepoint) {
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (segments.get(i).savepoint.equals(savepoint)) {
                return i;
            }
        }
        return -1;
    }

    SavepointSegment get(int index) {
        return segments.get(index);
    }

    /** True when a rollback to the savepoint at {@code index} has something to undo. */
    boolean undoes(int index, KeySet touched) {
        boolean undoes = touched.size() > segments.get(index).firstNewKey;
        for (int s = index; s < segments.size() && !undoes; s++) {
            undoes = !segments.get(s).images.isEmpty();
        }
        return undoes;
    }

    /**
     * The images of keys written before the savepoint at {@code index}, newest segment first: a key in several
     * segments gets the oldest segment's image last.
     */
    List<UndoStep> imagesSince(int index) {
        List<UndoStep> images = new ArrayList<>();
        for (int s = segments.size() - 1; s >= index; s--) {
            List<Map.Entry<String, BeforeImage>> entries = new ArrayList<>(segments.get(s).images.entrySet());
            for (int e = entries.size() - 1; e >= 0; e--) {
                images.add(UndoStep.savepoint(entries.get(e).getKey(), entries.get(e).getValue()));
            }
        }
        return images;
    }

    /** Rolled back to the savepoint at {@code index}: it stays open, empty, its new keys from {@code firstNewKey}. */
    void rolledBackTo(int index, int firstNewKey) {
        SavepointSegment kept = segments.get(index);
        segments.subList(index + 1, segments.size()).clear();
        kept.images.clear();
        kept.firstNewKey = firstNewKey;
    }

    /** Closes the savepoint at {@code index}, keeping its images: they now belong to the enclosing segment, if any. */
    void release(int index, KeySet touched) {
        if (index > 0) {
            SavepointSegment below = segments.get(index - 1);
            for (int s = index; s < segments.size(); s++) {
                for (Map.Entry<String, BeforeImage> entry : segments.get(s).images.entrySet()) {
                    String key = entry.getKey();
                    if (touched.indexOf(key) < below.firstNewKey && !below.images.containsKey(key)) {
                        below.images.put(key, entry.getValue());
                    }
                }
            }
        }
        segments.subList(index, segments.size()).clear();
    }

    void clear() {
        segments.clear();
    }
}
