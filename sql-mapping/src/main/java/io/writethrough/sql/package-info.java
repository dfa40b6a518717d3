/**
 * SQL analysis: a statement's text becomes an {@link io.writethrough.sql.Analysis} — a write plan on mapped tables
 * (with the RETURNING the driver adds), transaction control, an unsupported write, or nothing to do — cached per text.
 * Recognises statements that cannot touch a mapped table without a full parse; parses with JSqlParser on the calling
 * thread. Uses JSqlParser and {@code io.writethrough.mapping}; no JDBC, no Redis, no threads.
 */
package io.writethrough.sql;
