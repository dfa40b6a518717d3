package io.writethrough.sql;

/**
 * The statement cannot write a row of a mapped table (a query, DDL, session command, or a write on unmapped tables):
 * run it unchanged.
 */
public enum NotMapped implements Analysis {
    INSTANCE
}
