package io.writethrough.testing;

import redis.clients.jedis.UnifiedJedis;

/** What a private Redis has run, from {@code INFO commandstats}: for tests that must tell scripts from plain commands. */
public final class CommandStats {

    private CommandStats() {
    }

    /** {@code EVAL} and {@code EVALSHA} calls the server has counted. */
    public static long scriptCalls(UnifiedJedis redis) {
        long calls = 0;
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                String field = line.substring(line.indexOf("calls=") + 6);
                calls += Long.parseLong(field.substring(0, field.indexOf(',')));
            }
        }
        return calls;
    }
}
