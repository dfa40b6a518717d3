/**
 * Redis: the ownership protocol's vocabulary ({@link io.writethrough.redis.OwnershipProtocol}: keys, mark fields,
 * script layouts), its Lua scripts (resources beside these classes), the {@link io.writethrough.redis.RedisWriter}
 * that runs them, the retrier of undos that could not reach Redis, and the Redis endpoint. Uses Jedis and
 * commons-pool2; knows nothing of JDBC.
 */
package io.writethrough.redis;
