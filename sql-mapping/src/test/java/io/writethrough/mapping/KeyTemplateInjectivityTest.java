package io.writethrough.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property-style check of the escaping rule: random hostile values never render the same key twice, and a
 * decoder written only from the documented rule recovers the values from every key.
 */
class KeyTemplateInjectivityTest {

    private static final int CASES = 20_000;

    private static final String[] PIECES = {
        ":", "{", "}", "%", "%3A", "%25", "\0", "\n", "\r\n", "\t", "\u007F", "-", "x", "y", "z", "a", "b",
        "line", "order", "user", "42", "0", " ", "é", "Zoë", "😀", "\uD83D", "\uDE00", "ключ", "\u0085", "",
    };

    @ParameterizedTest
    @ValueSource(strings = {
        "user:{id}", "order:{order_id}:line:{line_no}", "{a}-{b}", "x{a}y-{b}z", "ключ:{k}", "é{a}😀{b}",
        "{a}:{b}:{c}", "{a}%-{b}", "x{a}%3A:{b}%",
    })
    void distinctValuesNeverShareAKeyAndKeysDecode(String source) {
        List<String> literals = literalsOf(source);
        renderMany(KeyTemplate.parse(source), source.hashCode() * 31L + 7, (key, values) -> {
            assertThat(decode(key, literals)).isEqualTo(values);
            assertThat(new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                    .as("key survives UTF-8").isEqualTo(key);
        });
    }

    /** With a {@code {{column}}} hash tag: still one key per value list, and the tag is exactly the tagged value. */
    @ParameterizedTest
    @ValueSource(strings = {"order:{{order_id}}:line:{line_no}", "{{a}}-{b}", "{a}:{{b}}", "x{{k}}y"})
    void hashTagsKeepKeysDistinctAndTagTheValue(String source) {
        KeyTemplate template = KeyTemplate.parse(source);
        int tagged = template.columns().indexOf(source.substring(source.indexOf("{{") + 2, source.indexOf("}}")));
        renderMany(template, source.hashCode() * 17L + 3, (key, values) -> {
            if (values.stream().noneMatch(KeyTemplateInjectivityTest::hasLoneSurrogate)) {
                // KeyTemplate.decode reads escapes as UTF-8, which a lone surrogate's bytes are not.
                assertThat(template.decode(key)).as("decoded %s", key.replace("\0", "\\0")).isEqualTo(values);
            }
            // Redis hashes the text between the first '{' and the next '}': the tagged value, as escaped.
            int open = key.indexOf('{');
            String tag = key.substring(open + 1, key.indexOf('}', open + 1));
            if (!hasLoneSurrogate(values.get(tagged))) {
                assertThat(PercentEncoding.decode(tag)).as("tag of %s", key.replace("\0", "\\0"))
                        .isEqualTo(values.get(tagged));
            }
            assertThat(tag).doesNotContain("{", "}");
        });
    }

    /**
     * Renders {@value #CASES} random value lists (seeded), asserts that no two render one key, and hands each key and
     * its values to {@code check}.
     */
    private static void renderMany(KeyTemplate template, long seed, BiConsumer<String, List<String>> check) {
        Random random = new Random(seed);
        Map<String, List<String>> seen = new HashMap<>();
        for (int i = 0; i < CASES; i++) {
            List<String> values = new ArrayList<>();
            for (int c = 0; c < template.columns().size(); c++) {
                values.add(randomValue(random, i));
            }
            String key = template.render(values);
            List<String> earlier = seen.putIfAbsent(key, values);
            assertThat(earlier == null || earlier.equals(values))
                    .as("key %s rendered from two value lists", key).isTrue();
            check.accept(key, values);
        }
    }

    private static boolean hasLoneSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String randomValue(Random random, int caseNumber) {
        if (caseNumber % 5000 == 17) {
            StringBuilder longValue = new StringBuilder(100_000);
            while (longValue.length() < 100_000) {
                longValue.append(PIECES[random.nextInt(PIECES.length)]);
            }
            return longValue.toString();
        }
        int pieces = random.nextInt(6);
        StringBuilder value = new StringBuilder();
        for (int p = 0; p < pieces; p++) {
            if (random.nextInt(8) == 0) {
                value.append((char) random.nextInt(0x10000));
            } else {
                value.append(PIECES[random.nextInt(PIECES.length)]);
            }
        }
        return value.toString();
    }

    private static List<String> literalsOf(String source) {
        List<String> literals = new ArrayList<>();
        Matcher placeholder = Pattern.compile("\\{[^{}]+}").matcher(source);
        int start = 0;
        while (placeholder.find()) {
            literals.add(source.substring(start, placeholder.start()));
            start = placeholder.end();
        }
        literals.add(source.substring(start));
        return literals;
    }

    /**
     * Splits at the literals — a value ends where the first escaped character of the next literal (its first
     * character other than a letter, digit or '%', which no escaped value contains) is found, less that character's
     * offset in the literal — then undoes the escapes.
     */
    private static List<String> decode(String key, List<String> literals) {
        assertThat(key).startsWith(literals.get(0));
        String last = literals.get(literals.size() - 1);
        assertThat(key).endsWith(last);
        List<String> values = new ArrayList<>();
        int position = literals.get(0).length();
        for (int i = 1; i < literals.size() - 1; i++) {
            String literal = literals.get(i);
            int offset = 0;
            while (Character.isLetterOrDigit(literal.codePointAt(offset)) || literal.codePointAt(offset) == '%') {
                offset += Character.charCount(literal.codePointAt(offset));
            }
            int end = key.indexOf(literal.codePointAt(offset), position) - offset;
            assertThat(key.startsWith(literal, end)).isTrue();
            values.add(unescape(key.substring(position, end)));
            position = end + literals.get(i).length();
        }
        values.add(unescape(key.substring(position, key.length() - last.length())));
        return values;
    }

    private static String unescape(String escaped) {
        StringBuilder out = new StringBuilder(escaped.length());
        int i = 0;
        while (i < escaped.length()) {
            char c = escaped.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            int lead = Integer.parseInt(escaped.substring(i + 1, i + 3), 16);
            int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
            int codePoint = length == 1 ? lead : lead & (0xFF >> (length + 1));
            for (int b = 1; b < length; b++) {
                assertThat(escaped.charAt(i + 3 * b)).isEqualTo('%');
                codePoint = (codePoint << 6) | (Integer.parseInt(escaped.substring(i + 3 * b + 1, i + 3 * b + 3), 16) & 0x3F);
            }
            out.appendCodePoint(codePoint);
            i += 3 * length;
        }
        return out.toString();
    }
}
