package io.writethrough.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyTemplateTest {

    @Test
    void parsesColumnsAndPrefix() {
        KeyTemplate template = KeyTemplate.parse("order:{order_id}:line:{line_no}");

        assertThat(template.columns()).containsExactly("order_id", "line_no");
        assertThat(template.literalPrefix()).isEqualTo("order:");
        assertThat(template.source()).isEqualTo("order:{order_id}:line:{line_no}");
        assertThat(template).hasToString("order:{order_id}:line:{line_no}");
    }

    @Test
    void doubledBracesMakeAHashTagOfTheValue() {
        KeyTemplate template = KeyTemplate.parse("order:{{order_id}}:line:{line_no}");

        assertThat(template.columns()).containsExactly("order_id", "line_no");
        assertThat(template.literalPrefix()).isEqualTo("order:{");
        assertThat(template.render(List.of("17", "3"))).isEqualTo("order:{17}:line:3");
        // A value's braces are escaped, so the tag is exactly the value, and keys still decode to one value list.
        assertThat(template.render(List.of("1}x{", "3"))).isEqualTo("order:{1%7Dx%7B}:line:3");
        assertThat(template.decode("order:{1%7Dx%7B}:line:3")).containsExactly("1}x{", "3");
        assertThat(template.decode("order:{17}:line:3")).containsExactly("17", "3");
        assertThat(KeyTemplate.parse("{{a}}{b}").render(List.of("x", "y"))).isEqualTo("{x}y");
        assertThat(KeyTemplate.parse("{a}{{b}}").decode("x{y}")).containsExactly("x", "y");
    }

    @Test
    void rejectsBadHashTags() {
        assertThatThrownBy(() -> KeyTemplate.parse("o:{{a}}:{{b}}"))
                .hasMessage("a second hash tag '{{' at position 8 in key template 'o:{{a}}:{{b}}' (the first is at "
                        + "position 2); Redis uses only the first one");
        assertThatThrownBy(() -> KeyTemplate.parse("o:{{a}:x"))
                .hasMessage("hash tag '{{' at position 2 is not closed with '}}' in key template 'o:{{a}:x'");
        assertThatThrownBy(() -> KeyTemplate.parse("o:{{}}")).hasMessageStartingWith("empty placeholder");
        assertThatThrownBy(() -> KeyTemplate.parse("o:{{a}}}")).hasMessageStartingWith("stray '}' at position 7");
    }

    @Test
    void columnNamesAreVerbatim() {
        KeyTemplate template = KeyTemplate.parse("acc:{AccId}/{weird name:ü}");

        assertThat(template.columns()).containsExactly("AccId", "weird name:ü");
    }

    @Test
    void templateMayStartAndEndWithPlaceholders() {
        KeyTemplate template = KeyTemplate.parse("{a}-{b}");

        assertThat(template.literalPrefix()).isEmpty();
        assertThat(template.render(List.of("1", "2"))).isEqualTo("1-2");
    }

    @Test
    void equalTemplatesAreEqual() {
        assertThat(KeyTemplate.parse("user:{id}")).isEqualTo(KeyTemplate.parse("user:{id}"))
                .hasSameHashCodeAs(KeyTemplate.parse("user:{id}"))
                .isNotEqualTo(KeyTemplate.parse("user:{uid}"));
    }

    @Test
    void rejectsUnclosedBrace() {
        assertThatThrownBy(() -> KeyTemplate.parse("user:{id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unclosed '{' at position 5 in key template 'user:{id'");
    }

    @Test
    void rejectsBraceInsidePlaceholder() {
        assertThatThrownBy(() -> KeyTemplate.parse("u:{a{b}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unclosed '{' at position 2 (another '{' follows at position 4) in key template 'u:{a{b}'");
    }

    @Test
    void rejectsStrayClosingBrace() {
        assertThatThrownBy(() -> KeyTemplate.parse("user:{id}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stray '}' at position 9 in key template 'user:{id}}'");
        assertThatThrownBy(() -> KeyTemplate.parse("u}:{id}"))
                .hasMessage("stray '}' at position 1 in key template 'u}:{id}'");
    }

    @Test
    void rejectsEmptyPlaceholder() {
        assertThatThrownBy(() -> KeyTemplate.parse("user:{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty placeholder '{}' at position 5 in key template 'user:{}'; "
                        + "expected a column name inside the braces");
    }

    @Test
    void rejectsTemplateWithoutPlaceholder() {
        assertThatThrownBy(() -> KeyTemplate.parse("users"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key template 'users' has no {column} placeholder, so every row would get the same key; "
                        + "expected e.g. 'user:{id}'");
    }

    @Test
    void rejectsAdjacentPlaceholders() {
        assertThatThrownBy(() -> KeyTemplate.parse("k:{a}{b}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("placeholders at positions 2 and 5 have no literal text between them in key template "
                        + "'k:{a}{b}'; keys could not be told apart (write e.g. '{a}:{b}')");
    }

    @Test
    void rejectsRepeatedColumn() {
        assertThatThrownBy(() -> KeyTemplate.parse("u:{id}:{id}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'id' appears twice (positions 2 and 7) in key template 'u:{id}:{id}'");
    }

    @Test
    void rejectsEmptyAndMissingTemplate() {
        assertThatThrownBy(() -> KeyTemplate.parse(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key template is empty; expected text with {column} placeholders, e.g. 'user:{id}'");
        assertThatThrownBy(() -> KeyTemplate.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key template is missing");
    }

    @Test
    void rendersPlainValuesUnchanged() {
        assertThat(KeyTemplate.parse("user:{id}").render(List.of("42"))).isEqualTo("user:42");
        assertThat(KeyTemplate.parse("order:{order_id}:line:{line_no}").render(List.of("7", "3")))
                .isEqualTo("order:7:line:3");
        assertThat(KeyTemplate.parse("user:{name}").render(List.of("Zoë 😀 -_.@"))).isEqualTo("user:Zoë 😀 -_.@");
        assertThat(KeyTemplate.parse("user:{id}").render(List.of(""))).isEqualTo("user:");
    }

    @Test
    void escapesDelimitersPercentBracesAndControlCharacters() {
        KeyTemplate template = KeyTemplate.parse("order:{order_id}:line:{line_no}");

        assertThat(template.render(List.of("a:b", "50%")))
                .isEqualTo("order:a%3Ab:line:50%25");
        // Letters and digits of the literals stay as they are: plain words render unchanged.
        assertThat(template.render(List.of("line", "{x}\n\0\u007F")))
                .isEqualTo("order:line:line:%7Bx%7D%0A%00%7F");
    }

    @Test
    void escapesNonAsciiLiteralCharactersAsUtf8Bytes() {
        KeyTemplate template = KeyTemplate.parse("é{a}😀{b}");

        // 'é' is a letter and stays; the emoji separates the placeholders and is escaped.
        assertThat(template.render(List.of("éa", "x😀y"))).isEqualTo("ééa😀x%F0%9F%98%80y");
    }

    @Test
    void placeholdersSeparatedOnlyByLettersOrDigitsAreRejected() {
        assertThatThrownBy(() -> KeyTemplate.parse("a{x}b{y}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("separated only by letters or digits ('b')");
    }

    @Test
    void placeholdersSeparatedOnlyByPercentEscapeLikeTextAreRejected() {
        // Accepted before: ':' renders as '%3A', so k=':' l='' and k='' l=':' both gave ':%3A%3A:'.
        assertThatThrownBy(() -> KeyTemplate.parse(":{k}%3A{l}:"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("separated only by letters, digits and '%' ('%3A')");
        assertThatThrownBy(() -> KeyTemplate.parse("{k}%{l}")).isInstanceOf(IllegalArgumentException.class);

        KeyTemplate template = KeyTemplate.parse(":{k}%-{l}:");
        assertThat(template.render(List.of(":", ""))).isNotEqualTo(template.render(List.of("", ":")));
    }

    @Test
    void aTemplateWithALoneSurrogateIsRejected() {
        // As UTF-8 (what Redis stores) a lone surrogate becomes '?': the template would write the keys of 'a?:{id}'.
        assertThatThrownBy(() -> KeyTemplate.parse("a\uD800:{id}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone UTF-16 surrogate at position 1");
        assertThatThrownBy(() -> KeyTemplate.parse("a:{id}\uDE00")).isInstanceOf(IllegalArgumentException.class);
        assertThat(KeyTemplate.parse("😀:{id}").render(List.of("1"))).isEqualTo("😀:1");
    }

    @Test
    void escapesLoneSurrogatesSoKeysSurviveUtf8() {
        KeyTemplate template = KeyTemplate.parse("u:{a}");

        assertThat(template.render(List.of("x\uD83D"))).isEqualTo("u:x%ED%A0%BD");
        assertThat(template.render(List.of("\uDE00y"))).isEqualTo("u:%ED%B8%80y");
    }

    @Test
    void nullValueNamesTheColumnOnly() {
        KeyTemplate template = KeyTemplate.parse("order:{order_id}:line:{line_no}");

        assertThatThrownBy(() -> template.render(Arrays.asList("secret-value", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key column 'line_no' of key template 'order:{order_id}:line:{line_no}' is NULL; "
                        + "a row needs a value in every key column")
                .message().doesNotContain("secret-value");
    }

    @Test
    void wrongNumberOfValuesIsRejectedWithoutEchoingThem() {
        KeyTemplate template = KeyTemplate.parse("u:{a}:{b}");

        assertThatThrownBy(() -> template.render(List.of("secret-value")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key template 'u:{a}:{b}' needs 2 value(s) [a, b], got 1");
    }

    @Test
    void scanPatternEscapesGlobCharacters() {
        assertThat(KeyTemplate.parse("user:{id}").scanPattern()).isEqualTo("user:*");
        assertThat(KeyTemplate.parse("a*b?[c]\\:{id}").scanPattern()).isEqualTo("a\\*b\\?\\[c\\]\\\\:*");
        assertThat(KeyTemplate.parse("{id}:x").scanPattern()).isEqualTo("*");
    }
}
