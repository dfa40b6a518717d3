/**
 * The write path, one way: {@link io.writethrough.write.PlannedExecution} runs a planned statement and hands its
 * returned rows to {@code ReturnedRows}, which encodes them ({@code EntryEncoder}) and hands the entries to the
 * {@link io.writethrough.write.WriteTransaction}, which records them in the transaction journal, which sends them to
 * Redis. No stage calls back into an earlier one or into the JDBC wrappers. Uses {@code io.writethrough.journal},
 * {@code io.writethrough.redis}, {@code io.writethrough.dialect}, {@code io.writethrough.jdbc.rows} and the
 * sql-mapping module. See {@code docs/design.md}, "The write path".
 */
package io.writethrough.write;
