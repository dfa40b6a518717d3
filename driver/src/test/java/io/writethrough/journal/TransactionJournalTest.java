package io.writethrough.journal;

import static io.writethrough.redis.UndoStep.Mode.INVALIDATE;
import static io.writethrough.redis.UndoStep.Mode.SAVEPOINT;
import static io.writethrough.redis.UndoStep.Mode.TRANSACTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.writethrough.journal.RecordingOwnershipStore.DeferUndo;
import io.writethrough.journal.RecordingOwnershipStore.Undo;
import io.writethrough.journal.RecordingOwnershipStore.Write;
import io.writethrough.redis.BeforeImage;
import io.writethrough.redis.EntryWrite;
import io.writethrough.redis.OwnershipStore;
import io.writethrough.redis.RedisWriteException;
import io.writethrough.redis.UndoStep;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.AbstractListAssert;
import org.assertj.core.api.ObjectAssert;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The journal's paths (see the design notes and failure windows of {@link TransactionJournal}), each checked by what
 * the journal sends to a recording {@link io.writethrough.redis.OwnershipStore}. No Redis, no database.
 */
class TransactionJournalTest {

    private final RecordingOwnershipStore store = new RecordingOwnershipStore();
    private final TransactionJournal journal = new TransactionJournal(store, "db-1");

    // ---- transaction ids ----------------------------------------------------------------------------

    @Test
    void theFirstWriteOfATransactionGetsANewIdAndLaterWritesReuseIt() {
        assertThat(journal.isActive()).isFalse();

        write(100, "a");
        assertThat(journal.isActive()).isTrue();
        write(100, "b", "c");

        List<Write> writes = store.writes();
        assertThat(writes).hasSize(2);
        assertThat(writes.get(0).tx()).isNotBlank();
        assertThat(writes.get(1).tx()).isEqualTo(writes.get(0).tx());
        assertThat(writes).extracting(Write::xid).containsExactly(100L, 100L);
        assertThat(writes.get(1).keys()).containsExactly("b", "c");
        assertThat(writes).allSatisfy(w -> {
            assertThat(w.underSavepoint()).isFalse();
            assertThat(w.capturedKeys()).isEmpty();
            assertThat(w.release()).isEqualTo(OwnershipStore.Release.NONE);
        });
    }

    @Test
    void aTransactionAfterACommitOrARollbackGetsANewId() {
        write(100, "a");
        journal.committed();
        assertThat(journal.isActive()).isFalse();
        write(101, "a");
        journal.rolledBack(Set.of());
        write(102, "a");

        assertThat(store.writes()).extracting(Write::tx).doesNotHaveDuplicates().hasSize(3);
        assertThat(store.writes()).extracting(Write::xid).containsExactly(100L, 101L, 102L);
    }

    @Test
    void twoJournalsNeverShareATransactionId() {
        TransactionJournal other = new TransactionJournal(store, "db-1");
        write(100, "a");
        other.write(puts("a"), 100);

        assertThat(store.writes().get(0).tx()).isNotEqualTo(store.writes().get(1).tx());
    }

    @Test
    void anEmptyWriteSendsNothingAndStartsNoTransaction() {
        journal.write(List.of(), 100);

        assertThat(store.calls).isEmpty();
        assertThat(journal.isActive()).isFalse();
    }

    // ---- releasing a committed transaction's marks ----------------------------------------------------

    @Test
    void aCommitsMarksRideAlongWithTheNextWriteOnce() {
        write(100, "a", "b");
        write(100, "b", "c");
        journal.committed();
        assertThat(store.calls).as("a commit sends nothing of its own").hasSize(2);
        String committedTx = store.writes().get(0).tx();

        write(101, "d");
        write(101, "e");

        Write next = store.writes().get(2);
        assertThat(next.tx()).isNotEqualTo(committedTx);
        assertThat(next.release().tx()).isEqualTo(committedTx);
        assertThat(next.release().keys()).containsExactly("a", "b", "c");
        assertThat(store.writes().get(3).release()).isEqualTo(OwnershipStore.Release.NONE);
    }

