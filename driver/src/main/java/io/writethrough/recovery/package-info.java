/**
 * Crash recovery: resolves the ownership marks that transactions left behind when they ended without the driver (a
 * crashed process, a lost COMMIT reply, an undo that could not reach Redis) and refills keys whose value could not be
 * decided, from the database's committed rows, under row locks. Uses the Redis writer, the dialect, the mapping and
 * the write path's entry encoder. See {@code docs/design.md}, "Recovery".
 */
package io.writethrough.recovery;
