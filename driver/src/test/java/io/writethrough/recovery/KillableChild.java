package io.writethrough.recovery;

import io.writethrough.testing.ForkedJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CrashingClient} in a JVM of its own (started like {@link ForkedJvm} starts one, with the test classpath),
 * whose output lines the parent waits for, and which it kills with SIGKILL ({@link Process#destroyForcibly()} on
 * Linux), checking with {@link ProcessHandle} that the process is gone.
 */
final class KillableChild implements AutoCloseable {

    /** Exit status of a process killed by signal 9, as {@link Process#exitValue()} reports it on Linux. */
    static final int KILLED_BY_SIGKILL = 128 + 9;
    private static final String END = "\u0000end of output";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();
    private final Thread reader;

    private KillableChild(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "crash-child-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static KillableChild start(String point, String url, String configFile, String applicationName, int round)
            throws IOException {
        return new KillableChild(ForkedJvm.start(CrashingClient.class,
                List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"),
                List.of(point, url, configFile, applicationName, Integer.toString(round))));
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (output) {
                    output.add(line);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading the child's output failed: " + e + ")");
        } finally {
            lines.add(END);
        }
    }

    /**
     * Waits, at most {@code timeout}, for a line starting with {@code prefix}; fails at once if the child reports a
     * failure or ends, and with the child's output when the time is up.
     */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("the child JVM did not print '" + prefix + "' within " + timeout.toMillis()
                        + " ms (alive: " + process.isAlive() + "); its output:\n" + tail());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
            if (line.startsWith("FAILED") || END.equals(line)) {
                awaitOutputEnd(Duration.ofSeconds(5));
                throw new AssertionError("the child JVM " + (END.equals(line) ? "ended" : "failed") + " before printing '"
                        + prefix + "'; its output:\n" + tail());
            }
        }
    }

    /** Tells the child to go on: past its warm-up, or past {@code AT ready}. */
    void go() throws IOException {
        send("go");
    }

    /** Sends the child a line on its stdin. */
    void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Whether the child has printed a line starting with {@code prefix} (of those read so far). */
    boolean printed(String prefix) {
        synchronized (output) {
            return output.stream().anyMatch(line -> line.startsWith(prefix));
        }
    }

    /** The last line starting with {@code prefix} it printed, read so far. */
    Optional<String> lastPrinted(String prefix) {
        synchronized (output) {
            for (int i = output.size() - 1; i >= 0; i--) {
                if (output.get(i).startsWith(prefix)) {
                    return Optional.of(output.get(i));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * SIGKILL, then checks that the process died of it: it is no longer alive, the operating system no longer knows
     * its pid (or knows it dead), and its exit status is that of signal 9. Then reads what it printed to the end.
     */
    void kill() throws InterruptedException {
        long pid = process.pid();
        if (!process.isAlive()) {
            awaitOutputEnd(Duration.ofSeconds(5));
            throw new AssertionError("the child JVM (pid " + pid + ") ended before it was killed, with exit code "
                    + process.exitValue() + "; its output:\n" + tail());
        }
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the child JVM (pid " + pid + ") is still alive 10 s after SIGKILL");
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent() && handle.get().isAlive()) {
            throw new AssertionError("pid " + pid + " is still alive after SIGKILL");
        }
        if (process.exitValue() != KILLED_BY_SIGKILL) {
            throw new AssertionError("the child JVM (pid " + pid + ") exited with " + process.exitValue()
                    + ", not by SIGKILL (" + KILLED_BY_SIGKILL + "); its output:\n" + tail());
        }
        awaitOutputEnd(Duration.ofSeconds(5));
    }

    private void awaitOutputEnd(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
    }

    /** The child's last 60 lines of output. */
    String tail() {
        synchronized (output) {
            return String.join("\n", output.subList(Math.max(0, output.size() - 60), output.size()));
        }
    }

    /** Kills the child if a test ended before it did. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
