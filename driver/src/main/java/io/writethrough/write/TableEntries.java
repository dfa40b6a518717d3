package io.writethrough.write;

import io.writethrough.mapping.TableMapping;
import io.writethrough.redis.RedisReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every entry a mapped table has in Redis: the keys its template's scan pattern finds that its template renders. No
 * two tables' templates can render one key (the configuration check), so a key the template decodes is the table's.
 */
final class TableEntries {

    private static final int SCAN_COUNT = 1_000;

    private TableEntries() {
    }

    /** The table's keys now, each once (a scan may return a key twice); on a cluster, from every primary. */
    static List<String> keys(RedisReader reader, TableMapping mapping) {
        Set<String> keys = new LinkedHashSet<>();
        String pattern = mapping.key().scanPattern();
        String cursor = "0";
        do {
            RedisReader.KeyScan scan = reader.scan(cursor, pattern, SCAN_COUNT);
            cursor = scan.cursor();
            for (String key : scan.keys()) {
                if (mapping.key().decode(key) != null) {
                    keys.add(key);
                }
            }
        } while (!"0".equals(cursor));
        return new ArrayList<>(keys);
    }
}
