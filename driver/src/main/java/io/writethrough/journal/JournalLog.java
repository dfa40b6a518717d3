package io.writethrough.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The journal's log lines, kept together so their wording is reviewed as API. */
final class JournalLog {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionJournal.class);

    private JournalLog() {
    }

    static void markReleaseFailed(int keys, RuntimeException cause) {
        LOG.warn("Committed, but could not release the ownership marks of {} key(s) in Redis ({}). "
                + "The cached values are correct; the next writer of each key takes its mark over.", keys, cause.getMessage());
    }

    static void undoDeferred(int keys, boolean queued, RuntimeException cause) {
        if (queued) {
            LOG.error("Could not restore {} Redis key(s) on rollback ({}). Until Redis is reachable again from this "
                    + "process, those keys may hold values that were never committed; the undo is retried before the "
                    + "next Redis command.", keys, cause.getMessage());
        } else {
            LOG.error("Could not restore {} Redis key(s) on rollback ({}), and the retry queue is full: those keys may "
                    + "hold values that were never committed until they are next written.", keys, cause.getMessage());
        }
    }
}
