package io.writethrough.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables printed after a run: for every workload the ratios driver/hand-written and driver/raw of the time per
 * operation (with the error propagated from JMH's score errors, and the ratio of the medians), the absolute times,
 * the per-row cost of batches, the driver's CPU-only costs, and each target of issue #5 with its verdict.
 */
public final class BenchmarkReport {

    /** The workloads in the order the tables list them; anything else follows, sorted by name. */
    private static final List<String> ORDER = List.of(
            "SingleStatementBenchmark.insert", "SingleStatementBenchmark.updateByKey",
            "TransactionBenchmark.fiveStatements", "TransactionBenchmark.fiveStatementsOneInFiveRolledBack",
            "BatchBenchmark.insertBatch", "PassThroughBenchmark.selectByKey", "PassThroughBenchmark.unmappedInsert",
            "PooledBenchmark.updateByKey", "StatementCpuBenchmark.planLookup", "StatementCpuBenchmark.planLookupAndKey",
            "StatementCpuBenchmark.planLookupKeyAndEncode", "ParseCpuBenchmark.coldInsert", "ParseCpuBenchmark.coldUpdate",
            "ParseCpuBenchmark.coldSelectScreen", "JsonEncodingCpuBenchmark.perRowGenerator",
            "JsonEncodingCpuBenchmark.encoder");

    private static final String CACHED_STATEMENT_CPU = "StatementCpuBenchmark.planLookupKeyAndEncode";

    private final List<Workload> workloads;
    private final List<Measurement> cpu = new ArrayList<>();

    /** One workload: the same benchmark, parameters and thread count, measured in one or more arms. */
    record Workload(String benchmark, Map<String, String> params, int threads, Map<Arm, Measurement> arms) {

        Measurement get(Arm arm) {
            return arms.get(arm);
        }

        int rows() {
            String rows = params.get("rows");
            return rows == null ? 1 : Integer.parseInt(rows);
        }

        /** {@code ", catalog reach"} for a workload run with the catalog the unseen-write check knows; else empty. */
        private String catalog() {
            String catalog = params.get("catalog");
            return catalog == null || catalog.equals("none") ? "" : ", catalog " + catalog;
        }

        String label() {
            switch (benchmark) {
                case "SingleStatementBenchmark.insert":
                    return "INSERT 1 row, autocommit";
                case "SingleStatementBenchmark.updateByKey":
                    return "UPDATE by key, autocommit";
                case "TransactionBenchmark.fiveStatements":
                    return "transaction, 5 statements";
                case "TransactionBenchmark.fiveStatementsOneInFiveRolledBack":
                    return "transaction, 5 stmts, 20% rolled back";
                case "BatchBenchmark.insertBatch":
                    return "batch INSERT, " + rows() + " rows";
                case "PassThroughBenchmark.selectByKey":
                    return "SELECT by key (pass-through)" + catalog();
                case "PassThroughBenchmark.unmappedInsert":
                    return "INSERT unmapped table (pass-through)" + catalog();
                case "PooledBenchmark.updateByKey":
                    return "HikariCP UPDATE by key, " + threads + (threads == 1 ? " thread" : " threads");
                case "ClusterBenchmark.updateByKey":
                    return "UPDATE by key (1 slot), autocommit";
                case "ClusterBenchmark.updateThousandRows":
                    return "UPDATE of 1,000 rows (every primary)";
                default:
                    return benchmark + (params.isEmpty() ? "" : " " + params) + (threads == 1 ? "" : " x" + threads);
            }
        }
    }

    public BenchmarkReport(List<Measurement> measurements) {
        Map<String, Workload> byKey = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            if (m.arm() == null) {
                cpu.add(m);
                continue;
            }
            String key = m.benchmark() + m.params() + "/" + m.threads();
            byKey.computeIfAbsent(key, k -> new Workload(m.benchmark(), m.params(), m.threads(), new LinkedHashMap<>()))
                    .arms().put(m.arm(), m);
        }
        workloads = new ArrayList<>(byKey.values());
        workloads.sort(Comparator.comparing((Workload w) -> rank(w.benchmark())).thenComparing(Workload::benchmark)
                .thenComparingInt(Workload::rows).thenComparingInt(Workload::threads));
        cpu.sort(Comparator.comparing((Measurement m) -> rank(m.benchmark())).thenComparing(Measurement::benchmark));
    }

    private static int rank(String benchmark) {
        int i = ORDER.indexOf(benchmark);
        return i < 0 ? ORDER.size() : i;
    }

    /** Prints every table. */
    public void print(PrintStream out) {
        out.println();
        out.println("RATIOS of time per operation (above 1 = the driver is slower). mean ± error propagated from JMH's 99.9%"
                + " score errors; p50 = ratio of the medians");
        out.print(ratioTable().render());
        out.println();
        out.println("TIME per operation, µs: mean ± JMH error (p50)");
        out.print(timeTable().render());
        TextTable perRow = perRowTable();
        if (!perRow.isEmpty()) {
            out.println();
            out.println("BATCH INSERT, µs per row (mean)");
            out.print(perRow.render());
        }
        if (!cpu.isEmpty()) {
            out.println();
            out.println("DRIVER CPU, no I/O, µs per operation: mean ± JMH error");
            out.print(cpuTable().render());
        }
        TextTable cluster = clusterTable();
        if (!cluster.isEmpty()) {
            out.println();
            out.println("REDIS CLUSTER (3 primaries + 3 replicas), µs per operation: mean (p50); ratios of means");
            out.print(cluster.render());
        }
        out.println();
        out.println("TARGETS (issues #5, #13, #15)");
        out.print(targetTable().render());
    }

    private TextTable ratioTable() {
        TextTable table = new TextTable("workload", "driver/hand", "p50", "driver/raw", "p50", "driver/raw-rewrite", "p50");
        for (Workload w : oneRedis()) {
            Measurement driver = w.get(Arm.DRIVER);
            Ratio hand = Ratio.of(driver, w.get(Arm.HAND));
            Ratio raw = Ratio.of(driver, w.get(Arm.RAW));
            Ratio rewrite = Ratio.of(driver, w.get(Arm.RAW_REWRITE));
            table.row(w.label(), Ratio.meanText(hand), Ratio.medianText(hand), Ratio.meanText(raw), Ratio.medianText(raw),
                    Ratio.meanText(rewrite), Ratio.medianText(rewrite));
        }
        return table;
    }

    private TextTable timeTable() {
        TextTable table = new TextTable("workload", "raw", "raw-rewrite", "hand", "hand-pipelined", "driver",
                "driver-pipelined", "driver-rewrite");
        for (Workload w : oneRedis()) {
            table.row(w.label(), time(w.get(Arm.RAW)), time(w.get(Arm.RAW_REWRITE)), time(w.get(Arm.HAND)),
                    time(w.get(Arm.HAND_PIPELINED)), time(w.get(Arm.DRIVER)), time(w.get(Arm.DRIVER_PIPELINED)),
                    time(w.get(Arm.DRIVER_REWRITE)));
        }
        return table;
    }

    private TextTable perRowTable() {
        TextTable table = new TextTable("rows per batch", "raw", "raw-rewrite", "hand", "driver", "driver-rewrite",
                "driver/hand", "driver/raw-rewrite", "driver-rewrite/raw-rewrite");
        for (Workload w : workloads) {
            if (!w.benchmark().equals("BatchBenchmark.insertBatch")) {
                continue;
            }
            int rows = w.rows();
            table.row(Integer.toString(rows), perRow(w.get(Arm.RAW), rows), perRow(w.get(Arm.RAW_REWRITE), rows),
                    perRow(w.get(Arm.HAND), rows), perRow(w.get(Arm.DRIVER), rows), perRow(w.get(Arm.DRIVER_REWRITE), rows),
                    Ratio.meanText(Ratio.of(w.get(Arm.DRIVER), w.get(Arm.HAND))),
                    Ratio.meanText(Ratio.of(w.get(Arm.DRIVER), w.get(Arm.RAW_REWRITE))),
                    Ratio.meanText(Ratio.of(w.get(Arm.DRIVER_REWRITE), w.get(Arm.RAW_REWRITE))));
        }
        return table;
    }

    private TextTable cpuTable() {
        TextTable table = new TextTable("operation", "µs/op", "full parses after warm-up");
        for (Measurement m : cpu) {
            Double parses = m.secondaries().get("parses");
            table.row(cpuLabel(m.benchmark()), number(m.mean()) + " ± " + number(m.error()),
                    parses == null ? "-" : String.format(Locale.ROOT, "%.0f", parses));
        }
        return table;
    }

    private static String cpuLabel(String benchmark) {
        switch (benchmark) {
            case "StatementCpuBenchmark.planLookup":
                return "cached plan: lookup";
            case "StatementCpuBenchmark.planLookupAndKey":
                return "cached plan: lookup + key render";
            case CACHED_STATEMENT_CPU:
                return "cached plan: lookup + key + hash encode";
            case "ParseCpuBenchmark.coldInsert":
                return "cold: analyse new INSERT text (parse)";
            case "ParseCpuBenchmark.coldUpdate":
                return "cold: analyse new UPDATE text (parse)";
            case "ParseCpuBenchmark.coldSelectScreen":
                return "cold: screen new SELECT text (no parse)";
            case "JsonEncodingCpuBenchmark.perRowGenerator":
                return "JSON row, 6 columns: a generator per row, ISO_INSTANT (before)";
            case "JsonEncodingCpuBenchmark.encoder":
                return "JSON row, 6 columns: EntryEncoder.put";
            default:
                return benchmark;
        }
    }

    private TextTable targetTable() {
        TextTable table = new TextTable("target", "measured", "verdict");
        for (Workload w : workloads) {
            Measurement driver = w.get(Arm.DRIVER);
            switch (w.benchmark()) {
                case "PassThroughBenchmark.selectByKey":
                case "PassThroughBenchmark.unmappedInsert": {
                    Ratio r = Ratio.of(driver, w.get(Arm.RAW));
                    table.row(w.label() + ": driver/raw <= 1.02", Ratio.meanText(r) + " (p50 " + Ratio.medianText(r) + ")",
                            Verdict.atMost(r, 1.02, false));
                    break;
                }
                case "SingleStatementBenchmark.insert":
                case "SingleStatementBenchmark.updateByKey": {
                    Ratio r = Ratio.of(driver, w.get(Arm.HAND));
                    table.row(w.label() + ": driver/hand p50 <= 1.10", Ratio.medianText(r) + " (mean " + Ratio.meanText(r) + ")",
                            Verdict.atMost(r, 1.10, true));
                    break;
                }
                case "TransactionBenchmark.fiveStatements":
                case "TransactionBenchmark.fiveStatementsOneInFiveRolledBack": {
                    Ratio r = Ratio.of(driver, w.get(Arm.HAND));
                    table.row(w.label() + ": driver/hand p50 <= 1.10", Ratio.medianText(r) + " (mean " + Ratio.meanText(r) + ")",
                            Verdict.atMost(r, 1.10, true));
                    // Issue #15: one Redis wait per transaction should beat the hand-written wait per statement.
                    Measurement once = w.get(Arm.DRIVER_PIPELINED);
                    Ratio beat = Ratio.of(once, w.get(Arm.HAND));
                    table.row(w.label() + ": driver-pipelined/hand <= 0.80", Ratio.meanText(beat) + " (p50 "
                            + Ratio.medianText(beat) + ")", Verdict.atMost(beat, 0.80, false));
                    Ratio pipelined = Ratio.of(once, w.get(Arm.HAND_PIPELINED));
                    table.row(w.label() + ": driver-pipelined/hand-pipelined <= 1.10", Ratio.meanText(pipelined)
                            + " (p50 " + Ratio.medianText(pipelined) + ")", Verdict.atMost(pipelined, 1.10, false));
                    break;
                }
                case "BatchBenchmark.insertBatch": {
                    if (w.rows() != 1000) {
                        break;
                    }
                    Ratio hand = Ratio.of(driver, w.get(Arm.HAND));
                    table.row(w.label() + ": driver/hand <= 1.0", Ratio.meanText(hand), Verdict.atMost(hand, 1.0, false));
                    Ratio rewrite = Ratio.of(w.get(Arm.DRIVER_REWRITE), w.get(Arm.RAW_REWRITE));
                    table.row(w.label() + ": driver-rewrite/raw-rewrite <= 1.5", Ratio.meanText(rewrite),
                            Verdict.atMost(rewrite, 1.5, false));
                    break;
                }
                case "PooledBenchmark.updateByKey": {
                    if (w.threads() != 8) {
                        break;
                    }
                    // Throughput is threads / time per operation, so the throughput ratio is the inverse time ratio.
                    Ratio time = Ratio.of(driver, w.get(Arm.HAND));
                    Ratio throughput = time == null ? null : time.inverse();
                    table.row(w.label() + ": driver/hand throughput >= 0.9", Ratio.meanText(throughput),
                            Verdict.atLeast(throughput, 0.9));
                    break;
                }
                case "ClusterBenchmark.updateByKey": {
                    Ratio r = Ratio.of(w.get(Arm.CLUSTER_DRIVER), driver);
                    table.row(w.label() + ": cluster/one Redis <= 1.05", Ratio.meanText(r) + " (p50 " + Ratio.medianText(r)
                            + ")", Verdict.atMost(r, 1.05, false));
                    break;
                }
                case "ClusterBenchmark.updateThousandRows": {
                    Ratio r = Ratio.of(w.get(Arm.CLUSTER_DRIVER), w.get(Arm.CLUSTER_HAND));
                    table.row(w.label() + ": cluster driver/hand <= 1.5", Ratio.meanText(r), Verdict.atMost(r, 1.5, false));
                    break;
                }
                default:
                    break;
            }
        }
        for (Measurement m : cpu) {
            if (m.benchmark().equals(CACHED_STATEMENT_CPU)) {
                table.row("CPU per statement, cached plan <= 5 µs", number(m.mean()) + " ± " + number(m.error()) + " µs",
                        m.mean() <= 5 ? "met" : m.mean() - m.error() <= 5 ? "met within error" : "MISSED");
                Double parses = m.secondaries().get("parses");
                table.row("full parses per execution after warm-up = 0", parses == null ? "not counted" : String.format(Locale.ROOT, "%.0f", parses),
                        parses == null ? "-" : parses == 0 ? "met" : "MISSED");
            }
        }
        return table;
    }

    /** The workloads on one Redis: every table but the cluster's. */
    private List<Workload> oneRedis() {
        return workloads.stream().filter(w -> !w.benchmark().startsWith("ClusterBenchmark.")).toList();
    }

    private TextTable clusterTable() {
        TextTable table = new TextTable("workload", "hand (one)", "driver (one)", "hand (cluster)", "driver (cluster)",
                "+ WAIT", "cluster/one", "driver/hand one", "driver/hand cluster", "+WAIT/cluster");
        for (Workload w : workloads) {
            if (!w.benchmark().startsWith("ClusterBenchmark.")) {
                continue;
            }
            Measurement cluster = w.get(Arm.CLUSTER_DRIVER);
            table.row(w.label(), brief(w.get(Arm.HAND)), brief(w.get(Arm.DRIVER)), brief(w.get(Arm.CLUSTER_HAND)),
                    brief(cluster), brief(w.get(Arm.CLUSTER_DRIVER_WAIT)),
                    Ratio.meanText(Ratio.of(cluster, w.get(Arm.DRIVER))),
                    Ratio.meanText(Ratio.of(w.get(Arm.DRIVER), w.get(Arm.HAND))),
                    Ratio.meanText(Ratio.of(cluster, w.get(Arm.CLUSTER_HAND))),
                    Ratio.meanText(Ratio.of(w.get(Arm.CLUSTER_DRIVER_WAIT), cluster)));
        }
        return table;
    }

    private static String brief(Measurement m) {
        return m == null ? "-" : number(m.mean()) + " (" + number(m.median()) + ")";
    }

    private static String time(Measurement m) {
        if (m == null) {
            return "-";
        }
        return number(m.mean()) + " ± " + number(m.error()) + " (" + number(m.median()) + ")";
    }

    private static String perRow(Measurement m, int rows) {
        return m == null ? "-" : number(m.mean() / rows);
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "?";
        }
        double a = Math.abs(v);
        String format = a >= 1000 ? "%.0f" : a >= 100 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, format, v);
    }

    /** The ratio of two times per operation. */
    record Ratio(double mean, double error, double median) {

        /** driver / baseline, or null when either is missing. */
        static Ratio of(Measurement driver, Measurement baseline) {
            if (driver == null || baseline == null) {
                return null;
            }
            double mean = driver.mean() / baseline.mean();
            double relative = Math.hypot(driver.error() / driver.mean(), baseline.error() / baseline.mean());
            return new Ratio(mean, mean * relative, driver.median() / baseline.median());
        }

        Ratio inverse() {
            double inverse = 1 / mean;
            return new Ratio(inverse, inverse * (error / mean), 1 / median);
        }

        static String meanText(Ratio r) {
            return r == null ? "-" : String.format(Locale.ROOT, "%.3f ± %s", r.mean, Double.isNaN(r.error) ? "?"
                    : String.format(Locale.ROOT, "%.3f", r.error));
        }

        static String medianText(Ratio r) {
            return r == null ? "-" : String.format(Locale.ROOT, "%.3f", r.median);
        }
    }

    /** How a ratio compares with its target. */
    static final class Verdict {

        private Verdict() {
        }

        static String atMost(Ratio r, double limit, boolean median) {
            if (r == null) {
                return "not measured";
            }
            double value = median ? r.median() : r.mean();
            if (value <= limit) {
                return "met";
            }
            return !median && value - r.error() <= limit ? "met within error" : "MISSED";
        }

        static String atLeast(Ratio r, double limit) {
            if (r == null) {
                return "not measured";
            }
            if (r.mean() >= limit) {
                return "met";
            }
            return r.mean() + r.error() >= limit ? "met within error" : "MISSED";
        }
    }
}
