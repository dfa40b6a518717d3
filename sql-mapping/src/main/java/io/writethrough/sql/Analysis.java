package io.writethrough.sql;

/**
 * What a SQL text means for Redis: it cannot write a mapped table ({@link NotMapped}), it writes one in a way that
 * cannot be followed ({@link Unsupported}), or it writes one and here is how to run it ({@link WritePlan}). Every
 * analysis is immutable and may be shared between threads.
 */
public sealed interface Analysis permits NotMapped, Unsupported, WritePlan {
}
