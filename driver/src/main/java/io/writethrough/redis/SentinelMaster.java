package io.writethrough.redis;

import io.writethrough.mapping.Setting;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The address of the master a set of sentinels monitors: asked of the sentinels in turn ({@code SENTINEL
 * get-master-addr-by-name}) when first needed, and again after {@link #forget()} (a connection failed, or the server
 * said it is a replica: a failover happened). Thread-safe.
 */
final class SentinelMaster implements Supplier<HostAndPort> {

    private final String name;
    private final List<HostAndPort> sentinels;
    private final ClientOptions options;
    private final int timeoutMillis;
    private volatile HostAndPort current;

    SentinelMaster(String name, List<HostAndPort> sentinels, ClientOptions options, int timeoutMillis) {
        this.name = name;
        this.sentinels = List.copyOf(sentinels);
        this.options = options;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * The master's address, asked of the sentinels if not known.
     *
     * @throws JedisConnectionException when no sentinel answers with an address
     */
    @Override
    public HostAndPort get() {
        HostAndPort known = current;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (current == null) {
                current = ask();
            }
            return current;
        }
    }

    /** The master may have changed: the next {@link #get()} asks the sentinels again. */
    void forget() {
        current = null;
    }

    private HostAndPort ask() {
        JedisException last = null;
        for (HostAndPort sentinel : sentinels) {
            try (Connection connection = new Connection(sentinel, options.config(timeoutMillis))) {
                Object reply = connection.executeCommand(new CommandObject<>(new CommandArguments(Protocol.Command.SENTINEL)
                        .add("get-master-addr-by-name").add(name), BuilderFactory.RAW_OBJECT));
                if (reply instanceof List<?> address && address.size() == 2) {
                    return new HostAndPort(text(address.get(0)), Integer.parseInt(text(address.get(1))));
                }
                last = new JedisConnectionException("sentinel " + sentinel + " knows no master named '" + name + "'");
            } catch (JedisException e) {
                last = e;
            }
        }
        throw new JedisConnectionException("no sentinel of " + sentinels + " named the address of master '" + name
                + "' (last: " + (last == null ? "none" : last.getMessage()) + ")" + authenticationHint(last), last);
    }

    /** What to set when the sentinels refused the credentials, or asked for some: their own, not the master's. */
    private String authenticationHint(JedisException last) {
        String message = last == null || last.getMessage() == null ? "" : last.getMessage();
        if (message.startsWith("NOAUTH")) {
            return "; the sentinels require authentication: give '" + Setting.REDIS_SENTINEL_PASSWORD.key()
                    + "' (and '" + Setting.REDIS_SENTINEL_USER.key() + "' for an ACL user)";
        }
        if (message.startsWith("WRONGPASS") || message.startsWith("ERR invalid password")) {
            return "; the sentinels refused " + (options.user() == null ? "the default user" : "user '"
                    + options.user() + "'") + " with the password given: check '" + Setting.REDIS_SENTINEL_USER.key()
                    + "' and '" + Setting.REDIS_SENTINEL_PASSWORD.key() + "'";
        }
        return "";
    }

    private static String text(Object reply) {
        return new String((byte[]) reply, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "master '" + name + "' of sentinels " + sentinels;
    }
}
