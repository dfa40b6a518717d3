package io.writethrough.sql;

/** The kind of write a {@link WritePlan} performs. */
public enum Operation {
    INSERT,
    /** {@code INSERT ... ON CONFLICT ...}, either {@code DO UPDATE} or {@code DO NOTHING}. */
    UPSERT,
    UPDATE,
    DELETE
}
