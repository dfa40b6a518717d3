package io.writethrough.benchmarks;

import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How long JMH measures: benchmark JVMs per benchmark and parameter set, and the iterations of the end-to-end (I/O)
 * benchmarks and of the CPU-only ones. The CPU-only ones get more, shorter iterations: JMH's error for an
 * average-time score needs at least three, and they run millions of operations a second.
 *
 * <p>A run can be split into rounds: each round runs the whole suite once, and the results of all rounds are merged as
 * if they were forks of one run. On a shared machine this spreads every arm over the same stretches of time, so a
 * burst of load from elsewhere lands on all arms alike instead of on whichever arm ran during it.
 *
 * @param rounds times the whole suite runs; the results are merged
 * @param forks  benchmark JVMs per benchmark and parameter set in each round (0 runs in the calling JVM)
 * @param io     iterations of the benchmarks that talk to PostgreSQL and Redis
 * @param cpu    iterations of the CPU-only benchmarks
 */
public record RunSettings(int rounds, int forks, Phase io, Phase cpu) {

    /**
     * Iterations of one benchmark, in each benchmark JVM.
     *
     * @param warmupIterations iterations thrown away first
     * @param warmupTime       length of each of them
     * @param iterations       iterations measured
     * @param time             length of each of them
     */
    public record Phase(int warmupIterations, TimeValue warmupTime, int iterations, TimeValue time) {

        @Override
        public String toString() {
            return warmupIterations + " x " + warmupTime + " warm-up, " + iterations + " x " + time + " measured";
        }
    }

    /**
     * About 2.3 s per I/O benchmark plus a JVM start: the whole suite in under 3 minutes on 2 cores. The CPU-only
     * benchmarks get 2 s of warm-up, which the SQL parser's JIT needs.
     */
    public static final RunSettings QUICK = new RunSettings(1, 1,
            new Phase(1, TimeValue.milliseconds(750), 2, TimeValue.milliseconds(750)),
            new Phase(2, TimeValue.seconds(1), 5, TimeValue.milliseconds(200)));

    /** Two rounds of one JVM each, 3 x 2 s of warm-up and 5 x 2 s measured: about 25 minutes for the suite. */
    public static final RunSettings FULL = new RunSettings(2, 1,
            new Phase(3, TimeValue.seconds(2), 5, TimeValue.seconds(2)),
            new Phase(3, TimeValue.seconds(2), 10, TimeValue.milliseconds(500)));

    /** One pass of about 100 ms in the calling JVM: proves every benchmark runs, measures nothing. */
    public static final RunSettings SMOKE = new RunSettings(1, 0,
            new Phase(1, TimeValue.milliseconds(100), 1, TimeValue.milliseconds(100)),
            new Phase(1, TimeValue.milliseconds(100), 1, TimeValue.milliseconds(100)));

    /** The same settings with another number of forks per round. */
    public RunSettings withForks(int newForks) {
        return new RunSettings(rounds, newForks, io, cpu);
    }

    /** The same settings with another number of rounds. */
    public RunSettings withRounds(int newRounds) {
        return new RunSettings(newRounds, forks, io, cpu);
    }

    @Override
    public String toString() {
        return rounds + " round(s) of " + forks + " JVM(s) per benchmark; I/O benchmarks " + io + "; CPU benchmarks " + cpu;
    }
}
