package io.writethrough.cli;

import io.writethrough.audit.AuditListener;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on stderr: on a terminal, a bar per pass with its rate and ETA (me.tongfei:progressbar); otherwise (a
 * pipe, a log file, a test) a plain line when a pass starts, every {@link #PLAIN_EVERY_NANOS}, and when it ends.
 */
abstract class Progress implements AuditListener, AutoCloseable {

    /** How often a plain line is printed while a pass runs. */
    static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    static Progress on(PrintWriter err, String command) {
        return System.console() != null ? new Bar(command) : new Lines(err, command);
    }

    @Override
    public abstract void close();

    /** The bar of a terminal. */
    private static final class Bar extends Progress {
        private final String command;
        private ProgressBar bar;

        Bar(String command) {
            this.command = command;
        }

        @Override
        public void passStarted(String table, String pass, long expected) {
            close();
            bar = new ProgressBarBuilder().setTaskName(command + " " + table + " " + pass).setInitialMax(expected)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" " + pass, 1).showSpeed()
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        }

        @Override
        public void advanced(long items) {
            if (bar != null) {
                if (bar.getMax() >= 0 && bar.getCurrent() + items > bar.getMax()) {
                    // The catalog's estimate was low.
                    bar.maxHint(bar.getCurrent() + items);
                }
                bar.stepBy(items);
            }
        }

        @Override
        public void passEnded() {
            if (bar != null) {
                bar.maxHint(bar.getCurrent());
            }
            close();
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    /** Plain lines, for anything but a terminal. */
    private static final class Lines extends Progress {
        private final PrintWriter err;
        private final String command;
        private String what;
        private long expected;
        private long done;
        private long started;
        private long printed;

        Lines(PrintWriter err, String command) {
            this.err = err;
            this.command = command;
        }

        @Override
        public void passStarted(String table, String pass, long expected) {
            this.what = command + " " + table + " " + pass;
            this.expected = expected;
            this.done = 0;
            this.started = System.nanoTime();
            this.printed = started;
            err.println(what + ": started" + (expected >= 0 ? " (about " + expected + ")" : ""));
            err.flush();
        }

        @Override
        public void advanced(long items) {
            done += items;
            long now = System.nanoTime();
            if (now - printed >= PLAIN_EVERY_NANOS) {
                printed = now;
                line("");
            }
        }

        @Override
        public void passEnded() {
            line(" done");
        }

        private void line(String suffix) {
            double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
            long rate = Math.round(done / seconds);
            StringBuilder s = new StringBuilder(what).append(": ").append(done);
            if (suffix.isEmpty() && expected > 0 && done < expected && rate > 0) {
                s.append(" of about ").append(expected).append(", ETA ").append((expected - done) / rate).append(" s");
            }
            s.append(", ").append(rate).append("/s, ").append(String.format("%.1f", seconds)).append(" s").append(suffix);
            err.println(s);
            err.flush();
        }

        @Override
        public void close() {
        }
    }
}
