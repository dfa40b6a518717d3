package io.writethrough.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeySetTest {

    @Test
    void keepsInsertionOrderAndIgnoresDuplicates() {
        KeySet keys = new KeySet();
        assertThat(keys.add("b")).isTrue();
        assertThat(keys.add("a")).isTrue();
        assertThat(keys.add("b")).isFalse();
        assertThat(keys.add("c")).isTrue();

        assertThat(keys.asList()).containsExactly("b", "a", "c");
        assertThat(keys.indexOf("a")).isEqualTo(1);
        assertThat(keys.indexOf("z")).isEqualTo(-1);
        assertThat(keys.contains("c")).isTrue();
        assertThat(keys.size()).isEqualTo(3);
    }

    @Test
    void growsPastManyChunksAndTableSizesLikeALinkedHashSet() {
        KeySet keys = new KeySet();
        LinkedHashSet<String> expected = new LinkedHashSet<>();
        Random random = new Random(6);
        for (int i = 0; i < 200_000; i++) {
            String key = "user:" + random.nextInt(150_000);
            assertThat(keys.add(key)).as("add %s", key).isEqualTo(expected.add(key));
        }
        assertThat(keys.size()).isEqualTo(expected.size());
        assertThat(keys.asList()).containsExactlyElementsOf(expected);
        for (String key : expected) {
            assertThat(keys.contains(key)).isTrue();
        }
        assertThat(keys.contains("user:150000")).isFalse();
    }

    @Test
    void storesKeysOfAnyLengthAndAlphabetExactly() {
        KeySet keys = new KeySet();
        List<String> added = List.of("", "Zoë:ключ:鍵:😀", "x".repeat(200_000), "k\u0000\n{}%", "x".repeat(199_999));
        added.forEach(keys::add);

        assertThat(keys.asList()).containsExactlyElementsOf(added);
        assertThat(keys.add("x".repeat(200_000))).isFalse();
        assertThat(keys.indexOf("Zoë:ключ:鍵:😀")).isEqualTo(1);
    }

    @Test
    void truncateForgetsTheNewestKeysAndKeepsTheRestFindable() {
        KeySet keys = new KeySet();
        for (int i = 0; i < 10_000; i++) {
            keys.add("k" + i);
        }
        keys.truncate(4_000);

        assertThat(keys.size()).isEqualTo(4_000);
        assertThat(keys.get(3_999)).isEqualTo("k3999");
        for (int i = 0; i < 10_000; i++) {
            assertThat(keys.indexOf("k" + i)).as("k%d", i).isEqualTo(i < 4_000 ? i : -1);
        }
        assertThat(keys.add("k5000")).isTrue();
        assertThat(keys.indexOf("k5000")).isEqualTo(4_000);
        assertThat(keys.add("k10")).isFalse();
    }

    @Test
    void truncateInterleavedWithAddsMatchesAList() {
        KeySet keys = new KeySet();
        List<String> expected = new ArrayList<>();
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            for (int i = random.nextInt(20); i > 0; i--) {
                String key = Integer.toString(random.nextInt(500), 36);
                if (!expected.contains(key)) {
                    expected.add(key);
                }
                keys.add(key);
            }
            int keep = expected.isEmpty() ? 0 : random.nextInt(expected.size() + 1);
            if (random.nextInt(3) == 0) {
                keys.truncate(keep);
                expected.subList(keep, expected.size()).clear();
            }
            assertThat(keys.asList()).containsExactlyElementsOf(expected);
        }
        for (int i = 0; i < 500; i++) {
            String key = Integer.toString(i, 36);
            assertThat(keys.indexOf(key)).as(key).isEqualTo(expected.indexOf(key));
        }
    }

    @Test
    void truncateToNothingEmptiesTheSet() {
        KeySet keys = new KeySet();
        keys.add("a");
        keys.add("b");
        keys.truncate(0);

        assertThat(keys.isEmpty()).isTrue();
        assertThat(keys.contains("a")).isFalse();
        assertThat(keys.add("b")).isTrue();
        assertThat(keys.asList()).containsExactly("b");
    }

    @Test
    void refusesPositionsOutsideTheSet() {
        KeySet keys = new KeySet();
        keys.add("a");

        assertThatThrownBy(() -> keys.get(1)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("size 1");
        assertThatThrownBy(() -> keys.truncate(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
