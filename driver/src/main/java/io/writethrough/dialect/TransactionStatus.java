package io.writethrough.dialect;

/** The fate of a database transaction, as the database reports it. */
public enum TransactionStatus {
    COMMITTED,
    ABORTED,
    IN_PROGRESS,
    /** Too old for the database to remember (or not a transaction it knows). */
    UNKNOWN
}
