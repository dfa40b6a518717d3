package io.writethrough.audit;

import io.writethrough.mapping.TableMapping;
import io.writethrough.mapping.ValueFormat;

/** What a pass over one table knows: the audit, the table's mapping, its tally. */
abstract class TablePass {

    final AuditRun run;
    final TableMapping mapping;
    final Tally tally;
    /** The table as the mapping names it. */
    final String table;
    /** Hash entries (else JSON strings). */
    final boolean hash;

    TablePass(AuditRun run, TableMapping mapping, Tally tally) {
        this.run = run;
        this.mapping = mapping;
        this.tally = tally;
        this.table = mapping.table().toString();
        this.hash = mapping.format() == ValueFormat.HASH;
    }

    abstract void run() throws java.sql.SQLException;
}
