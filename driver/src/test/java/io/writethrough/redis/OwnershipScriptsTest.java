package io.writethrough.redis;

import static io.writethrough.redis.OwnershipProtocol.MarkField.BEFORE_PTTL;
import static io.writethrough.redis.OwnershipProtocol.MarkField.BEFORE_VALUE;
import static io.writethrough.redis.OwnershipProtocol.MarkField.EARLIER_BEFORE_ABSENT;
import static io.writethrough.redis.OwnershipProtocol.MarkField.EARLIER_BEFORE_PTTL;
import static io.writethrough.redis.OwnershipProtocol.MarkField.EARLIER_BEFORE_UNDECIDED;
import static io.writethrough.redis.OwnershipProtocol.MarkField.EARLIER_BEFORE_VALUE;
import static io.writethrough.redis.OwnershipProtocol.MarkField.EARLIER_UNDER_SAVEPOINT;
import static io.writethrough.redis.OwnershipProtocol.MarkField.EARLIER_XID;
import static io.writethrough.redis.OwnershipProtocol.MarkField.OWNER_TX;
import static io.writethrough.redis.OwnershipProtocol.MarkField.OWNER_XID;
import static io.writethrough.redis.OwnershipProtocol.MarkField.UNDER_SAVEPOINT;
import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.metrics.DriverMetrics;
import io.writethrough.redis.OwnershipProtocol.MarkField;
import io.writethrough.redis.OwnershipStore.Release;
import io.writethrough.redis.OwnershipStore.WriteResult;
import io.writethrough.testing.PrivateRedisServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/**
 * Each ownership script ({@code write.lua}, {@code undo.lua}, {@code release.lua}, {@code owners.lua}), branch by branch,
 * run through a {@link RedisWriter} against a private {@code redis-server}, and checked by reading Redis with a plain
 * client: marks (by their {@link MarkField} names), entries, their TTLs, tombstones.
 */
class OwnershipScriptsTest {

    private static final String DATABASE = "db-1";

    private static final Release NONE = Release.NONE;

    private static PrivateRedisServer server;
    private static RedisClient plain;
    private static RedisWriter writer;

    @BeforeAll
    static void startRedis() {
        server = PrivateRedisServer.launch();
        writer = RedisWriter.connect(RedisEndpoint.parse(server.url()), 2_000, 4, DriverMetrics.DISABLED);
        plain = RedisClient.create(server.host(), server.port());
    }