    @Test
    void aCommitsMarksRideAlongWithTheUndoWhenTheWriteCarryingThemFailed() {
        write(100, "a");
        journal.committed();
        String committedTx = store.writes().get(0).tx();
        store.failNext();
        assertThatThrownBy(() -> write(101, "b")).isInstanceOf(RedisWriteException.class);
        assertThat(store.writes().get(1).release().keys()).containsExactly("a");

        journal.rolledBack(journal.ownersToDecide());

        Undo undo = single(store.undos());
        assertThat(undo.release().tx()).isEqualTo(committedTx);
        assertThat(undo.release().keys()).containsExactly("a");
        write(102, "c");
        assertThat(store.writes().get(2).release()).isEqualTo(OwnershipStore.Release.NONE);
    }

    @Test
    void releaseMarksSendsThePendingReleaseAloneAndOnlyOnce() {
        write(100, "a", "b");
        journal.committed();
        String committedTx = store.writes().get(0).tx();

        journal.releaseMarks();
        journal.releaseMarks();

        assertThat(store.calls).hasSize(2);
        assertThat(store.releases()).singleElement().satisfies(release -> {
            assertThat(release.tx()).isEqualTo(committedTx);
            assertThat(release.keys()).containsExactly("a", "b");
        });
        write(101, "c");
        assertThat(store.writes().get(1).release()).isEqualTo(OwnershipStore.Release.NONE);
    }

    @Test
    void aFailingReleaseIsSwallowedAndNotSentAgain() {
        write(100, "a");
        journal.committed();
        store.failNext();

        assertThatCode(journal::releaseMarks).doesNotThrowAnyException();
        journal.releaseMarks();

        assertThat(store.releases()).hasSize(1);
        write(101, "b");
        assertThat(store.writes().get(1).release()).isEqualTo(OwnershipStore.Release.NONE);
    }

    @Test
    void releaseMarksSendsNothingWhenNoCommitLeftMarks() {
        journal.releaseMarks();
        write(100, "a");
        journal.rolledBack(Set.of());
        journal.releaseMarks();

        assertThat(store.releases()).isEmpty();
    }

    @Test
    void aCommitWithoutWritesKeepsTheEarlierCommitsPendingRelease() {
        write(100, "a");
        journal.committed();
        String committedTx = store.writes().get(0).tx();
        journal.committed();

        write(102, "b");

        assertThat(store.writes().get(1).release().tx()).isEqualTo(committedTx);
        assertThat(store.writes().get(1).release().keys()).containsExactly("a");
    }

    // ---- full rollback ------------------------------------------------------------------------------

    @Test
    void aRollbackUndoesEveryKeyOnceNewestFirstWithTheCommittedOwners() {
        write(100, "a", "b");
        write(100, "c", "a");
        write(100, "d");
        String tx = store.writes().get(0).tx();

        journal.rolledBack(Set.of("7"));

        Undo undo = single(store.undos());
        assertThat(undo.tx()).isEqualTo(tx);
        assertSteps(undo.steps()).containsExactly(t("d"), t("c"), t("b"), t("a"));
        assertThat(undo.committedOwners()).containsExactly("7");
        assertThat(undo.finish()).as("no write is in doubt: no tombstone").isFalse();
        assertThat(undo.release()).isEqualTo(OwnershipStore.Release.NONE);
        assertThat(journal.isActive()).isFalse();

        journal.rolledBack(Set.of());
        assertThat(store.undos()).as("the transaction has ended: nothing more to undo").hasSize(1);
    }

    @Test
    void aRollbackWithNoTransactionSendsNothing() {
        journal.rolledBack(Set.of());
        journal.rolledBack(null);
        journal.rolledBackWithoutWaiting();
        journal.outcomeUnknown();
        journal.rollbackTo("nowhere", Set.of());
        assertThat(journal.ownersToDecide()).isEmpty();
        assertThat(journal.ownersToDecide("nowhere")).isEmpty();

        assertThat(store.calls).isEmpty();
    }

