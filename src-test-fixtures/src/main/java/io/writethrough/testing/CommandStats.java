package io.writethrough.testing;

import redis.clients.jedis.UnifiedJedis;

/** What a private Redis has run, from {@code INFO commandstats}: for tests that must tell scripts from plain commands. */
public final class CommandStats {

    private CommandStats() {
    }

    /** {@code EVAL} and {@code EVALSHA} calls the server has counted. */
    public static long scriptCalls(UnifiedJedis redis) {
        return calls(redis, "evalsha") + calls(redis, "eval");
    }

    /** Calls of {@code command} (lower case) the server has counted, those scripts made included. */
    public static long calls(UnifiedJedis redis, String command) {
        String prefix = "cmdstat_" + command + ":";
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (line.startsWith(prefix)) {
                String field = line.substring(line.indexOf("calls=") + 6);
                return Long.parseLong(field.substring(0, field.indexOf(',')));
            }
        }
        return 0;
    }
}