    @AfterAll
    static void stopRedis() {
        if (writer != null) {
            writer.close();
        }
        if (plain != null) {
            plain.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void emptyRedis() {
        plain.flushAll();
    }

    // ---- write.lua ----------------------------------------------------------------------------------

    @Test
    void aWriteOnAnAbsentKeyMarksItWithoutABeforeValue() {
        WriteResult result = write("A", 100, hash("k", 0, "name", "ann", "age", "7"));

        assertThat(result.captures()).isEmpty();
        assertThat(result.takenOverFrom()).isEmpty();
        assertThat(markFields("k")).containsExactlyInAnyOrder(f(OWNER_TX), f(OWNER_XID), f(OwnershipProtocol.MarkField.DATABASE));
        assertThat(mark("k", OWNER_TX)).isEqualTo("A");
        assertThat(mark("k", OWNER_XID)).isEqualTo("100");
        assertThat(plain.hgetAll("k")).containsExactlyInAnyOrderEntriesOf(Map.of("name", "ann", "age", "7"));
        assertThat(plain.pttl("k")).as("no TTL asked for").isEqualTo(-1);
    }

    @Test
    void aWriteWithATtlAppliesIt() {
        write("A", 100, hash("h", 60_000, "name", "ann"), json("j", "{\"a\":1}", 30_000));

        assertThat(plain.pttl("h")).isBetween(50_000L, 60_000L);
        assertThat(plain.get("j")).isEqualTo("{\"a\":1}");
        assertThat(plain.pttl("j")).isBetween(20_000L, 30_000L);
        assertThat(markFields("h")).doesNotContain(f(BEFORE_PTTL));
    }

    @Test
    void aWriteOnAPresentKeyKeepsItsValueAndTtlInTheMark() {
        plain.set("k", "old");
        plain.pexpire("k", 50_000);
        byte[] before = plain.dump("k");

        write("A", 100, hash("k", 0, "name", "new"));

        assertThat(markFields("k")).containsExactlyInAnyOrder(f(OWNER_TX), f(OWNER_XID), f(OwnershipProtocol.MarkField.DATABASE), f(BEFORE_VALUE), f(BEFORE_PTTL));
        assertThat(markBytes("k", BEFORE_VALUE)).isEqualTo(before);
        assertThat(Long.parseLong(mark("k", BEFORE_PTTL))).isBetween(40_000L, 50_000L);
        assertThat(plain.type("k")).isEqualTo("hash");
        assertThat(plain.hgetAll("k")).containsExactly(Map.entry("name", "new"));
        assertThat(plain.pttl("k")).as("the old TTL went with the old value").isEqualTo(-1);
    }

    @Test
    void aWriteOnAPresentKeyWithoutTtlKeepsANegativePttl() {
        plain.set("k", "old");

        write("A", 100, json("k", "\"new\"", 0));

        assertThat(Long.parseLong(mark("k", BEFORE_PTTL))).isEqualTo(-1);
    }

    @Test
    void aSecondWriteOfTheSameTransactionKeepsTheMarkAndReplacesTheValue() {
        plain.set("k", "old");
        write("A", 100, hash("k", 0, "a", "1", "b", "2"));
        Map<String, String> firstMark = mark("k");

        WriteResult result = write("A", 100, hash("k", 0, "c", "3"));

        assertThat(result.takenOverFrom()).isEmpty();
        assertThat(mark("k")).as("the before-image is still the committed value").isEqualTo(firstMark);
        assertThat(plain.hgetAll("k")).as("no field of the first write survives").containsExactly(Map.entry("c", "3"));
    }

    @Test
    void aHashOfManyFieldsIsWrittenWhole() {
        List<String> fieldsAndValues = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            fieldsAndValues.add("f" + i);
            fieldsAndValues.add("v" + i);
        }
        plain.hset("k", Map.of("stale", "x"));

        write("A", 100, hash("k", 0, fieldsAndValues.toArray(String[]::new)));

        Map<String, String> entry = plain.hgetAll("k");
        assertThat(entry).hasSize(700).doesNotContainKey("stale");
        assertThat(entry).containsEntry("f0", "v0").containsEntry("f199", "v199").containsEntry("f200", "v200")
                .containsEntry("f699", "v699");
    }

    @Test
    void aWriteOfAKeyAnotherTransactionOwnsTakesTheMarkOverKeepingBothCandidates() {
        plain.set("k", "v0");
        plain.pexpire("k", 50_000);
        byte[] v0 = plain.dump("k");
        write("A", 100, json("k", "\"a\"", 0));
        String v0Pttl = mark("k", BEFORE_PTTL);
        byte[] a = plain.dump("k");

        WriteResult result = write("B", 200, json("k", "\"b\"", 0));

        assertThat(result.takenOverFrom()).containsExactly("100");
        assertThat(markFields("k")).containsExactlyInAnyOrder(f(OWNER_TX), f(OWNER_XID), f(OwnershipProtocol.MarkField.DATABASE), f(BEFORE_VALUE), f(BEFORE_PTTL),
                f(EARLIER_XID), f(EARLIER_BEFORE_VALUE), f(EARLIER_BEFORE_PTTL));
        assertThat(mark("k", OWNER_TX)).isEqualTo("B");
        assertThat(mark("k", OWNER_XID)).isEqualTo("200");
        assertThat(markBytes("k", BEFORE_VALUE)).as("the value found, right if A committed").isEqualTo(a);
        assertThat(mark("k", BEFORE_PTTL)).isEqualTo("-1");
        assertThat(mark("k", EARLIER_XID)).isEqualTo("100");
        assertThat(markBytes("k", EARLIER_BEFORE_VALUE)).as("A's before-image, right if A did not commit").isEqualTo(v0);
        assertThat(mark("k", EARLIER_BEFORE_PTTL)).isEqualTo(v0Pttl);
        assertThat(plain.get("k")).isEqualTo("\"b\"");
    }

    @Test
    void aTakeoverOfAMarkWhoseKeyWasAbsentRecordsTheAbsence() {
        write("A", 100, json("k", "\"a\"", 0));
        byte[] a = plain.dump("k");

        WriteResult result = write("B", 200, json("k", "\"b\"", 0));

        assertThat(result.takenOverFrom()).containsExactly("100");
        assertThat(mark("k", EARLIER_BEFORE_ABSENT)).isEqualTo("1");
        assertThat(markFields("k")).doesNotContain(f(EARLIER_BEFORE_VALUE), f(EARLIER_BEFORE_PTTL), f(EARLIER_BEFORE_UNDECIDED),
                f(EARLIER_UNDER_SAVEPOINT), f(UNDER_SAVEPOINT));
        assertThat(markBytes("k", BEFORE_VALUE)).isEqualTo(a);
        assertThat(mark("k", EARLIER_XID)).isEqualTo("100");
    }

    @Test
    void aTakeoverOfAMarkThatHadItselfTakenOverIsUndecided() {
        plain.set("k", "v0");
        write("A", 100, json("k", "\"a\"", 0));
        write("B", 200, json("k", "\"b\"", 0));

        WriteResult result = write("C", 300, json("k", "\"c\"", 0));

        assertThat(result.takenOverFrom()).containsExactly("200");
        assertThat(mark("k", OWNER_TX)).isEqualTo("C");
        assertThat(mark("k", EARLIER_XID)).isEqualTo("200");
        assertThat(mark("k", EARLIER_BEFORE_UNDECIDED)).isEqualTo("1");
        assertThat(markFields("k")).doesNotContain(f(EARLIER_BEFORE_VALUE), f(EARLIER_BEFORE_PTTL), f(EARLIER_BEFORE_ABSENT));
    }

    @Test
    void aTakeoverOfAMarkWrittenUnderASavepointSaysSo() {
        write("A", 100, true, json("k", "\"a\"", 0));

        write("B", 200, json("k", "\"b\"", 0));

        assertThat(mark("k", EARLIER_UNDER_SAVEPOINT)).isEqualTo("1");
        assertThat(markFields("k")).as("B itself wrote without a savepoint").doesNotContain(f(UNDER_SAVEPOINT));
    }

    // A call of several entries (a multi-row statement, a batch sent together), including a key met twice in one call.

    @Test
    void aCallOfNewKeysMarksEachAndAKeyMetTwiceKeepsOnlyItsLastValue() {
        WriteResult result = write("A", 100, hash("a", 0, "x", "1", "y", "2"), hash("b", 0, "x", "3"),
                hash("a", 0, "z", "4"), json("c", "{}", 0));

        assertThat(result.takenOverFrom()).isEmpty();
        assertThat(plain.hgetAll("a")).as("no field of the first write of a survives").containsExactly(Map.entry("z", "4"));
        assertThat(plain.hgetAll("b")).containsExactly(Map.entry("x", "3"));
        for (String key : List.of("a", "b", "c")) {
            assertThat(markFields(key)).as(key).containsExactlyInAnyOrder(f(OWNER_TX), f(OWNER_XID),
                    f(OwnershipProtocol.MarkField.DATABASE));
        }
    }

    @Test
    void aCallWhoseKeysExistKeepsEachBeforeImageEvenForAKeyMetTwice() {
        plain.set("a", "old a");
        byte[] beforeA = plain.dump("a");

        write("A", 100, hash("a", 0, "x", "1"), hash("b", 0, "x", "2"), hash("a", 0, "x", "3"));

        assertThat(markBytes("a", BEFORE_VALUE)).as("the committed value, not the call's first write").isEqualTo(beforeA);
        assertThat(markFields("b")).doesNotContain(f(BEFORE_VALUE));
        assertThat(plain.hgetAll("a")).containsExactly(Map.entry("x", "3"));
    }

    @Test
    void aCallWithOneMarkedKeyTakesThatMarkOverAndMarksTheOthers() {
        write("A", 100, hash("b", 0, "x", "old"));

        WriteResult result = write("B", 200, hash("a", 0, "x", "1"), hash("b", 0, "x", "2"), hash("c", 0, "x", "3"));

        assertThat(result.takenOverFrom()).containsExactly("100");
        assertThat(mark("b", EARLIER_XID)).isEqualTo("100");
        for (String key : List.of("a", "b", "c")) {
            assertThat(mark(key, OWNER_TX)).as(key).isEqualTo("B");
        }
        assertThat(plain.hgetAll("b")).containsExactly(Map.entry("x", "2"));
    }

    @Test
    void aWriteUnderASavepointSetsTheSavepointFlag() {
        plain.set("k", "old");
        write("A", 100, json("k", "\"1\"", 0));
        Map<String, String> before = mark("k");
        assertThat(before).doesNotContainKey(f(UNDER_SAVEPOINT));

        write("A", 100, true, json("k", "\"2\"", 0), json("n", "\"new\"", 0));

        Map<String, String> expected = new TreeMap<>(before);
        expected.put(f(UNDER_SAVEPOINT), "1");
        assertThat(mark("k")).isEqualTo(expected);
        assertThat(mark("n", UNDER_SAVEPOINT)).isEqualTo("1");
    }

    @Test
    void aCaptureReturnsWhatTheKeyHoldsNowInOrder() {
        write("A", 100, json("k1", "\"one\"", 40_000), EntryWrite.delete("k2"), json("k3", "\"three\"", 0));
        byte[] one = plain.dump("k1");
        byte[] three = plain.dump("k3");

        WriteResult result = writer.write("A", 100, DATABASE, true,
                List.of(json("k1", "\"uno\"", 0), json("k2", "\"dos\"", 0), json("k4", "\"new\"", 0), json("k3", "\"tres\"", 0)),
                new boolean[] {true, true, false, true}, NONE);

        List<BeforeImage> captures = result.captures();
        assertThat(captures).hasSize(3);
        assertThat(captures.get(0).dump()).isEqualTo(one);
        assertThat(captures.get(0).pttlMillis()).isBetween(30_000L, 40_000L);
        assertThat(captures.get(1).absent()).as("k2 was deleted by this transaction").isTrue();
        assertThat(captures.get(2).dump()).isEqualTo(three);
        assertThat(captures.get(2).pttlMillis()).isEqualTo(-1);
        assertThat(plain.get("k1")).isEqualTo("\"uno\"");
    }

    @Test
    void aDeleteRemovesTheKeyAndKeepsItsValueInTheMark() {
        plain.hset("k", Map.of("name", "old"));
        byte[] before = plain.dump("k");

        write("A", 100, EntryWrite.delete("k"));

        assertThat(plain.exists("k")).isFalse();
        assertThat(mark("k", OWNER_TX)).isEqualTo("A");
        assertThat(markBytes("k", BEFORE_VALUE)).isEqualTo(before);
    }

    @Test
    void aWriteOfATransactionWithATombstoneDoesNothing() {
        write("P", 50, json("committed", "\"p\"", 0));
        plain.set(OwnershipProtocol.tombstoneKey("A"), "1");
        Set<String> keysBefore = plain.keys("*");
        Map<String, String> committedMark = mark("committed");

        WriteResult result = writer.write("A", 100, DATABASE, false, List.of(json("k", "\"late\"", 0)), new boolean[] {true},
                new Release("P", List.of("committed")));

        assertThat(result.captures()).isEmpty();
        assertThat(result.takenOverFrom()).isEmpty();
        assertThat(plain.keys("*")).isEqualTo(keysBefore);
        assertThat(mark("committed")).isEqualTo(committedMark);
    }

    @Test
    void theReleaseRidingAlongWithAWriteDropsOnlyMarksStillOwnedByTheCommittedTransaction() {
        write("A", 100, json("k1", "\"a1\"", 0), json("k2", "\"a2\"", 0));
        write("B", 200, json("k2", "\"b2\"", 0));

        writer.write("C", 300, DATABASE, false, List.of(json("k3", "\"c3\"", 0)), new boolean[1], new Release("A", List.of("k1", "k2")));

        assertThat(plain.exists(OwnershipProtocol.markKey("k1"))).isFalse();
        assertThat(mark("k2", OWNER_TX)).as("taken over by B before A's release").isEqualTo("B");
        assertThat(mark("k3", OWNER_TX)).isEqualTo("C");
        assertThat(plain.get("k1")).as("a release leaves the values alone").isEqualTo("\"a1\"");
    }

    @Test
    void aReleaseTooLargeToRideAlongIsSentFirstAndLandsWhole() {
        List<String> keys = keys("r:", OwnershipProtocol.CHUNK + 7);
        writer.write("A", 100, DATABASE, false, keys.stream().map(key -> json(key, "1", 0)).toList(), new boolean[keys.size()], NONE);

        write("B", 200, json("other", "\"b\"", 0), new Release("A", keys));

        assertThat(plain.keys(OwnershipProtocol.markKey("r:*"))).isEmpty();
        assertThat(mark("other", OWNER_TX)).isEqualTo("B");
    }

    // ---- undo.lua -----------------------------------------------------------------------------------

    @Test
    void aTransactionUndoRestoresTheBeforeImageWithItsTtlAndDropsTheMark() {
        plain.hset("k", Map.of("name", "old"));
        plain.pexpire("k", 50_000);
        write("A", 100, json("k", "\"new\"", 0));

        undo("A", Set.of(), t("k"));

        assertThat(plain.hgetAll("k")).containsExactly(Map.entry("name", "old"));
        assertThat(plain.pttl("k")).isBetween(40_000L, 50_000L);
        assertThat(plain.exists(OwnershipProtocol.markKey("k"))).isFalse();
    }

    @Test
    void aTransactionUndoOfAKeyWithoutTtlRestoresItWithoutTtl() {
        plain.set("k", "old");
        write("A", 100, json("k", "\"new\"", 60_000));

        undo("A", Set.of(), t("k"));

        assertThat(plain.get("k")).isEqualTo("old");
        assertThat(plain.pttl("k")).isEqualTo(-1);
    }

    @Test
    void aTransactionUndoDeletesAKeyThatWasAbsent() {
        write("A", 100, hash("k", 0, "name", "new"));

        undo("A", Set.of(), t("k"));

        assertThat(plain.exists("k")).isFalse();
        assertThat(plain.exists(OwnershipProtocol.markKey("k"))).isFalse();
    }

    @Test
    void anUndoOfATakenOverKeyWhoseEarlierOwnerCommittedRestoresTheValueFound() {
        takeOver(false);

        undo("B", Set.of("100"), t("k"));

        assertThat(plain.get("k")).isEqualTo("\"a\"");
        assertThat(plain.pttl("k")).isEqualTo(-1);
        assertThat(plain.exists(OwnershipProtocol.markKey("k"))).isFalse();
    }

    @Test
    void anUndoOfATakenOverKeyWhoseEarlierOwnerCommittedUnderASavepointDeletes() {
        takeOver(true);

        undo("B", Set.of("100"), t("k"));

        assertThat(plain.exists("k")).as("a savepoint of A may have undone the value found").isFalse();
        assertThat(plain.exists(OwnershipProtocol.markKey("k"))).isFalse();
    }

    @Test
    void anUndoOfATakenOverKeyWhoseEarlierOwnerDidNotCommitRestoresTheEarlierBeforeImage() {
        takeOver(false);

        undo("B", Set.of("999"), t("k"));

        assertThat(plain.get("k")).isEqualTo("v0");
        assertThat(plain.pttl("k")).as("with the earlier before-image's TTL").isBetween(40_000L, 50_000L);
        assertThat(plain.exists(OwnershipProtocol.markKey("k"))).isFalse();
    }

    @Test
    void anUndoOfATakenOverKeyWhoseEarlierOwnersFateIsUnknownDeletes() {
        takeOver(false);

        undo("B", null, t("k"));

        assertThat(plain.exists("k")).isFalse();
        assertThat(plain.exists(OwnershipProtocol.markKey("k"))).isFalse();
    }

    @Test
    void anUndoOfATakenOverKeyThatWasAbsentBeforeTheEarlierOwnerDeletesUnlessItCommitted() {
        write("A", 100, json("k", "\"a\"", 0));
        write("B", 200, json("k", "\"b\"", 0));
        write("A2", 101, json("k2", "\"a\"", 0));
        write("B2", 201, json("k2", "\"b\"", 0));

        undo("B", Set.of(), t("k"));
        undo("B2", Set.of("101"), t("k2"));

        assertThat(plain.exists("k")).isFalse();
        assertThat(plain.get("k2")).isEqualTo("\"a\"");
    }

    @Test
    void anUndoOfATakenOverKeyWhoseEarlierImageIsUndecidedDeletes() {
        plain.set("k", "v0");
        write("A", 100, json("k", "\"a\"", 0));
        write("B", 200, json("k", "\"b\"", 0));
        write("C", 300, json("k", "\"c\"", 0));

        undo("C", Set.of(), t("k"));

        assertThat(plain.exists("k")).isFalse();
        assertThat(plain.exists(OwnershipProtocol.markKey("k"))).isFalse();
    }

    @Test
    void aSavepointUndoRestoresTheGivenImageAndKeepsTheMark() {
        write("A", 100, json("k", "\"at savepoint\"", 30_000));
        WriteResult captured = writer.write("A", 100, DATABASE, true, List.of(json("k", "\"after\"", 0)), new boolean[] {true}, NONE);
        BeforeImage atSavepoint = captured.captures().get(0);
        Map<String, String> markBefore = mark("k");

        undo("A", Set.of(), UndoStep.savepoint("k", atSavepoint));

        assertThat(plain.get("k")).isEqualTo("\"at savepoint\"");
        assertThat(plain.pttl("k")).isBetween(20_000L, 30_000L);
        assertThat(mark("k")).as("the transaction still owns the key").isEqualTo(markBefore);
    }

    @Test
    void aSavepointUndoOfAnAbsentImageDeletesTheKeyAndKeepsTheMark() {
        write("A", 100, true, json("k", "\"new\"", 0));

        undo("A", Set.of(), UndoStep.savepoint("k", BeforeImage.ABSENT));

        assertThat(plain.exists("k")).isFalse();
        assertThat(mark("k", OWNER_TX)).isEqualTo("A");
    }

    @Test
    void anInvalidationDeletesTheKeyAndTheMark() {
        plain.set("k", "old");
        write("A", 100, json("k", "\"new\"", 0));

        undo("A", Set.of(), new UndoStep("k", UndoStep.Mode.INVALIDATE, null));

        assertThat(plain.exists("k")).as("not restored: either value may be wrong").isFalse();
        assertThat(plain.exists(OwnershipProtocol.markKey("k"))).isFalse();
    }

    @Test
    void anUndoLeavesAKeyAnotherTransactionOwnsAlone() {
        plain.set("k", "old");
        write("A", 100, json("k", "\"a\"", 0));
        write("B", 200, json("k", "\"b\"", 0));
        Map<String, String> markOfB = mark("k");
        BeforeImage image = new BeforeImage(plain.dump("k"), -1);

        undo("A", Set.of("100"), t("k"));
        undo("A", null, UndoStep.savepoint("k", BeforeImage.ABSENT), UndoStep.savepoint("k", image));
        undo("A", null, new UndoStep("k", UndoStep.Mode.INVALIDATE, null));

        assertThat(plain.get("k")).isEqualTo("\"b\"");
        assertThat(mark("k")).isEqualTo(markOfB);
    }

    @Test
    void anUndoOfAKeyTheTransactionNeverWroteDoesNothing() {
        plain.set("k", "committed");

        undo("A", null, t("k"), new UndoStep("k", UndoStep.Mode.INVALIDATE, null));

        assertThat(plain.get("k")).isEqualTo("committed");
        assertThat(plain.exists(OwnershipProtocol.markKey("k"))).isFalse();
    }

    @Test
    void aFinishingUndoLeavesATombstoneForAnHour() {
        write("A", 100, json("k", "\"a\"", 0));

        writer.undo("A", List.of(t("k")), NONE, Set.of(), true);

        assertThat(plain.exists(OwnershipProtocol.tombstoneKey("A"))).isTrue();
        assertThat(plain.ttl(OwnershipProtocol.tombstoneKey("A"))).isBetween(OwnershipProtocol.TOMBSTONE_TTL_SECONDS - 60L,
                (long) OwnershipProtocol.TOMBSTONE_TTL_SECONDS);
        // The write whose reply was lost arrives late: it does nothing.
        write("A", 100, json("k", "\"late\"", 0));
        assertThat(plain.exists("k")).isFalse();
        assertThat(plain.exists(OwnershipProtocol.markKey("k"))).isFalse();
    }

    @Test
    void anUndoThatDoesNotFinishLeavesNoTombstone() {
        write("A", 100, json("k", "\"a\"", 0));

        undo("A", Set.of(), t("k"));

        assertThat(plain.exists(OwnershipProtocol.tombstoneKey("A"))).isFalse();
    }

    @Test
    void theReleaseRidingAlongWithAnUndoDropsTheCommittedTransactionsMarks() {
        write("A", 100, json("k1", "\"a\"", 0));
        write("B", 200, json("k2", "\"b\"", 0));

        writer.undo("B", List.of(t("k2")), new Release("A", List.of("k1")), Set.of(), false);

        assertThat(plain.exists(OwnershipProtocol.markKey("k1"))).isFalse();
        assertThat(plain.get("k1")).isEqualTo("\"a\"");
        assertThat(plain.exists("k2")).isFalse();
    }

    // ---- release.lua and owners.lua ---------------------------------------------------------------------

    @Test
    void aReleaseDropsOnlyTheMarksOfThatTransaction() {
        write("A", 100, json("k1", "\"a\"", 0), json("k2", "\"a\"", 0), json("k3", "\"a\"", 0));
        write("B", 200, json("k2", "\"b\"", 0), json("k4", "\"b\"", 0));

        writer.release(new Release("A", List.of("k1", "k2", "k3", "k4", "never-written")));

        assertThat(plain.exists(OwnershipProtocol.markKey("k1"))).isFalse();
        assertThat(plain.exists(OwnershipProtocol.markKey("k3"))).isFalse();
        assertThat(mark("k2", OWNER_TX)).isEqualTo("B");
        assertThat(mark("k4", OWNER_TX)).isEqualTo("B");
        assertThat(plain.mget("k1", "k2", "k3", "k4")).containsExactly("\"a\"", "\"b\"", "\"a\"", "\"b\"");
    }

    @Test
    void aReleaseOfMoreThanAChunkOfKeysDropsEveryMark() {
        List<String> keys = keys("r:", OwnershipProtocol.CHUNK * 2 + 3);
        writer.write("A", 100, DATABASE, false, keys.stream().map(key -> json(key, "1", 0)).toList(), new boolean[keys.size()], NONE);
        assertThat(plain.keys(OwnershipProtocol.markKey("r:*"))).hasSize(keys.size());

        writer.release(new Release("A", keys));

        assertThat(plain.keys(OwnershipProtocol.markKey("r:*"))).isEmpty();
        assertThat(plain.keys("r:*")).hasSize(keys.size());
    }

    @Test
    void theOwnersReadBackAreTheDistinctEarlierOwnersOfTheMarksTheTransactionOwns() {
        write("P", 300, json("k1", "\"p\"", 0), json("k3", "\"p\"", 0));
        write("Q", 400, json("k2", "\"q\"", 0));
        write("S", 500, json("k5", "\"s\"", 0));
        write("A", 100, json("k1", "\"a\"", 0), json("k2", "\"a\"", 0), json("k3", "\"a\"", 0), json("k4", "\"a\"", 0));
        write("B", 200, json("k5", "\"b\"", 0));

        List<String> owners = writer.takenOverFrom("A", List.of("k1", "k2", "k3", "k4", "k5", "missing"));

        assertThat(owners).containsExactlyInAnyOrder("300", "400");
        assertThat(writer.takenOverFrom("C", List.of("k1", "k2"))).isEmpty();
    }

    @Test
    void theOwnersAreReadBackOverMoreThanAChunkOfKeys() {
        List<String> keys = keys("o:", OwnershipProtocol.CHUNK + 11);
        write("P", 10, json(keys.get(0), "\"p\"", 0));
        write("Q", 20, json(keys.get(keys.size() - 1), "\"q\"", 0));
        WriteResult result = writer.write("A", 100, DATABASE, false, keys.stream().map(key -> json(key, "1", 0)).toList(),
                new boolean[keys.size()], NONE);
        assertThat(result.takenOverFrom()).as("takeovers reported by both chunks").containsExactly("10", "20");

        assertThat(writer.takenOverFrom("A", keys)).containsExactlyInAnyOrder("10", "20");
    }

    // ---- large statements ------------------------------------------------------------------------------

    @Test
    void aLargeWriteGoesInPipelinedChunksAndEveryEntryLands() {
        int n = 12_000;
        List<String> keys = keys("big:", n);
        // Captures and takeovers in different chunks come back in order.
        int[] captured = {1, OwnershipProtocol.CHUNK + 1, n - 1};
        for (int i : captured) {
            plain.set(keys.get(i), "before " + i);
        }
        write("P", 10, json(keys.get(2), "\"p\"", 0));
        write("Q", 20, json(keys.get(2 * OwnershipProtocol.CHUNK + 2), "\"q\"", 0));
        List<byte[]> dumps = Arrays.stream(captured).mapToObj(i -> plain.dump(keys.get(i))).toList();
        List<EntryWrite> writes = new ArrayList<>(n);
        boolean[] capture = new boolean[n];
        for (int i = 0; i < n; i++) {
            writes.add(hash(keys.get(i), 60_000, "n", Integer.toString(i)));
        }
        for (int i : captured) {
            capture[i] = true;
        }
        // The server does not know the scripts yet: every chunk of the pipeline is answered NOSCRIPT and run again.
        plain.scriptFlush();

        WriteResult result = writer.write("A", 100, DATABASE, false, writes, capture, NONE);

        assertThat(result.captures()).extracting(BeforeImage::dump).containsExactlyElementsOf(dumps);
        assertThat(result.takenOverFrom()).containsExactly("10", "20");
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> owners = new LinkedHashMap<>();
        try (AbstractPipeline pipeline = plain.pipelined()) {
            List<Response<String>> valueResponses = keys.stream().map(key -> pipeline.hget(key, "n")).toList();
            List<Response<String>> ownerResponses = keys.stream()
                    .map(key -> pipeline.hget(OwnershipProtocol.markKey(key), f(OWNER_TX))).toList();
            pipeline.sync();
            for (int i = 0; i < n; i++) {
                values.put(keys.get(i), valueResponses.get(i).get());
                owners.put(keys.get(i), ownerResponses.get(i).get());
            }
        }
        for (int i = 0; i < n; i++) {
            assertThat(values.get(keys.get(i))).as(keys.get(i)).isEqualTo(Integer.toString(i));
            assertThat(owners.get(keys.get(i))).as("owner of %s", keys.get(i)).isEqualTo("A");
        }
        assertThat(plain.pttl(keys.get(n - 1))).isBetween(50_000L, 60_000L);
    }

    @Test
    void aLargeUndoGoesInChunksAndLeavesTheTombstone() {
        int n = 12_000;
        List<String> keys = keys("big:", n);
        plain.set(keys.get(0), "old 0");
        plain.set(keys.get(n - 1), "old last");
        writer.write("A", 100, DATABASE, false, keys.stream().map(key -> json(key, "\"new\"", 0)).toList(), new boolean[n], NONE);
        List<UndoStep> steps = new ArrayList<>(n);
        for (int i = n - 1; i >= 0; i--) {
            steps.add(t(keys.get(i)));
        }

        writer.undo("A", steps, NONE, Set.of(), true);

        assertThat(plain.keys("big:*")).containsExactlyInAnyOrder(keys.get(0), keys.get(n - 1));
        assertThat(plain.mget(keys.get(0), keys.get(n - 1))).containsExactly("old 0", "old last");
        assertThat(plain.keys(OwnershipProtocol.markKey("big:*"))).isEmpty();
        assertThat(plain.exists(OwnershipProtocol.tombstoneKey("A"))).isTrue();
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** k held "v0" (TTL 50 s), A (xid 100) wrote "a" (under a savepoint if asked), then B (xid 200) took k over. */
    private static void takeOver(boolean aUnderSavepoint) {
        plain.set("k", "v0");
        plain.pexpire("k", 50_000);
        write("A", 100, aUnderSavepoint, json("k", "\"a\"", 0));
        write("B", 200, json("k", "\"b\"", 0));
        assertThat(mark("k", EARLIER_XID)).isEqualTo("100");
    }

    private static WriteResult write(String tx, long xid, EntryWrite... writes) {
        return write(tx, xid, false, writes);
    }

    private static WriteResult write(String tx, long xid, boolean underSavepoint, EntryWrite... writes) {
        return writer.write(tx, xid, DATABASE, underSavepoint, List.of(writes), new boolean[writes.length], NONE);
    }

    private static WriteResult write(String tx, long xid, EntryWrite only, Release release) {
        return writer.write(tx, xid, DATABASE, false, List.of(only), new boolean[1], release);
    }

    private static void undo(String tx, Collection<String> committedOwners, UndoStep... steps) {
        writer.undo(tx, List.of(steps), NONE, committedOwners, false);
    }

    private static UndoStep t(String key) {
        return new UndoStep(key, UndoStep.Mode.TRANSACTION, null);
    }

    private static EntryWrite hash(String key, long ttlMillis, String... fieldsAndValues) {
        return EntryWrite.hash(key, Arrays.stream(fieldsAndValues).map(OwnershipScriptsTest::utf8).toList(), ttlMillis);
    }

    private static EntryWrite json(String key, String document, long ttlMillis) {
        return EntryWrite.json(key, utf8(document), ttlMillis);
    }

    private static List<String> keys(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    private static String f(MarkField field) {
        return field.field();
    }

    /** The mark's fields, values decoded byte for byte (ISO-8859-1), so that binary values compare exactly. */
    private static Map<String, String> mark(String key) {
        Map<String, String> fields = new TreeMap<>();
        plain.hgetAll(utf8(OwnershipProtocol.markKey(key)))
                .forEach((field, value) -> fields.put(new String(field, StandardCharsets.UTF_8), new String(value, StandardCharsets.ISO_8859_1)));
        return fields;
    }

    private static String mark(String key, MarkField field) {
        return plain.hget(OwnershipProtocol.markKey(key), field.field());
    }

    private static byte[] markBytes(String key, MarkField field) {
        return plain.hget(utf8(OwnershipProtocol.markKey(key)), utf8(field.field()));
    }

    private static Set<String> markFields(String key) {
        return plain.hkeys(OwnershipProtocol.markKey(key));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
