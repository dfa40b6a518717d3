package io.writethrough.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property-style check of {@link KeySpaceCheck} against {@link KeyTemplate#render} itself, over random templates
 * made of a few literal pieces: whenever a pair is refused, the example values really render the example key from
 * both templates (so no refusal is a false alarm); whenever a pair is accepted, no key rendered from one template
 * by any of a few thousand values (every short string over a small alphabet, plus hostile ones) equals a key
 * rendered from the other. The reserved namespace is checked the same way.
 */
class KeySpaceCheckPropertyTest {

    private static final int PAIRS = Integer.getInteger("keyspace.pairs", 1500);
    private static final int TEMPLATES = Integer.getInteger("keyspace.templates", 1500);

    /** Literal pieces: separators, a '%' and escape-like text, a non-ASCII letter and symbol, the reserved word. */
    private static final String[] LITERAL_PIECES = {"a", "b", ":", "-", "%", "%3A", "%C2%B7", "é", "·", "w", "writethrough",
        ":own:"};
    /** Characters of the exhaustively tried values: those of the pieces, one no template uses, and a control. */
    private static final String VALUE_CHARS = "ab:-%é·x\n";
    /** Longer values tried too: the pieces doubled up, escapes spelt out, the reserved prefix. */
    private static final String[] EXTRA_VALUES = {"writethrough", "writethrough:", "writethrough:own", "writethrough:own:",
        "riteth", "rough", "rough:", "%3A", "%25", "%C2%B7", "%0A", "a:b", "a-b", ":-", "-:", "a%b", "é:", "·:",
        ":own:", "b:own:a", "{", "}", "\uD800", "😀"};

    @Test
    void acceptedPairsNeverRenderOneKeyAndRefusedPairsReallyDo() {
        Random random = new Random(Long.getLong("keyspace.seed", 20_261_126L));
        int refused = 0;
        int accepted = 0;
        for (int i = 0; i < PAIRS; i++) {
            KeyTemplate first = randomTemplate(random);
            KeyTemplate second = random.nextInt(10) == 0 ? first : randomTemplate(random);
            Optional<KeySpaceCheck.Witness> witness = KeySpaceCheck.commonKey(first, second);
            String pair = "'" + first + "' and '" + second + "'";
            if (witness.isPresent()) {
                refused++;
                KeySpaceCheck.Witness w = witness.get();
                assertThat(first.render(w.firstValues())).as("first of %s", pair).isEqualTo(w.key());
                assertThat(second.render(w.secondValues())).as("second of %s", pair).isEqualTo(w.key());
                assertThat(KeySpaceCheck.commonKey(second, first)).as("symmetric: %s", pair).isPresent();
            } else {
                accepted++;
                Map<String, List<String>> keys = renderings(first);
                for (List<String> values : tuples(second.columns().size())) {
                    String key = second.render(values);
                    assertThat(keys.get(key)).as("%s were accepted, but %s renders %s from both (second: %s)",
                            pair, keys.get(key), key, values).isNull();
                }
                assertThat(KeySpaceCheck.commonKey(second, first)).as("symmetric: %s", pair).isEmpty();
            }
        }
        System.out.println("key space pairs: refused=" + refused + " accepted=" + accepted);
        assertThat(refused).as("refused pairs tried").isGreaterThan(PAIRS / 10);
        assertThat(accepted).as("accepted pairs tried").isGreaterThan(PAIRS / 10);
    }

    @Test
    void templatesThatCannotRenderAReservedKeyNeverDoAndRefusedOnesReallyDo() {
        Random random = new Random(Long.getLong("keyspace.seed", 20_261_127L));
        int refused = 0;
        int accepted = 0;
        for (int i = 0; i < TEMPLATES; i++) {
            KeyTemplate template = randomTemplate(random);
            Optional<KeySpaceCheck.Witness> witness = KeySpaceCheck.reservedKey(template);
            if (witness.isPresent()) {
                refused++;
                assertThat(template.render(witness.get().firstValues())).as("'%s'", template).isEqualTo(witness.get().key())
                        .startsWith(KeySpaceCheck.RESERVED_PREFIX);
            } else {
                accepted++;
                for (List<String> values : tuples(template.columns().size())) {
                    assertThat(template.render(values)).as("'%s' was accepted but renders a reserved key from %s", template, values)
                            .doesNotStartWith(KeySpaceCheck.RESERVED_PREFIX);
                }
            }
        }
        System.out.println("reserved prefix templates: refused=" + refused + " accepted=" + accepted);
        assertThat(refused).isGreaterThan(TEMPLATES / 10);
        assertThat(accepted).isGreaterThan(TEMPLATES / 10);
    }

    @Test
    void aTemplateNeverRendersOneKeyFromTwoValueLists() {
        // The check compares two templates; one template alone stays injective (KeyTemplate's own guarantee).
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            KeyTemplate template = randomTemplate(random);
            renderings(template);
        }
    }

    /** Every key the template renders from the tried values, each with its values; fails if two lists share a key. */
    private static Map<String, List<String>> renderings(KeyTemplate template) {
        Map<String, List<String>> keys = new HashMap<>();
        for (List<String> values : tuples(template.columns().size())) {
            List<String> earlier = keys.putIfAbsent(template.render(values), values);
            assertThat(earlier == null || earlier.equals(values)).as("'%s' renders one key from %s and %s",
                    template, earlier, values).isTrue();
        }
        return keys;
    }

    private static final Map<Integer, List<List<String>>> TUPLES = new HashMap<>();

    /** All value lists of the given size: with one placeholder, values up to 3 characters; with two, up to 2 (plus the extras). */
    private static List<List<String>> tuples(int size) {
        return TUPLES.computeIfAbsent(size, n -> {
            List<String> values = values(n == 1 ? 3 : 2);
            List<List<String>> out = new ArrayList<>();
            out.add(List.of());
            for (int c = 0; c < n; c++) {
                List<List<String>> longer = new ArrayList<>();
                for (List<String> prefix : out) {
                    for (String value : values) {
                        List<String> list = new ArrayList<>(prefix);
                        list.add(value);
                        longer.add(List.copyOf(list));
                    }
                }
                out = longer;
            }
            return out;
        });
    }

    private static List<String> values(int maxLength) {
        Set<String> values = new LinkedHashSet<>();
        values.add("");
        List<String> previous = List.of("");
        for (int length = 1; length <= maxLength; length++) {
            List<String> next = new ArrayList<>();
            for (String shorter : previous) {
                for (int i = 0; i < VALUE_CHARS.length(); i++) {
                    next.add(shorter + VALUE_CHARS.charAt(i));
                }
            }
            values.addAll(next);
            previous = next;
        }
        values.addAll(List.of(EXTRA_VALUES));
        if (maxLength > 2) {
            for (String a : EXTRA_VALUES) {
                values.add(a + ":");
                values.add(a + "-");
            }
        }
        return List.copyOf(values);
    }

    /** One or two placeholders; short literals of random pieces (the text between placeholders never empty). */
    static KeyTemplate randomTemplate(Random random) {
        while (true) {
            int placeholders = 1 + (random.nextInt(3) == 0 ? 1 : 0);
            StringBuilder source = new StringBuilder();
            for (int i = 0; i <= placeholders; i++) {
                int pieces = random.nextInt(i == 0 || i == placeholders ? 3 : 2) + (i > 0 && i < placeholders ? 1 : 0);
                for (int p = 0; p < pieces; p++) {
                    source.append(LITERAL_PIECES[random.nextInt(LITERAL_PIECES.length)]);
                }
                if (i < placeholders) {
                    source.append('{').append((char) ('k' + i)).append('}');
                }
            }
            try {
                return KeyTemplate.parse(source.toString());
            } catch (IllegalArgumentException invalid) {
                // e.g. placeholders separated only by letters: draw again
            }
        }
    }
}
