package io.writethrough.cli;

import io.writethrough.audit.AuditOptions;
import io.writethrough.audit.AuditReport;
import io.writethrough.audit.CacheAudit;
import io.writethrough.jdbc.WriteThroughDriver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The commands that walk the tables ({@code warm}, {@code verify}, {@code repair}): their options and their run. */
abstract class AuditCommand extends ToolCommand {

    @Option(names = "--table", paramLabel = "TABLE",
            description = "A mapped table, as the mapping file names it (repeatable). Default: every mapped table.")
    List<String> tables = new ArrayList<>();

    @Option(names = "--rate", paramLabel = "ROWS", defaultValue = "0",
            description = "At most this many rows (and keys) per second, to spare a production database and Redis. "
                    + "Default: 0, no limit.")
    long rate;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
            description = "Rows (or keys) per chunk: per database fetch, Redis pipeline and lock transaction; bounds "
                    + "memory. 1 to 5000. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--show", paramLabel = "N", defaultValue = "20",
            description = "How many differences to name (all are counted). Default: ${DEFAULT-VALUE}.")
    int show;

    @Override
    final int run(Target target) throws SQLException {
        AuditOptions options;
        try {
            options = new AuditOptions(tables, batchSize, rate, show);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--batch-size, --rate or --show: " + e.getMessage(), e);
        }
        try (CacheAudit audit = WriteThroughDriver.audit(target.url(), target.properties());
             Progress progress = Progress.on(err(), spec.name())) {
            AuditReport report = audit(audit, options, progress);
            progress.close();
            return print(report);
        }
    }

    /** Runs the audit. */
    abstract AuditReport audit(CacheAudit audit, AuditOptions options, Progress progress) throws SQLException;

    /** Prints the report on stdout; returns the exit code. */
    abstract int print(AuditReport report);
}