    @Test
    void ownersToDecideNamesTheEarlierOwnersReportedTakenOverIgnoringUnknownOnes() {
        store.nextWriteTakesOverFrom("500", "?", "501");
        write(100, "a", "b", "c");
        store.nextWriteTakesOverFrom("501", "502");
        write(100, "d", "e");

        assertThat(journal.ownersToDecide()).containsExactlyInAnyOrder("500", "501", "502");
        assertThat(store.readBacks()).as("nothing is read back after writes whose replies arrived").isEmpty();

        journal.rolledBack(Set.of("501"));
        assertThat(single(store.undos()).committedOwners()).containsExactly("501");
        assertThat(journal.ownersToDecide()).as("cleared when the transaction ends").isEmpty();
    }

    @Test
    void ownersToDecideIsEmptyWhenNoMarkWasTakenOverOrOnlyUnknownOnes() {
        assertThat(journal.ownersToDecide()).isEmpty();
        write(100, "a");
        assertThat(journal.ownersToDecide()).isEmpty();
        store.nextWriteTakesOverFrom("?");
        write(100, "b");
        assertThat(journal.ownersToDecide()).isEmpty();
        assertThat(store.readBacks()).isEmpty();
    }

    @Test
    void theOwnersOfAnEarlierTransactionAreForgotten() {
        store.nextWriteTakesOverFrom("500");
        write(100, "a");
        journal.committed();
        write(101, "b");

        assertThat(journal.ownersToDecide()).isEmpty();
    }

    @Test
    void afterTheJournalIsClosedARollbackStillUndoesEveryKey() {
        write(100, "a", "b");

        journal.close();
        journal.rolledBack(null);

        Undo undo = single(store.undos());
        assertSteps(undo.steps()).containsExactly(t("b"), t("a"));
        assertThat(undo.committedOwners()).isNull();
    }

    @Test
    void afterCloseAWriteThrowsAndSendsNothing() {
        write(100, "a");
        journal.close();

        assertThatThrownBy(() -> write(100, "b")).isInstanceOf(JournalClosedException.class);
        assertThatThrownBy(() -> journal.write(List.of(), 100)).isInstanceOf(JournalClosedException.class);
        assertThat(store.writes()).hasSize(1);
    }

    @Test
    void doomKeepsTheFirstCauseUntilTheTransactionEnds() {
        write(100, "a");
        IllegalStateException first = new IllegalStateException("first");
        journal.doom(first);
        journal.doom(new IllegalStateException("second"));
        assertThat(journal.failure()).isSameAs(first);

        journal.rolledBack(Set.of());

        assertThat(journal.failure()).isNull();
    }

    // ---- a write whose reply was lost -----------------------------------------------------------------

    @Test
    void aWriteWhoseReplyWasLostDoomsTheTransactionAndIsRethrown() {
        write(100, "a");
        RedisWriteException lost = store.failNext();

        assertThatThrownBy(() -> write(100, "b")).isSameAs(lost);

        assertThat(journal.failure()).isSameAs(lost);
        assertThat(journal.isActive()).isTrue();
        assertThat(store.writes().get(1).keys()).containsExactly("b");
    }

    @Test
    void afterALostReplyTheOwnersAreReadBackAndTheUndoLeavesATombstone() {
        store.nextWriteTakesOverFrom("200");
        write(100, "a");
        store.failNext();
        assertThatThrownBy(() -> write(100, "b", "c")).isInstanceOf(RedisWriteException.class);
        String tx = store.writes().get(0).tx();
        store.ownersReadBackAre("300", "?", "200");

        Set<String> owners = journal.ownersToDecide();

        assertThat(owners).containsExactlyInAnyOrder("200", "300");
        assertThat(store.readBacks()).singleElement().satisfies(read -> {
            assertThat(read.tx()).isEqualTo(tx);
            assertThat(read.keys()).as("the lost write's keys were recorded before the call").containsExactly("a", "b", "c");
        });

        journal.rolledBack(Set.of("300"));

        Undo undo = single(store.undos());
        assertSteps(undo.steps()).containsExactly(t("c"), t("b"), t("a"));
        assertThat(undo.committedOwners()).containsExactly("300");
        assertThat(undo.finish()).as("a tombstone turns the lost write into a no-op should it arrive late").isTrue();
        assertThat(journal.failure()).isNull();
        assertThat(journal.isActive()).isFalse();
    }

