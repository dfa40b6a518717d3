package io.writethrough.journal;

/** Thrown by {@link TransactionJournal#write} once the journal is closed. */
public final class JournalClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JournalClosedException() {
        super("the connection was closed or aborted while the statement ran");
    }
}
