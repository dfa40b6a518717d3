package io.writethrough.cli;

import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.recovery.SweepResult;
import java.sql.SQLException;
import picocli.CommandLine.Command;

/** {@code recover}: one recovery sweep now ({@code WriteThroughDriver.recover}); prints what it resolved. */
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = {"Resolves, now, the ownership marks that ended transactions left in Redis (a crashed application, "
                + "a lost COMMIT reply): a committed transaction's marks are dropped, an aborted one's values put back, "
                + "a key whose value cannot be decided refilled from its row. Live transactions' keys are left alone.",
            "Prints marks=… live=… released=… restored=… refilled=… pending=…; exit 0."})
final class RecoverCommand extends ToolCommand {

    @Override
    int run(Target target) throws SQLException {
        SweepResult result = WriteThroughDriver.recover(target.url(), target.properties());
        out().println(result);
        out().flush();
        return 0;
    }
}