    @Test
    void aWriteThatNeverReachedRedisDoomsTheTransactionButLeavesNoTombstone() {
        write(100, "a");
        RedisWriteException unsent = store.failNextUnsent();
        assertThatThrownBy(() -> write(100, "b")).isSameAs(unsent);
        assertThat(journal.failure()).isSameAs(unsent);

        assertThat(journal.ownersToDecide()).isEmpty();
        journal.rolledBack(Set.of());

        assertThat(store.readBacks()).as("it took no mark over: nothing to read back").isEmpty();
        Undo undo = single(store.undos());
        assertSteps(undo.steps()).containsExactly(t("b"), t("a"));
        assertThat(undo.finish()).as("it cannot arrive late: no tombstone").isFalse();
    }

    @Test
    void aTransactionNoneOfWhoseWritesReachedRedisNeedsNoUndo() {
        store.failNextUnsent();
        assertThatThrownBy(() -> write(100, "a")).isInstanceOf(RedisWriteException.class);

        journal.rolledBackWithoutWaiting();

        assertThat(store.deferred()).as("nothing to undo, nothing queued").isEmpty();
        assertThat(journal.isActive()).isFalse();

        store.failNextUnsent();
        assertThatThrownBy(() -> write(101, "b")).isInstanceOf(RedisWriteException.class);

        assertThat(journal.rolledBack(Set.of())).isEmpty();
        assertThat(store.undos()).isEmpty();
        assertThat(journal.isActive()).isFalse();
    }

    @Test
    void whenTheOwnersCannotBeReadBackTheUndoIsDeferredWithUnknownOwners() {
        write(100, "a");
        store.failNext();
        assertThatThrownBy(() -> write(100, "b")).isInstanceOf(RedisWriteException.class);
        store.failNext();

        assertThat(journal.ownersToDecide()).isEmpty();
        journal.rolledBack(Set.of());

        assertThat(store.readBacks()).hasSize(1);
        assertThat(store.undos()).as("the undo goes straight to the retrier").isEmpty();
        DeferUndo deferred = single(store.deferred());
        assertThat(deferred.tx()).isEqualTo(store.writes().get(0).tx());
        assertSteps(deferred.steps()).containsExactly(t("b"), t("a"));
        assertThat(deferred.committedOwners()).isNull();
        assertThat(deferred.finish()).isTrue();
        assertThat(journal.isActive()).isFalse();
        assertThat(journal.failure()).isNull();
    }

    // ---- rollbacks that cannot reach Redis ------------------------------------------------------------

    @Test
    void aRollbackWhoseUndoFailsIsDeferredWithTheCommittedOwnersAndNeverThrows() {
        write(100, "a", "b");
        store.failNext();

        assertThatCode(() -> journal.rolledBack(Set.of("9"))).doesNotThrowAnyException();

        assertThat(store.undos()).hasSize(1);
        DeferUndo deferred = single(store.deferred());
        assertThat(deferred.tx()).isEqualTo(store.writes().get(0).tx());
        assertSteps(deferred.steps()).containsExactly(t("b"), t("a"));
        assertThat(deferred.committedOwners()).containsExactly("9");
        assertThat(deferred.finish()).isFalse();
        assertThat(journal.isActive()).isFalse();
    }

    @Test
    void aDeferredUndoDropsThePendingRelease() {
        write(100, "a");
        journal.committed();
        store.failNext();
        assertThatThrownBy(() -> write(101, "b")).isInstanceOf(RedisWriteException.class);
        Set<String> owners = journal.ownersToDecide();
        store.failNext();

        journal.rolledBack(owners);

        assertThat(single(store.undos()).release().keys()).containsExactly("a");
        assertThat(single(store.deferred()).finish()).isTrue();
        write(102, "c");
        assertThat(store.writes().get(2).release()).as("a lingering mark is harmless").isEqualTo(OwnershipStore.Release.NONE);
    }

