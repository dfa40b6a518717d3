package io.writethrough.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A key decodes to the values it was rendered from, and a key the template cannot render decodes to nothing. */
class KeyTemplateDecodeTest {

    private static final String ALPHABET = "ab1:_-%{}.|/Zé\u00e9\n\t😀 ";

    @Test
    void decodingInvertsRendering() {
        Random random = new Random(20261204);
        for (String source : List.of("user:{id}", "order:{order_id}:line:{line_no}", "{a}|{b}", "x{a}-/-{b}.end", "{k}",
                "p:{a}·{b}", "t:{a}:{b}:{c}")) {
            KeyTemplate template = KeyTemplate.parse(source);
            for (int n = 0; n < 5_000; n++) {
                List<String> values = new ArrayList<>();
                for (int c = 0; c < template.columns().size(); c++) {
                    values.add(randomValue(random));
                }
                String key = template.render(values);
                assertThat(template.decode(key)).as("%s rendered %s", source, key).isEqualTo(values);
            }
        }
    }

    @Test
    void keysTheTemplateCannotRenderDecodeToNull() {
        KeyTemplate template = KeyTemplate.parse("order:{order_id}:line:{line_no}");
        assertThat(template.decode("user:1")).isNull();
        assertThat(template.decode("order:1:line")).isNull();
        assertThat(template.decode("order:1:2:line:3")).isNull();
        assertThat(template.decode("order:1%3:line:3")).isNull();
        assertThat(template.decode("order:1:line:3")).containsExactly("1", "3");
        assertThat(KeyTemplate.parse("user:{id}").decode("user:")).containsExactly("");
    }

    private static String randomValue(Random random) {
        int length = random.nextInt(6);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
        }
        return s.toString();
    }
}
