/**
 * Operating the cache: warming Redis from the database, verifying that the two agree, repairing what differs (see
 * {@link io.writethrough.audit.CacheAudit}). Rows are read by pages of the key's unique index (or, without one,
 * through a cursor) and entries through {@code SCAN}, in chunks, so memory stays bounded at any table size; every
 * write goes through the ownership protocol's {@code fill} under share locks on the rows, so that it is safe while
 * applications write. Uses the write path's entry encoder, the Redis writer and reader, the dialect and the mapping;
 * used by {@code jdbc} only (which opens it with the configuration's context). See {@code docs/operations.md}.
 */
package io.writethrough.audit;