    @Test
    void aDeferredUndoKeepsItsKeysWhileTheJournalMovesOn() {
        write(100, "a", "b");
        store.failNext();
        journal.rolledBack(Set.of());
        List<UndoStep> keptByTheRetrier = single(store.deferred()).stepsAsGiven();

        write(101, "x", "y", "z");
        journal.rolledBack(Set.of());

        assertSteps(keptByTheRetrier).containsExactly(t("b"), t("a"));
    }

    @Test
    void rolledBackWithoutWaitingDefersWithoutCallingUndo() {
        write(100, "a");
        store.failNext();
        assertThatThrownBy(() -> write(100, "b")).isInstanceOf(RedisWriteException.class);

        journal.rolledBackWithoutWaiting();

        assertThat(store.undos()).isEmpty();
        assertThat(store.readBacks()).isEmpty();
        DeferUndo deferred = single(store.deferred());
        assertSteps(deferred.steps()).containsExactly(t("b"), t("a"));
        assertThat(deferred.committedOwners()).isNull();
        assertThat(deferred.finish()).as("the failed write may still arrive").isTrue();
        assertThat(journal.isActive()).isFalse();
        assertThat(journal.failure()).isNull();
    }

    @Test
    void rolledBackWithoutWaitingLeavesNoTombstoneWhenNoWriteIsInDoubt() {
        store.nextWriteTakesOverFrom("5");
        write(100, "a");

        journal.rolledBackWithoutWaiting();

        DeferUndo deferred = single(store.deferred());
        assertThat(deferred.committedOwners()).isNull();
        assertThat(deferred.finish()).isFalse();
        assertThat(store.undos()).isEmpty();
    }

    @Test
    void anUnknownCommitOutcomeInvalidatesEveryKeyWithoutOwners() {
        store.nextWriteTakesOverFrom("5");
        write(100, "a", "b");
        write(100, "c");

        journal.outcomeUnknown();

        Undo undo = single(store.undos());
        assertSteps(undo.steps()).containsExactly(x("c"), x("b"), x("a"));
        assertThat(undo.committedOwners()).isNull();
        assertThat(undo.finish()).isFalse();
        assertThat(journal.isActive()).isFalse();
    }

    @Test
    void anInvalidationThatFailsIsDeferredWithoutOwners() {
        write(100, "a");
        store.failNext();

        assertThatCode(journal::outcomeUnknown).doesNotThrowAnyException();

        DeferUndo deferred = single(store.deferred());
        assertSteps(deferred.steps()).containsExactly(x("a"));
        assertThat(deferred.committedOwners()).isNull();
    }

    // ---- savepoints ---------------------------------------------------------------------------------

    @Test
    void aKeyWrittenBeforeASavepointIsCapturedOnItsFirstWriteAfterIt() {
        write(100, "a", "b");
        journal.savepoint("sp");

        write(100, "c", "a", "a");
        write(100, "a", "c", "b");

        Write first = store.writes().get(1);
        assertThat(first.underSavepoint()).isTrue();
        assertThat(first.capture()).containsExactly(false, true, false);
        Write second = store.writes().get(2);
        assertThat(second.underSavepoint()).isTrue();
        assertThat(second.capture()).as("a is captured already, c is new since the savepoint").containsExactly(false, false, true);
    }

    @Test
    void aWriteIsUnderASavepointOnlyWhileOneIsOpen() {
        journal.savepoint("sp");
        write(100, "a");
        journal.release("sp");
        write(100, "b");

        assertThat(store.writes()).extracting(Write::underSavepoint).containsExactly(true, false);
    }

    @Test
    void rollingBackToASavepointRestoresCapturedImagesAndUndoesKeysNewSinceIt() {
        write(100, "a", "b");
        journal.savepoint("sp");
        BeforeImage imageA = image("a at sp");
        BeforeImage imageB = image("b at sp");
        store.captureReturns("a", imageA);
        store.captureReturns("b", imageB);
        write(100, "c", "a");
        write(100, "d", "b");
        String tx = store.writes().get(0).tx();

        journal.rollbackTo("sp", Set.of("8"));

        Undo undo = single(store.undos());
        assertThat(undo.tx()).isEqualTo(tx);
        assertSteps(undo.steps()).containsExactly(s("b", imageB), s("a", imageA), t("d"), t("c"));
        assertThat(undo.committedOwners()).containsExactly("8");
        assertThat(undo.finish()).isFalse();
        assertThat(journal.isActive()).isTrue();
        assertThat(journal.failure()).isNull();
    }

