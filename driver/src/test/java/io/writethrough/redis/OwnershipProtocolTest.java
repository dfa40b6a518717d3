package io.writethrough.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Lua scripts and {@link OwnershipProtocol} speak one vocabulary: every named local of a script that stands for a
 * mark field holds that field's name, the tombstone lifetime matches, and no script spells a key of its own (every
 * key it touches comes from {@code KEYS}).
 */
class OwnershipProtocolTest {

    private static final Pattern LOCAL = Pattern.compile("^local ([A-Z_]+) = '?([^'\\s]+)'?$", Pattern.MULTILINE);

    @ParameterizedTest
    @ValueSource(strings = {"write.lua", "undo.lua", "release.lua", "owners.lua"})
    void everyNamedFieldOfAScriptIsTheProtocolsField(String script) throws IOException {
        Map<String, String> locals = namedLocals(source(script));
        assertThat(locals).as("named locals of %s", script).isNotEmpty();
        for (Map.Entry<String, String> local : locals.entrySet()) {
            if (local.getKey().equals("TOMBSTONE_TTL_SECONDS")) {
                assertThat(local.getValue()).isEqualTo(Integer.toString(OwnershipProtocol.TOMBSTONE_TTL_SECONDS));
                continue;
            }
            OwnershipProtocol.MarkField field = OwnershipProtocol.MarkField.valueOf(local.getKey());
            assertThat(local.getValue()).as("%s in %s", local.getKey(), script).isEqualTo(field.field());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"write.lua", "undo.lua", "release.lua", "owners.lua", "fill.lua", "entry.lua"})
    void scriptsSpellNoKeyOfTheirOwn(String script) throws IOException {
        String code = withoutComments(source(script));
        assertThat(code).doesNotContain("writethrough:");
        // Every redis.call names its key through KEYS or a local taken from KEYS, never a concatenation.
        assertThat(code).doesNotContain("..");
    }

    @Test
    void markFieldsAreDistinct() {
        List<String> names = Arrays.stream(OwnershipProtocol.MarkField.values()).map(OwnershipProtocol.MarkField::field).toList();
        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void theWriteAndUndoCallsDeclareTheTombstoneAsTheirFirstKeyAndAnUndoItsRefillSetAsItsLast() {
        List<EntryWrite> writes = List.of(EntryWrite.delete("k1"), EntryWrite.json("k2", "{}".getBytes(StandardCharsets.UTF_8), 0));
        LuaScript.Call write = OwnershipProtocol.write(KeyLayout.STANDALONE, 0, "p:1", 42, "db7", false, new OwnershipStore.Release("p:0", List.of("old")),
                writes, new boolean[] {false, true}, 0);
        assertThat(text(write.keys())).containsExactly("writethrough:done:p:1", "writethrough:own:old", "k1",
                "writethrough:own:k1", "k2", "writethrough:own:k2");
        assertThat(text(write.args()).subList(0, 6)).containsExactly("p:1", "42", "db7", "0", "p:0", "1");

        LuaScript.Call undo = OwnershipProtocol.undo(KeyLayout.STANDALONE, 0, "p:1", true, OwnershipStore.Release.NONE, null,
                List.of(new UndoStep("k1", UndoStep.Mode.TRANSACTION, null)));
        assertThat(text(undo.keys())).containsExactly("writethrough:done:p:1", "k1", "writethrough:own:k1",
                "writethrough:refill");
        assertThat(text(undo.args())).containsExactly("p:1", "1", "", "0", "-1", "T", "", "-1");
    }

    @Test
    void onAClusterEveryKeyOfAScriptLivesInTheEntrysSlot() {
        for (String key : List.of("user:1", "order:{17}:line:3", "a}b{c", "{}x", "x{", "ünï:{çødé}", "")) {
            int slot = KeySlots.of(key);
            List<EntryWrite> writes = List.of(EntryWrite.delete(key));
            LuaScript.Call write = OwnershipProtocol.write(KeyLayout.CLUSTER, slot, "p:1", 42, "db7", false,
                    OwnershipStore.Release.NONE, writes, new boolean[] {false}, 0);
            assertThat(write.keys()).as(key).allSatisfy(k -> assertThat(KeySlots.of(k)).isEqualTo(slot));
            LuaScript.Call undo = OwnershipProtocol.undo(KeyLayout.CLUSTER, slot, "p:1", true, OwnershipStore.Release.NONE,
                    null, List.of(new UndoStep(key, UndoStep.Mode.INVALIDATE, null)));
            assertThat(undo.keys()).as(key).allSatisfy(k -> assertThat(KeySlots.of(k)).isEqualTo(slot));
            assertThat(KeyLayout.CLUSTER.refillSetOf(key)).startsWith(OwnershipProtocol.REFILL_PREFIX + ":{");
            String mark = KeyLayout.CLUSTER.markKey(key);
            assertThat(mark).startsWith(OwnershipProtocol.MARK_PREFIX + "{").endsWith("}" + key);
            assertThat(KeyLayout.CLUSTER.keyOfMark(mark)).isEqualTo(key);
            assertThat(KeyLayout.STANDALONE.keyOfMark(KeyLayout.STANDALONE.markKey(key))).isEqualTo(key);
        }
        // Related entries that share a user's hash tag share a slot, marks included.
        assertThat(KeySlots.of(KeyLayout.CLUSTER.markKey("order:{17}:line:1")))
                .isEqualTo(KeySlots.of("order:{17}:line:2")).isEqualTo(KeySlots.of("17"));
    }

    @Test
    void everySlotHasATagOfAtMostFourLettersOrDigits() {
        for (int slot = 0; slot < KeySlots.COUNT; slot++) {
            String tag = KeySlots.tag(slot);
            assertThat(tag).matches("[0-9a-z]{1,4}");
            assertThat(KeySlots.of("{" + tag + "}anything")).isEqualTo(slot);
        }
    }

    @Test
    void marksTombstonesAndRefillSetsLiveUnderTheReservedPrefix() {
        assertThat(OwnershipProtocol.markKey("user:1")).isEqualTo("writethrough:own:user:1").startsWith(OwnershipProtocol.RESERVED_PREFIX);
        assertThat(OwnershipProtocol.tombstoneKey("ab:1")).isEqualTo("writethrough:done:ab:1").startsWith(OwnershipProtocol.RESERVED_PREFIX);
        assertThat(KeyLayout.STANDALONE.refillSetOf("user:1")).isEqualTo("writethrough:refill")
                .startsWith(OwnershipProtocol.RESERVED_PREFIX);
    }

    private static List<String> text(List<byte[]> values) {
        return values.stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }

    static Map<String, String> namedLocals(String source) {
        Map<String, String> locals = new LinkedHashMap<>();
        Matcher m = LOCAL.matcher(source);
        while (m.find()) {
            locals.put(m.group(1), m.group(2));
        }
        return locals;
    }

    private static String withoutComments(String source) {
        return source.lines().filter(line -> !line.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n");
    }

    static String source(String script) throws IOException {
        try (InputStream in = OwnershipProtocol.class.getResourceAsStream(script)) {
            assertThat(in).as(script).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
