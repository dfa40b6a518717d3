package io.writethrough.audit;

/** The counts of one table as an audit goes; see {@link AuditReport.Counts}. */
final class Tally {
    long rows;
    long matching;
    long missing;
    long stale;
    long orphan;
    long written;
    long deleted;
    long owned;

    AuditReport.Counts counts() {
        return new AuditReport.Counts(rows, matching, missing, stale, orphan, written, deleted, owned);
    }
}