    @Test
    void theSavepointStaysOpenAfterARollbackToIt() {
        write(100, "a", "b");
        journal.savepoint("sp");
        write(100, "a", "c");
        journal.rollbackTo("sp", Set.of());
        BeforeImage imageA = image("a at sp, again");
        store.captureReturns("a", imageA);

        write(100, "a", "c");
        journal.rollbackTo("sp", Set.of());
        journal.rolledBack(Set.of());

        assertThat(store.writes().get(2).capture()).as("a is captured again, c is new again").containsExactly(true, false);
        assertThat(store.writes().get(2).underSavepoint()).isTrue();
        List<Undo> undos = store.undos();
        assertThat(undos).hasSize(3);
        assertSteps(undos.get(1).steps()).containsExactly(s("a", imageA), t("c"));
        assertSteps(undos.get(2).steps()).as("keys rolled back to the savepoint are not visited again").containsExactly(t("b"), t("a"));
    }

    @Test
    void aRollbackToASavepointThatUndoesNothingSendsNothing() {
        write(100, "a");
        journal.savepoint("sp");

        journal.rollbackTo("sp", Set.of());
        journal.rollbackTo("unknown", Set.of());

        assertThat(store.undos()).isEmpty();
    }

    @Test
    void ownersToDecideForASavepointIsEmptyWhenTheSavepointUndoesNothing() {
        store.nextWriteTakesOverFrom("40");
        write(100, "a");
        journal.savepoint("sp");
        assertThat(journal.ownersToDecide("sp")).as("nothing written since the savepoint").isEmpty();
        assertThat(journal.ownersToDecide("unknown")).isEmpty();

        write(100, "b");
        assertThat(journal.ownersToDecide("sp")).as("a key new since the savepoint").containsExactly("40");

        journal.savepoint("sp2");
        assertThat(journal.ownersToDecide("sp2")).isEmpty();
        write(100, "a");
        assertThat(journal.ownersToDecide("sp2")).as("a captured key").containsExactly("40");
        assertThat(store.readBacks()).isEmpty();
    }

    @Test
    void ownersToDecideForASavepointIsEmptyWhenNoMarkWasTakenOver() {
        write(100, "a");
        journal.savepoint("sp");
        write(100, "a", "b");

        assertThat(journal.ownersToDecide("sp")).isEmpty();
    }

    @Test
    void releasingAnInnerSavepointMergesItsImagesIntoTheEnclosingOne() {
        write(100, "a", "b");
        journal.savepoint("outer");
        write(100, "c");
        journal.savepoint("inner");
        BeforeImage imageA = image("a at inner, the same as at outer");
        BeforeImage imageC = image("c at inner");
        store.captureReturns("a", imageA);
        store.captureReturns("c", imageC);
        write(100, "a", "c", "d");
        assertThat(store.writes().get(2).capture()).containsExactly(true, true, false);

        journal.release("inner");
        journal.rollbackTo("outer", Set.of());

        // c is new since the outer savepoint: its transaction step restores it, the inner image is not needed.
        assertSteps(single(store.undos()).steps()).containsExactly(s("a", imageA), t("d"), t("c"));
    }

    @Test
    void aReleasedSavepointCanNoLongerBeRolledBackTo() {
        write(100, "a");
        journal.savepoint("sp");
        write(100, "b");
        journal.release("sp");

        journal.rollbackTo("sp", Set.of());

        assertThat(store.undos()).isEmpty();
    }

    @Test
    void rollingBackToTheOuterOfNestedSavepointsRestoresTheOutersImageLast() {
        write(100, "a");
        journal.savepoint("outer");
        BeforeImage atOuter = image("a at outer");
        store.captureReturns("a", atOuter);
        write(100, "a");
        journal.savepoint("inner");
        BeforeImage atInner = image("a at inner");
        store.captureReturns("a", atInner);
        write(100, "a", "e");

        journal.rollbackTo("outer", Set.of());

        assertSteps(single(store.undos()).steps()).containsExactly(s("a", atInner), s("a", atOuter), t("e"));
    }

