package io.writethrough.audit;

import io.writethrough.mapping.TableMapping;
import io.writethrough.redis.EntryWrite;
import io.writethrough.redis.OwnershipProtocol;
import io.writethrough.redis.RedisReader;
import io.writethrough.redis.StoredEntry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pass over a table's key space in Redis: {@code SCAN} with {@code MATCH} on the key template's literal prefix,
 * each key decoded with the template ({@link io.writethrough.mapping.KeyTemplate#decode}; keys it cannot have rendered
 * are another table's, or no table's, and are left alone), and the rows of a chunk of keys looked up in one query.
 * A key without a row is read again, then its row looked up again: a key seen without an ownership mark whose row is
 * still absent afterwards is an orphan (a writer inserting the row holds a mark until it commits). Repair deletes an
 * orphan only where no mark exists ({@code fill.lua}), then looks its row up once more under a lock and writes the
 * entry back if a writer committed the row in between: a miss for a moment, never a lost entry.
 */
final class KeyPass extends TablePass {

    /** Keys of the keyspace SCAN visits per call. */
    static final int SCAN_COUNT = 1_000;

    KeyPass(AuditRun run, TableMapping mapping, Tally tally) {
        super(run, mapping, tally);
    }

    @Override
    void run() throws SQLException {
        // About one entry per row: the rows just counted are the best estimate of the keys to come.
        run.listener.passStarted(table, "keys", tally.rows);
        String pattern = mapping.key().scanPattern();
        Map<String, List<String>> chunk = new LinkedHashMap<>();
        String cursor = "0";
        do {
            RedisReader.KeyScan scan = run.reader.scan(cursor, pattern, SCAN_COUNT);
            cursor = scan.cursor();
            for (String key : scan.keys()) {
                List<String> values = key.startsWith(OwnershipProtocol.RESERVED_PREFIX) ? null : mapping.key().decode(key);
                if (values != null) {
                    chunk.put(key, values);
                    if (chunk.size() == run.options.batchSize()) {
                        check(chunk);
                    }
                }
            }
        } while (!"0".equals(cursor));
        check(chunk);
        run.listener.passEnded();
    }

    private void check(Map<String, List<String>> chunk) throws SQLException {
        if (chunk.isEmpty()) {
            return;
        }
        Set<String> existing = run.existing(mapping, new ArrayList<>(chunk.values())).keySet();
        List<String> candidates = new ArrayList<>();
        for (String key : chunk.keySet()) {
            if (!existing.contains(key)) {
                candidates.add(key);
            }
        }
        int count = chunk.size();
        if (!candidates.isEmpty()) {
            confirm(candidates, chunk);
        }
        chunk.clear();
        run.advance(count);
    }

    private void confirm(List<String> candidates, Map<String, List<String>> values) throws SQLException {
        // Redis first, then the database: see the class comment.
        List<StoredEntry> stored = run.reader.readEntries(candidates, hash, true);
        List<String> present = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (stored.get(i).marked()) {
                tally.owned++;
            } else if (stored.get(i).type() != StoredEntry.Type.ABSENT) {
                present.add(candidates.get(i));
            }
        }
        if (present.isEmpty()) {
            return;
        }
        Set<String> existing = run.existing(mapping, valuesOf(present, values)).keySet();
        List<String> orphans = new ArrayList<>();
        for (String key : present) {
            if (!existing.contains(key)) {
                orphans.add(key);
                tally.orphan++;
                run.record(new Difference(table, Difference.Kind.ORPHAN, key, null, null, null, run.action(false)));
            }
        }
        if (run.mode != AuditRun.Mode.REPAIR || orphans.isEmpty()) {
            return;
        }
        List<EntryWrite> deletes = new ArrayList<>(orphans.size());
        for (String key : orphans) {
            deletes.add(EntryWrite.delete(key));
        }
        int owned = run.redis.fill(deletes).size();
        tally.deleted += orphans.size() - owned;
        tally.owned += owned;
        run.withLockedRows(mapping, valuesOf(orphans, values), rows -> {
            if (!rows.isEmpty()) {
                run.redis.fill(new ArrayList<>(rows.values()));
            }
        });
    }

    private static List<List<String>> valuesOf(List<String> keys, Map<String, List<String>> values) {
        List<List<String>> list = new ArrayList<>(keys.size());
        for (String key : keys) {
            list.add(values.get(key));
        }
        return list;
    }
}
