/**
 * Test fixtures: a real PostgreSQL and a real Redis resolved from the environment, Testcontainers or embedded
 * binaries; private Redis servers for fault tests, and private Redis Cluster, Sentinel and TLS-with-ACL setups
 * ({@link io.writethrough.testing.PrivateRedisCluster}, {@link io.writethrough.testing.PrivateRedisSentinel},
 * {@link io.writethrough.testing.PrivateTlsRedis}); a fault-injecting proxy; and the oracle that compares Redis with
 * the database ({@link io.writethrough.testing.CacheAssertions}). Used at test scope only.
 */
package io.writethrough.testing;