    @Test
    void rollingBackToAnInnerSavepointKeepsTheOutersImages() {
        write(100, "a");
        journal.savepoint("outer");
        BeforeImage atOuter = image("a at outer");
        store.captureReturns("a", atOuter);
        write(100, "a", "b");
        journal.savepoint("inner");
        BeforeImage atInner = image("a at inner");
        store.captureReturns("a", atInner);
        write(100, "a", "c");

        journal.rollbackTo("inner", Set.of());
        journal.rollbackTo("outer", Set.of());

        List<Undo> undos = store.undos();
        assertSteps(undos.get(0).steps()).containsExactly(s("a", atInner), t("c"));
        assertSteps(undos.get(1).steps()).containsExactly(s("a", atOuter), t("b"));
    }

    @Test
    void aSavepointRollbackWhoseUndoFailsDoomsTheTransactionAndRethrows() {
        write(100, "a");
        journal.savepoint("sp");
        write(100, "b");
        RedisWriteException unreachable = store.failNext();

        assertThatThrownBy(() -> journal.rollbackTo("sp", Set.of())).isSameAs(unreachable);

        assertThat(journal.failure()).isSameAs(unreachable);
        assertThat(journal.isActive()).isTrue();
        journal.rolledBack(Set.of());
        assertSteps(store.undos().get(1).steps()).as("the full rollback still visits the keys new since the savepoint")
                .containsExactly(t("b"), t("a"));
    }

    @Test
    void afterALostWriteARollbackToASavepointKeepsItsKeysForTheFinalRollback() {
        write(100, "a");
        journal.savepoint("sp");
        store.failNext();
        assertThatThrownBy(() -> write(100, "b")).isInstanceOf(RedisWriteException.class);

        journal.rollbackTo("sp", Set.of());
        journal.rolledBack(journal.ownersToDecide());

        List<Undo> undos = store.undos();
        assertThat(undos).hasSize(2);
        assertSteps(undos.get(0).steps()).containsExactly(t("b"));
        assertThat(undos.get(0).finish()).isFalse();
        assertThat(single(store.readBacks()).keys()).containsExactly("a", "b");
        assertSteps(undos.get(1).steps()).as("the lost write may land after the savepoint undo").containsExactly(t("b"), t("a"));
        assertThat(undos.get(1).finish()).isTrue();
    }

    /**
     * A write under a savepoint whose reply was lost may have taken over a committed transaction's lingering mark. The
     * savepoint's undo must know that owner (read back from the marks), else undo.lua would take it for uncommitted and
     * restore its older before-image: a value a commit had overwritten.
     */
    @Test
    void afterALostWriteTheSavepointUndoKnowsTheOwnersThatWriteTookOver() {
        write(100, "a");
        journal.savepoint("sp");
        store.failNext();
        assertThatThrownBy(() -> write(100, "b")).isInstanceOf(RedisWriteException.class);
        // In Redis, the lost write did run: b's mark names earlier owner 300, which committed.
        store.ownersReadBackAre("300");

        Set<String> asked = journal.ownersToDecide("sp");
        // PostgreSQL answers that every owner it was asked about committed.
        journal.rollbackTo("sp", asked);

        Set<String> committed = single(store.undos()).committedOwners();
        assertThat(committed == null || committed.contains("300"))
                .as("the savepoint undo either knows that 300 committed or treats the owners as unknown, not %s", committed)
                .isTrue();
    }

    // ---- writes sent without waiting (redis.pipeline=transaction) --------------------------------------------

    /** A journal on a store whose pipeline answers writes only when settled. */
    private static TransactionJournal pipelined(RecordingOwnershipStore store) {
        store.answersLater = true;
        return new TransactionJournal(store, "db-1");
    }

