package io.writethrough.cli;

import io.writethrough.audit.AuditOptions;
import io.writethrough.audit.AuditReport;
import io.writethrough.audit.CacheAudit;
import java.sql.SQLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code repair}: fixes what {@code verify} finds. */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = {"Fixes exactly what verify finds: a missing or stale entry is written from its row (under the row's "
                + "share lock), an orphaned entry is deleted (unless its row appears meanwhile); a key some transaction "
                + "owns is left to it (run recover for those of ended transactions).",
            "Exit 0."})
final class RepairCommand extends AuditCommand {

    @Option(names = "--dry-run", description = "Print what it would write and delete; change nothing.")
    boolean dryRun;

    @Override
    AuditReport audit(CacheAudit audit, AuditOptions options, Progress progress) throws SQLException {
        return audit.repair(options, dryRun, progress);
    }

    @Override
    int print(AuditReport report) {
        AuditReport.Counts total = report.total();
        Output.differences(out(), report, (dryRun ? "would write=" + (total.missing() + total.stale() - total.owned())
                + " would delete=" + total.orphan() : "written=" + total.written() + " deleted=" + total.deleted())
                + " left to their owners=" + total.owned() + (total.owned() > 0 ? " (run recover for ended transactions)" : ""));
        return 0;
    }
}
