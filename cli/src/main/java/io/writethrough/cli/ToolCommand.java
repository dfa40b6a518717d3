package io.writethrough.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command shares: where to connect, and how a failure ends it: one line on stderr naming the problem
 * (exit 2), never a password; the stack trace only with {@code --verbose}.
 */
abstract class ToolCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--jdbc-url", required = true, paramLabel = "URL",
            description = "The database: jdbc:postgresql://host:port/db?user=… (or the application's jdbc:writethrough: URL).")
    String jdbcUrl;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The mapping file the application uses (writethrough.properties): tables, key templates, redis.url.")
    Path config;

    @Option(names = "--verbose", description = "Log the driver's INFO lines and print stack traces of failures.")
    boolean verbose;

    /** Set once the target is known: masks its secrets in failures. */
    private Target target;

    @Override
    public final Integer call() {
        try {
            target = Target.of(jdbcUrl, config);
            return run(target);
        } catch (Target.BadInput e) {
            return fail(e.getMessage(), e);
        } catch (SQLException | RuntimeException e) {
            return fail(e.getMessage(), e);
        }
    }

    /** Runs the command; returns its exit code. */
    abstract int run(Target target) throws SQLException;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private int fail(String message, Throwable e) {
        List<String> lines = (message == null || message.isBlank() ? e.getClass().getSimpleName() : message).lines().toList();
        String line = lines.isEmpty() ? e.getClass().getSimpleName() : lines.get(0);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // pgjdbc's "The connection attempt failed." says why only in its cause.
        if (root != e && root.getMessage() != null && !line.contains(root.getMessage())) {
            line += " (" + root.getClass().getSimpleName() + ": " + root.getMessage().lines().findFirst().orElse("") + ")";
        }
        if (!line.startsWith("writethrough")) {
            line = "writethrough-cli: " + line;
        }
        err().println(masked(line));
        if (verbose) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err().print(masked(trace.toString()));
        }
        err().flush();
        return Main.FAILED;
    }

    private String masked(String text) {
        return target == null ? Target.mask(text, Target.passwordsIn(jdbcUrl == null ? "" : jdbcUrl)) : target.masked(text);
    }
}