    @Test
    void aSentWritesFailureDoomsTheTransactionWhenSettledAndTheUndoLeavesATombstone() {
        RecordingOwnershipStore store = new RecordingOwnershipStore();
        TransactionJournal journal = pipelined(store);
        journal.send(puts("a"), 100);
        RedisWriteException lost = store.failNext();
        assertThatCode(() -> journal.send(puts("b"), 100)).as("a reply is not read when the write is sent")
                .doesNotThrowAnyException();
        assertThat(journal.failure()).as("not known before the settle").isNull();

        assertThat(journal.settledFailure()).isSameAs(lost);

        store.ownersReadBackAre("300");
        assertThat(journal.ownersToDecide()).as("the owners a lost write took over are read back")
                .containsExactly("300");
        journal.rolledBack(Set.of());
        Undo undo = single(store.undos());
        assertSteps(undo.steps()).containsExactly(t("b"), t("a"));
        assertThat(undo.finish()).isTrue();
    }

    @Test
    void whatSentWritesReportIsReadBeforeASavepointRollbackAndAnUndoUseIt() {
        RecordingOwnershipStore store = new RecordingOwnershipStore();
        TransactionJournal journal = pipelined(store);
        store.nextWriteTakesOverFrom("200");
        journal.send(puts("a"), 100);
        journal.savepoint("s1");
        BeforeImage imageA = image("a at s1");
        store.captureReturns("a", imageA);
        journal.send(puts("a", "b"), 100);
        assertThat(store.settles).as("the savepoint settled the write before it").isEqualTo(1);

        assertThat(journal.ownersToDecide("s1")).containsExactly("200");
        journal.rollbackTo("s1", Set.of("200"));

        Undo undo = single(store.undos());
        assertSteps(undo.steps()).containsExactly(s("a", imageA), t("b"));
        assertThat(store.settles).isEqualTo(2);
    }

    @Test
    void sixtyFourWritesWaitingAreSettledBoundingWhatWaits() {
        RecordingOwnershipStore store = new RecordingOwnershipStore();
        TransactionJournal journal = pipelined(store);
        for (int i = 0; i < SentWrites.MAX_UNSETTLED - 1; i++) {
            journal.send(puts("k" + i), 100);
        }
        assertThat(store.settles).isZero();
        RedisWriteException lost = store.failNext();
        assertThatThrownBy(() -> journal.send(puts("last"), 100)).as("the write that fills the bound settles them all")
                .isSameAs(lost);
        assertThat(store.settles).isEqualTo(1);
        assertThat(journal.failure()).isSameAs(lost);
    }

    @Test
    void aCommitSettlesFirstAndItsMarksRideWithTheNextTransactionsFirstWrite() {
        RecordingOwnershipStore store = new RecordingOwnershipStore();
        TransactionJournal journal = pipelined(store);
        journal.send(puts("a"), 100);
        assertThat(journal.settledFailure()).isNull();
        OwnershipStore.Release release = journal.committed();
        assertThat(release.keys()).containsExactly("a");

        journal.send(puts("b"), 101);
        assertThat(store.writes().get(1).release().keys()).containsExactly("a");
        assertThat(journal.pendingRelease()).isEqualTo(OwnershipStore.Release.NONE);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private void write(long xid, String... keys) {
        journal.write(puts(keys), xid);
    }

    private static List<EntryWrite> puts(String... keys) {
        return Arrays.stream(keys)
                .map(key -> EntryWrite.json(key, ("{\"key\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8), 0))
                .toList();
    }

    private static BeforeImage image(String text) {
        return new BeforeImage(text.getBytes(StandardCharsets.UTF_8), 1234);
    }

    private static <T> T single(List<T> calls) {
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }

    private static AbstractListAssert<?, List<? extends Tuple>, Tuple, ObjectAssert<Tuple>> assertSteps(List<UndoStep> steps) {
        return assertThat(steps).extracting(UndoStep::key, UndoStep::mode, UndoStep::image);
    }

    private static Tuple t(String key) {
        return tuple(key, TRANSACTION, null);
    }

    private static Tuple x(String key) {
        return tuple(key, INVALIDATE, null);
    }

    private static Tuple s(String key, BeforeImage image) {
        return tuple(key, SAVEPOINT, image);
    }
}
