package io.writethrough.sql;

/**
 * What a SQL text means for Redis: it cannot write a mapped table ({@link NotMapped}), it writes one in a way that
 * cannot be followed ({@link Unsupported}), it writes one and here is how to run it ({@link WritePlan}), or it
 * begins, ends or marks a transaction ({@link TransactionControl}). Every analysis is immutable and may be shared
 * between threads.
 */
public sealed interface Analysis permits NotMapped, Unsupported, WritePlan, TransactionControl {
}
