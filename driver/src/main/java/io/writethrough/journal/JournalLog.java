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

    static void undoDeferred(int keys, boolean queued, Exception cause) {
        String why = cause == null ? "Redis did not answer a moment ago" : cause.getMessage();
        if (queued) {
            LOG.error("Could not restore {} Redis key(s) on rollback yet ({}). Until Redis answers again, those keys may "
                    + "hold values that were never committed; the undo is retried in the background and before this process's next Redis command.", keys, why);
        } else {
            LOG.error("Could not restore {} Redis key(s) on rollback ({}), and the retry queue is full: those keys may "
                    + "hold values that were never committed until they are next written.", keys, why);
        }
    }
}
