package io.writethrough.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The background retrier's log line. */
final class UndoRetryLog {

    private static final Logger LOG = LoggerFactory.getLogger(RedisWriter.class);

    private UndoRetryLog() {
    }

    static void succeeded(int keys) {
        LOG.info("Redis is reachable again: restored {} key(s) of a rolled-back transaction", keys);
    }
}
