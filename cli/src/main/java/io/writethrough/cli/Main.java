package io.writethrough.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar writethrough-cli.jar COMMAND --jdbc-url URL --config FILE [--table T]...}: warm Redis from the
 * database, verify that the two agree, repair what differs, recover orphaned ownership marks. The work is the driver's
 * ({@code io.writethrough.audit.CacheAudit}, {@code WriteThroughDriver.recover}); this is the command line around it:
 * options, output (text or JSON), progress on stderr, exit codes.
 *
 * <p>Exit codes: 0 done (verify: no difference); 1 verify found differences; 2 the command could not run (bad option,
 * URL or configuration, unknown table, database or Redis unreachable), with one line naming the problem.
 */
@Command(name = "writethrough-cli", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Warm, verify, repair and recover the Redis entries that the writethrough driver keeps for mapped tables.",
        subcommands = {WarmCommand.class, VerifyCommand.class, RepairCommand.class, RecoverCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done; verify: Redis matches the database", "1:verify found differences",
            "2:the command could not run (bad option, URL or configuration, unknown table, database or Redis unreachable)"})
public final class Main implements Runnable {

    /** The command could not run. */
    static final int FAILED = 2;
    /** verify found differences. */
    static final int DIFFERENCES = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        // The driver logs through SLF4J (slf4j-simple in this jar): warnings only, unless --verbose.
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.exit(commandLine().execute(args));
    }

    /** The command line with its subcommands; tests run it in-process with their own out and err writers. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: warm, verify, repair or recover");
    }

    /** The driver's version, as its jar's manifest says (unknown when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = io.writethrough.jdbc.WriteThroughDriver.class.getPackage().getImplementationVersion();
            return new String[] {"writethrough-cli " + (version == null ? "0.1.0-SNAPSHOT" : version)};
        }
    }
}
