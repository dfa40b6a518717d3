package io.writethrough.audit;

import java.util.List;
import java.util.Map;

/**
 * What an audit found and did: counts per table (in the order audited), their sum, and the first differences.
 *
 * @param tables      counts per table
 * @param total       the counts of every table added up
 * @param differences the first differences found (as many as {@link AuditOptions#shownDifferences()})
 */
public record AuditReport(Map<String, Counts> tables, Counts total, List<Difference> differences) {

    public AuditReport {
        tables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tables));
        differences = List.copyOf(differences);
    }

    /**
     * Counts of one table (or all).
     *
     * @param rows     rows compared (warm: rows written or found owned); {@code matching + missing + stale} when
     *                 verifying. A row deleted while the audit ran is not counted
     * @param matching rows whose entry equals what the driver would write
     * @param missing  rows without an entry
     * @param stale    rows whose entry differs
     * @param orphan   entries in the table's key space without a row
     * @param written  entries written from rows (warm, repair)
     * @param deleted  orphaned entries deleted (repair)
     * @param owned    keys left alone because an ownership mark stands next to them: a live transaction's, or an ended
     *                 one's that the recovery sweep ({@code recover}) resolves
     */
    public record Counts(long rows, long matching, long missing, long stale, long orphan, long written, long deleted,
            long owned) {

        /** Every count zero. */
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0);

        /** True when nothing differs. */
        public boolean consistent() {
            return missing == 0 && stale == 0 && orphan == 0;
        }

        Counts plus(Counts o) {
            return new Counts(rows + o.rows, matching + o.matching, missing + o.missing, stale + o.stale,
                    orphan + o.orphan, written + o.written, deleted + o.deleted, owned + o.owned);
        }

        /** {@code rows=N matching=N missing=N stale=N orphan=N}: the line a script reads. */
        public String summary() {
            return "rows=" + rows + " matching=" + matching + " missing=" + missing + " stale=" + stale + " orphan="
                    + orphan;
        }
    }

    /** True when no table differs. */
    public boolean consistent() {
        return total.consistent();
    }
}
