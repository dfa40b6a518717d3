/**
 * JMH benchmarks comparing raw pgjdbc, hand-written JDBC + Jedis write-through and this driver in one run, reported
 * as ratios against the baselines measured in the same run (see BENCHMARKS.md).
 */
package io.writethrough.benchmarks;
