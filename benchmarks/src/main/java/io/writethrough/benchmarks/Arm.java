package io.writethrough.benchmarks;

/**
 * Who keeps Redis in step in a measurement: nobody (the floor), the application itself, or the driver.
 * The {@link #param()} strings are the values of the benchmarks' {@code arm} JMH parameter.
 */
public enum Arm {
    /** pgjdbc alone; nothing reaches Redis. */
    RAW("raw"),
    /** pgjdbc alone with {@code reWriteBatchedInserts=true} (only meaningful for batches). */
    RAW_REWRITE("raw-rewrite"),
    /** The application writes through itself: SQL with RETURNING, then Jedis, then commit. */
    HAND("hand"),
    /**
     * {@link #HAND} pipelining a whole transaction's Redis commands, read once before the commit: the hand-written
     * counterpart of the driver's {@code redis.pipeline=transaction} (only meaningful for transactions).
     */
    HAND_PIPELINED("hand-pipelined"),
    /** The same application code as {@link #RAW}, through a {@code jdbc:writethrough:} URL. */
    DRIVER("driver"),
    /**
     * {@link #DRIVER} with {@code redis.pipeline=transaction}: a transaction waits for its Redis writes once, before its
     * commit (only meaningful for transactions; compare it with {@link #HAND_PIPELINED}).
     */
    DRIVER_PIPELINED("driver-pipelined"),
    /**
     * {@link #DRIVER} with {@code reWriteBatchedInserts=true}: batches go as pgjdbc's multi-row INSERTs, so the fair
     * comparison for batches is with {@link #RAW_REWRITE}.
     */
    DRIVER_REWRITE("driver-rewrite"),
    /** {@link #HAND} on a Redis Cluster: a cluster pipeline (one per primary) of {@code DEL} + {@code HSET}. */
    CLUSTER_HAND("cluster-hand"),
    /** {@link #DRIVER} on a Redis Cluster, with {@code redis.wait.replicas=0}: the same work as {@link #CLUSTER_HAND}. */
    CLUSTER_DRIVER("cluster-driver"),
    /** {@link #DRIVER} on a Redis Cluster with its default {@code WAIT 1}: each write on a replica too. */
    CLUSTER_DRIVER_WAIT("cluster-driver-wait");

    /** The JMH parameter name every arm-comparing benchmark declares. */
    public static final String PARAM = "arm";

    private final String param;

    Arm(String param) {
        this.param = param;
    }

    /** The value of the {@value #PARAM} JMH parameter for this arm. */
    public String param() {
        return param;
    }

    /**
     * The arm named by a JMH parameter value.
     *
     * @throws IllegalArgumentException for an unknown value, naming the ones expected
     */
    public static Arm of(String param) {
        for (Arm arm : values()) {
            if (arm.param.equals(param)) {
                return arm;
            }
        }
        throw new IllegalArgumentException("unknown benchmark arm '" + param + "'; expected one of "
                + java.util.Arrays.stream(values()).map(Arm::param).collect(java.util.stream.Collectors.joining(", ")));
    }
}
