package io.writethrough.cli;

import io.writethrough.audit.AuditOptions;
import io.writethrough.audit.AuditReport;
import io.writethrough.audit.CacheAudit;
import java.sql.SQLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code verify}: compares rows with entries and entries with rows; exit 1 when anything differs. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Compares every row with its Redis entry, and every entry in the table's key space with its row. "
                + "Names the first differences (key and field), then one line per table, and ends with the line "
                + "rows=N matching=N missing=N stale=N orphan=N. Changes nothing.",
            "Exit 0 when Redis matches the database, 1 when it differs."})
final class VerifyCommand extends AuditCommand {

    @Option(names = "--json", description = "Print the report as one JSON object instead.")
    boolean json;

    @Override
    AuditReport audit(CacheAudit audit, AuditOptions options, Progress progress) throws SQLException {
        return audit.verify(options, progress);
    }

    @Override
    int print(AuditReport report) {
        if (json) {
            Output.json(out(), "verify", report);
        } else {
            Output.differences(out(), report, null);
        }
        return report.consistent() ? 0 : Main.DIFFERENCES;
    }
}
