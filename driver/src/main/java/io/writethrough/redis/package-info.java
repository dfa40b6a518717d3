/**
 * Redis: the ownership protocol's vocabulary ({@link io.writethrough.redis.OwnershipProtocol}: keys, mark fields,
 * script layouts), its Lua scripts (resources beside these classes), the {@link io.writethrough.redis.RedisWriter}
 * that runs them, its connections ({@link io.writethrough.redis.RedisConnections}: the pool, one timeout per call, a
 * silent Redis), the retrier of undos that could not reach Redis, and the Redis endpoint. Uses Jedis; knows nothing
 * of JDBC.
 */
package io.writethrough.redis;
