package io.writethrough.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeySpaceCheckTest {

    private static MappingConfig parse(String... keysAndValues) {
        return MappingConfig.parse(MappingConfigTest.props(keysAndValues), "test.properties");
    }

    private static String errorOf(String... keysAndValues) {
        try {
            parse(keysAndValues);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("no ConfigException");
    }

    private static KeySpaceCheck.Witness commonKey(String first, String second) {
        KeyTemplate a = KeyTemplate.parse(first);
        KeyTemplate b = KeyTemplate.parse(second);
        KeySpaceCheck.Witness witness = KeySpaceCheck.commonKey(a, b).orElseThrow(
                () -> new AssertionError("'" + first + "' and '" + second + "' were found apart"));
        assertThat(a.render(witness.firstValues())).isEqualTo(witness.key());
        assertThat(b.render(witness.secondValues())).isEqualTo(witness.key());
        return witness;
    }

    @Test
    void aTemplateStartingWithAPlaceholderIsRefusedBesideOneThatItsValuesCanSpell() {
        KeySpaceCheck.Witness witness = commonKey("{k}", "s7k:{k}");
        assertThat(witness.key()).startsWith("s7k:");

        String error = errorOf("table.a.key", "{k}", "table.b.key", "s7k:{k}");
        assertThat(error).startsWith("test.properties: tables 'a' and 'b' can get the same Redis key")
                .contains("'table.a.key={k}'", "'table.b.key=s7k:{k}'", "both render 's7k:'",
                        "table 'a' from k='s7k:'", "table 'b' from k=''",
                        "give each template literal text of its own before its first placeholder");
    }

    @Test
    void identicalTemplatesOnTwoTablesAreRefused() {
        assertThat(errorOf("table.a.key", "x:{id}", "table.b.key", "x:{id}")).isEqualTo(
                "test.properties: tables 'a' and 'b' can get the same Redis key, so one table's writes would overwrite "
                        + "or delete the other's entries: key templates 'table.a.key=x:{id}' and 'table.b.key=x:{id}' both "
                        + "render 'x:' (table 'a' from id='', table 'b' from id=''); give each template literal text of its "
                        + "own before its first placeholder, neither one a prefix of the other, e.g. 'user:{id}' and "
                        + "'order:{id}'");
        assertThat(errorOf("table.orders.key", "o:{id}", "table.sales.orders.key", "o:{id}"))
                .contains("tables 'orders' and 'sales.orders'", "'table.sales.orders.key=o:{id}'");
    }

    @Test
    void aTemplateWhoseLiteralAfterItsValueTheOtherCopiesIsRefused() {
        // ':' is escaped in the second template's value but copied by the first: x{k} renders x5:y for k='5:y'.
        KeySpaceCheck.Witness witness = commonKey("x{k}", "x{k}:y");
        assertThat(witness.key()).isEqualTo("x:y");
        assertThat(witness.firstValues()).containsExactly(":y");
        assertThat(witness.secondValues()).containsExactly("");
        assertThat(errorOf("table.a.key", "x{k}", "table.b.key", "x{k}:y")).contains("tables 'a' and 'b'");

        // '/' is escaped only by the second template, so the first can spell its separator.
        assertThat(commonKey("p:{a}", "p:{a}/{b}").firstValues()).containsExactly("/");
        // the literal '%3A' of one template is the escape of ':' in the other's value
        assertThat(commonKey("k:{x}", "k:%3A{y}").firstValues()).containsExactly(":");
    }

    @Test
    void aTemplateThatCanRenderAReservedKeyIsRefused() {
        assertThat(errorOf("table.a.key", "{k}")).isEqualTo(
                "test.properties: key template 'table.a.key={k}' of table 'a' can render keys starting with "
                        + "'writethrough:', a prefix reserved for the driver's own keys (ownership marks and tombstones): "
                        + "e.g. 'writethrough:' from k='writethrough:'; start the template with literal text that is "
                        + "neither a prefix of 'writethrough:' nor starts with it, e.g. 'users:{id}'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{k}", "{k}:x", "{k}.x", "w{k}", "writethrough{k}", "writethrough:{k}",
        "writethrough:own:{k}", "writethrough:done:{tx}", "{a}:{b}", "{a}-{b}", "wri{a}:{b}"})
    void templatesThatCanRenderAReservedKeyAreRefused(String source) {
        KeyTemplate template = KeyTemplate.parse(source);
        KeySpaceCheck.Witness witness = KeySpaceCheck.reservedKey(template).orElseThrow();
        assertThat(witness.key()).startsWith(KeySpaceCheck.RESERVED_PREFIX);
        assertThat(template.render(witness.firstValues())).isEqualTo(witness.key());
        assertThat(errorOf("table.t.key", source)).contains("can render keys starting with 'writethrough:'",
                "'table.t.key=" + source + "'", "table 't'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"wt:{k}", "writethrough-{k}", "writethrough_{k}", "Writethrough:{k}", "{k}-a:{m}",
        "{k}/own:{m}", "user:{id}", "x{k}"})
    void templatesThatCannotRenderAReservedKeyAreAccepted(String source) {
        assertThat(KeySpaceCheck.reservedKey(KeyTemplate.parse(source))).isEmpty();
        assertThat(parse("table.t.key", source).tables()).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "user:{id}           | users:{id}",
        "user:{id}           | user:{id}:profile",
        "order:{id}          | order:{order_id}:line:{line_no}",
        "line:{a}:{b}        | line:{a}",
        "acc:{id}            | ol:{order_id}/{line_no}",
        "s:{id}              | sessions:{id}",
        "k:{x}               | k:%3B{y}",
        "{k}-a:{m}           | s7k:{k}",
        "x:{a}               | x-{a}",
        "é:{a}               | e:{a}",
        "ключ:{k}            | ключи:{k}",
        "t1:acc:{id}         | t1:s:{id}",
    })
    void templatesThatCannotRenderTheSameKeyAreAccepted(String first, String second) {
        assertThat(KeySpaceCheck.commonKey(KeyTemplate.parse(first), KeyTemplate.parse(second))).isEmpty();
        assertThat(KeySpaceCheck.commonKey(KeyTemplate.parse(second), KeyTemplate.parse(first))).isEmpty();
        assertThat(parse("table.a.key", first, "table.b.key", second).tables()).hasSize(2);
    }

    @Test
    void theRepositorysOwnMappingsAreAccepted() {
        // examples/, examples/spring-boot, the demo, benchmarks, and the driver's test schemas (with a test prefix).
        parse("table.customers.key", "customer:{id}", "table.orders.key", "order:{id}", "table.products.key",
                "product:{id}", "table.order_lines.key", "line:{order_no}:{line_no}");
        parse("table.customers.key", "demo:customer:{id}", "table.stock.key", "demo:stock:{sku}");
        parse("table.accounts.key", "account:{id}");
        parse("table.items.key", "item:{id}");
        parse("table.accounts.key", "dt:acc:{id}", "table.order_lines.key", "dt:ol:{order_id}/{line_no}",
                "table.tags.key", "dt:tag:{name}", "table.sessions.key", "dt:s:{id}");
        parse("table.accounts.key", "fz:acc:{id}", "table.public.tags.key", "fz:tag:{name}");
        parse("table.pairs.key", "hk:p:{a}:{b}", "table.names.key", "hk:n:{name}");
        parse("table.users.key", "t7:user:{id}", "table.orders.key", "t7:order:{id}",
                "table.order_lines.key", "t7:order:{order_id}:line:{line_no}");
        parse("table.h.key", "t7:h:{id}", "table.j.key", "t7:j:{id}");
        parse("table.counters.key", "t7:c:{id}", "table.docs.key", "t7:d:{id}");
        parse("table.AccMixed.key", "t7:acc:{ID}", "table.s_sales.invoices.key", "t7:inv:{id}");
    }

    @Test
    void manyTablesAreCheckedQuickly() {
        Properties props = new Properties();
        for (int i = 0; i < 300; i++) {
            props.setProperty("table.t" + i + ".key", "app:t" + i + ":{id}");
        }
        props.setProperty("table.lines.key", "app:lines:{order}:{line}");
        long start = System.nanoTime();
        assertThat(MappingConfig.parse(props, "many.properties").tables()).hasSize(301);
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(2_000);
    }

    @Test
    void aLongTemplateIsCheckedAndShownShortened() {
        String longLiteral = "x".repeat(50_000);
        String error = errorOf("table.a.key", longLiteral + "{k}", "table.b.key", "{k}" + ":y");
        assertThat(error).contains("…(").hasSizeLessThan(2_000);
    }

    @Test
    void controlCharactersInAnExampleAreShownEscaped() {
        // Only the escape of a control character in the second template's value can spell the first one's '%0A'.
        KeySpaceCheck.Witness witness = commonKey("a:%0A{x}", "a:{x}");
        assertThat(witness.secondValues().get(0)).startsWith("\n");
        assertThat(errorOf("table.a.key", "a:%0A{x}", "table.b.key", "a:{x}")).contains("x='\\u000A").doesNotContain("\n");
    }

    @Test
    void eachPairIsReportedInTableOrder() {
        List<String> lines = new ArrayList<>();
        for (String table : List.of("c", "a", "b")) {
            lines.add("table." + table + ".key");
            lines.add("same:{id}");
        }
        assertThat(errorOf(lines.toArray(new String[0]))).contains("tables 'a' and 'b'");
    }
}
