package io.writethrough.cli;

import io.writethrough.audit.AuditOptions;
import io.writethrough.audit.AuditReport;
import io.writethrough.audit.CacheAudit;
import java.sql.SQLException;
import picocli.CommandLine.Command;

/** {@code warm}: writes every row's entry, encoded as the driver encodes it. */
@Command(name = "warm", mixinStandardHelpOptions = true,
        description = {"Writes every existing row of the tables to Redis, encoded exactly as the driver writes it: for a "
                + "database whose rows were there before the driver. Safe while applications write through the driver: "
                + "each chunk's rows are share-locked while their entries are written, and a key some transaction owns "
                + "is left to it.", "Exit 0."})
final class WarmCommand extends AuditCommand {

    @Override
    AuditReport audit(CacheAudit audit, AuditOptions options, Progress progress) throws SQLException {
        return audit.warm(options, progress);
    }

    @Override
    int print(AuditReport report) {
        Output.warm(out(), report);
        return 0;
    }
}
