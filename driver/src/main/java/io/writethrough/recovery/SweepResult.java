package io.writethrough.recovery;

/**
 * What one recovery sweep found and did.
 *
 * @param marks ownership marks of this database that were looked at
 * @param live marks left alone because their transaction is still in progress
 * @param released marks of committed transactions dropped (the values were right)
 * @param restored keys of aborted transactions put back to the value before them
 * @param refilled keys written from the database's committed row because the value before could not be decided
 * @param pending keys still waiting to be refilled (a writer held the row; retried shortly)
 */
public record SweepResult(long marks, long live, long released, long restored, long refilled, long pending) {

    @Override
    public String toString() {
        return "marks=" + marks + " live=" + live + " released=" + released + " restored=" + restored + " refilled="
                + refilled + " pending=" + pending;
    }
}
