/**
 * What one transaction has written to Redis, so that a rollback (full, or to a savepoint) can put it back:
 * {@link io.writethrough.journal.TransactionJournal} and its compact key set. Talks to Redis only through
 * {@link io.writethrough.redis.OwnershipStore}; never calls the database or the JDBC wrappers. See
 * {@code docs/design.md}, "The ownership protocol" and "Failure windows".
 */
package io.writethrough.journal;
