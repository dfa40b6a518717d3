package io.writethrough.write;

/** The SQLStates this driver raises itself (the real driver's are passed through unchanged). */
public final class SqlStates {

    /** The configuration is missing or wrong (connection cannot be set up). */
    public static final String CONFIGURATION = "08001";
    /** A write on a mapped table that cannot be written through, refused before it ran. */
    public static final String UNSUPPORTED = "0A000";
    /** Redis could not be written; the transaction can no longer commit. */
    public static final String REDIS_FAILED = "40003";
    /** The transaction was rolled back because an earlier write-through failed. */
    public static final String ROLLED_BACK = "40000";
    /** pgjdbc's state for executeUpdate on a statement that returns rows. */
    public static final String RESULT_NOT_EXPECTED = "0100E";
    /** pgjdbc's state for executeQuery on a statement that returns no rows. */
    public static final String NO_RESULT = "02000";
    public static final String OBJECT_NOT_IN_STATE = "55000";

    private SqlStates() {
    }
}
