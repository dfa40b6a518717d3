package io.writethrough.sql;

import java.util.Set;

/** Key words that decide, without a parser, whether a statement can write. Shared by the screen and the analyzer. */
final class Keywords {

    /**
     * First words of statements that write no table row themselves — unless they contain a data-modifying statement
     * (checked separately: {@code CREATE TABLE t AS WITH d AS (DELETE ...) SELECT ...} does delete). {@code (} stands
     * for a statement that opens with a parenthesis, which PostgreSQL only accepts for queries. CALL and EXECUTE run
     * code the driver cannot see; they pass through like DDL.
     */
    static final Set<String> WRITES_NO_ROWS = Set.of(
            "SELECT", "VALUES", "TABLE", "(",
            "SHOW", "SET", "RESET", "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE",
            "PREPARE", "DEALLOCATE", "DECLARE", "FETCH", "MOVE", "CLOSE",
            "CREATE", "ALTER", "DROP", "GRANT", "REVOKE", "COMMENT", "SECURITY", "REASSIGN", "IMPORT",
            "ANALYZE", "ANALYSE", "VACUUM", "CLUSTER", "REINDEX", "REFRESH", "CHECKPOINT", "LOAD", "LOCK",
            "LISTEN", "NOTIFY", "UNLISTEN", "DISCARD",
            "CALL", "EXECUTE");

    /**
     * Words after which {@code UPDATE} is not a statement: {@code FOR [NO KEY] UPDATE}, {@code ON CONFLICT DO UPDATE},
     * {@code WHEN MATCHED THEN UPDATE}, {@code ON UPDATE CASCADE}, trigger events, privileges. A comma before it
     * (privilege lists) rules it out too. A real UPDATE statement follows nothing, {@code (}, {@code )}, {@code AS} or
     * an EXPLAIN option.
     */
    private static final String[] UPDATE_IS_NO_STATEMENT_AFTER = {
        "FOR", "KEY", "DO", "THEN", "ON", "BEFORE", "AFTER", "OR", "OF", "GRANT", "REVOKE"};

    private Keywords() {
    }

    /** True when the word {@code sql[start, end)} rules out that a following {@code UPDATE} starts a statement. */
    static boolean updateIsNoStatementAfter(String sql, int start, int end) {
        int length = end - start;
        for (String word : UPDATE_IS_NO_STATEMENT_AFTER) {
            if (word.length() == length && sql.regionMatches(true, start, word, 0, length)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code sql[start, end)} is {@code upperCaseWord} in any case. */
    static boolean is(String sql, int start, int end, String upperCaseWord) {
        return end - start == upperCaseWord.length() && sql.regionMatches(true, start, upperCaseWord, 0, end - start);
    }
}
