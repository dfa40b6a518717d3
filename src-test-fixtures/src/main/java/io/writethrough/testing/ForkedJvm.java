package io.writethrough.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Runs a main class of the test classpath in a JVM of its own — for a heap limit of its own, or to capture every
 * line it logs from its first logger on — and returns its exit code and everything it printed; or starts one and
 * leaves it running ({@link #start}), e.g. to kill it at a chosen point.
 */
public final class ForkedJvm {

    /** What the child did: its exit code (-1 if it was killed at the deadline) and its merged stdout and stderr. */
    public record Result(int exitCode, String output, Duration duration) {
    }

    private ForkedJvm() {
    }

    public static Result run(Class<?> main, List<String> jvmOptions, List<String> arguments, Duration timeout)
            throws IOException, InterruptedException {
        return run(main, jvmOptions, arguments, timeout, entry -> true);
    }

    /** As {@link #run(Class, List, List, Duration)}, on the entries of the test classpath that {@code keep} accepts. */
    public static Result run(Class<?> main, List<String> jvmOptions, List<String> arguments, Duration timeout,
            Predicate<String> keep) throws IOException, InterruptedException {
        List<String> command = command(main, jvmOptions, arguments, keep);
        Path output = Files.createTempFile("writethrough-forked-", ".log");
        try {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            int exit;
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                exit = process.exitValue();
            } else {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                exit = -1;
            }
            return new Result(exit, Files.readString(output, StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * Starts a main class of the test classpath in a JVM of its own and returns at once: the caller reads its merged
     * stdout and stderr from {@link Process#getInputStream()} and ends it (e.g. {@link Process#destroyForcibly()}).
     */
    public static Process start(Class<?> main, List<String> jvmOptions, List<String> arguments) throws IOException {
        return new ProcessBuilder(command(main, jvmOptions, arguments, entry -> true)).redirectErrorStream(true).start();
    }

    private static List<String> command(Class<?> main, List<String> jvmOptions, List<String> arguments,
            Predicate<String> keep) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(Arrays.stream(classpath().split(File.pathSeparator)).filter(keep)
                .collect(Collectors.joining(File.pathSeparator)));
        command.add(main.getName());
        command.addAll(arguments);
        return command;
    }

    /** The test classpath: surefire passes it in a property, since its own JVM may start from a manifest-only jar. */
    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && !surefire.isBlank()) {
            return surefire;
        }
        return System.getProperty("java.class.path");
    }
}
