package io.writethrough.mapping;

import io.writethrough.mapping.KeySpaceAutomaton.Alphabet;
import io.writethrough.mapping.KeySpaceAutomaton.Automaton;
import io.writethrough.mapping.KeySpaceAutomaton.Edge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses key templates that could give two rows of different tables the same Redis key, and templates that
 * could render a key in the driver's own namespace {@value #RESERVED_PREFIX} (ownership marks
 * {@code writethrough:own:<key>}, tombstones {@code writethrough:done:<tx>}).
 *
 * <p>The check is exact: it refuses two templates if and only if some values render the same key from both, and a
 * template if and only if some values render a key starting with {@value #RESERVED_PREFIX}. Values may be any
 * text. The keys a template can render form a regular language: its literal texts in order, and in place of each
 * placeholder any sequence of characters the template does not escape and of the {@code %XX} escapes it writes
 * (see {@link KeyTemplate}). Each template becomes a finite automaton accepting exactly those keys, and a
 * breadth-first search of the product of two automata finds a common key if there is one. Characters that occur
 * in neither template's literal text nor in an escape nor in the reserved prefix are treated alike by both
 * automata, so one of them stands for all; the search is finite. A key found comes with the values that render
 * it from each template, so the error can show a real example.
 *
 * <p>Two templates are always apart when, in their literal texts before the first placeholder, neither is a prefix
 * of the other (they differ at some position both have), or likewise for their literal texts after the last
 * placeholder read from the end; this fast path decides the usual case ({@code user:{id}} beside
 * {@code order:{id}}) without building automata.
 */
final class KeySpaceCheck {

    /** The namespace of the driver's own keys. */
    static final String RESERVED_PREFIX = "writethrough:";

    static final String HEX = "0123456789ABCDEF";
    static final int LITERAL = -1;

    private KeySpaceCheck() {
    }

    /**
     * A key that two templates (or a template and the reserved namespace) can both produce.
     *
     * @param key          the key
     * @param firstValues  the values that render it from the first template
     * @param secondValues the values that render it from the second template (empty for the reserved namespace)
     */
    record Witness(String key, List<String> firstValues, List<String> secondValues) {
    }

    /**
     * Refuses the first pair of tables (in list order) whose templates can render one key, then the first template
     * that can render a reserved key.
     *
     * @throws ConfigException naming the source, the tables, their templates, an example and how to fix it
     */
    static void check(List<TableMapping> tables, String source) {
        for (int i = 0; i < tables.size(); i++) {
            for (int j = i + 1; j < tables.size(); j++) {
                TableMapping a = tables.get(i);
                TableMapping b = tables.get(j);
                Optional<Witness> common = commonKey(a.key(), b.key());
                if (common.isPresent()) {
                    Witness w = common.get();
                    throw new ConfigException(source + ": tables '" + a.table() + "' and '" + b.table()
                            + "' can get the same Redis key, so one table's writes would overwrite or delete the other's "
                            + "entries: key templates " + spelled(a) + " and " + spelled(b) + " both render '"
                            + shown(w.key()) + "' (table '" + a.table() + "' from " + valuesOf(a.key(), w.firstValues())
                            + ", table '" + b.table() + "' from " + valuesOf(b.key(), w.secondValues())
                            + "); give each template literal text of its own before its first placeholder, neither "
                            + "one a prefix of the other, e.g. 'user:{id}' and 'order:{id}'");
                }
            }
        }
        for (TableMapping table : tables) {
            Optional<Witness> reserved = reservedKey(table.key());
            if (reserved.isPresent()) {
                Witness w = reserved.get();
                throw new ConfigException(source + ": key template " + spelled(table) + " of table '" + table.table()
                        + "' can render keys starting with '" + RESERVED_PREFIX + "', a prefix reserved for the driver's "
                        + "own keys (ownership marks and tombstones): e.g. '" + shown(w.key()) + "' from "
                        + valuesOf(table.key(), w.firstValues()) + "; start the template with literal text that is "
                        + "neither a prefix of '" + RESERVED_PREFIX + "' nor starts with it, e.g. 'users:{id}'");
            }
        }
    }

    /** A key both templates can render, with the values that render it from each; empty when there is none. */
    static Optional<Witness> commonKey(KeyTemplate first, KeyTemplate second) {
        if (literallyApart(first, second)) {
            return Optional.empty();
        }
        Alphabet alphabet = new Alphabet(List.of(first, second));
        return search(Automaton.of(first, alphabet), Automaton.of(second, alphabet), alphabet)
                .map(path -> new Witness(path.key(), path.values(first, true), path.values(second, false)));
    }

    /** A key starting with {@value #RESERVED_PREFIX} that the template can render, with its values; or empty. */
    static Optional<Witness> reservedKey(KeyTemplate template) {
        String prefix = template.literalPrefix();
        if (!prefix.startsWith(RESERVED_PREFIX) && !RESERVED_PREFIX.startsWith(prefix)) {
            return Optional.empty();
        }
        Alphabet alphabet = new Alphabet(List.of(template));
        return search(Automaton.of(template, alphabet), Automaton.reserved(alphabet), alphabet)
                .map(path -> new Witness(path.key(), path.values(template, true), List.of()));
    }

    /** True when the leading or the trailing literal texts alone keep every key of one template from the other's. */
    private static boolean literallyApart(KeyTemplate first, KeyTemplate second) {
        String p1 = first.literalPrefix();
        String p2 = second.literalPrefix();
        if (!p1.startsWith(p2) && !p2.startsWith(p1)) {
            return true;
        }
        List<String> l1 = first.literals();
        List<String> l2 = second.literals();
        String s1 = l1.get(l1.size() - 1);
        String s2 = l2.get(l2.size() - 1);
        return !s1.endsWith(s2) && !s2.endsWith(s1);
    }

    /** A path through the product automaton: one symbol and, for each side, the placeholder it belongs to. */
    private record Step(Step previous, int symbol, int firstValue, int secondValue) {
    }

    /** The shortest common key, as the last step of its path. */
    private record Path(Step last) {

        String key() {
            StringBuilder key = new StringBuilder();
            for (Step step : steps()) {
                key.appendCodePoint(step.symbol());
            }
            return key.toString();
        }

        /** The values that render the key from one side's template: the text each placeholder read, unescaped. */
        List<String> values(KeyTemplate template, boolean first) {
            List<StringBuilder> rendered = new ArrayList<>();
            for (int i = 0; i < template.columns().size(); i++) {
                rendered.add(new StringBuilder());
            }
            for (Step step : steps()) {
                int value = first ? step.firstValue() : step.secondValue();
                if (value != LITERAL) {
                    rendered.get(value).appendCodePoint(step.symbol());
                }
            }
            return rendered.stream().map(text -> unescape(text.toString())).toList();
        }

        private List<Step> steps() {
            List<Step> steps = new ArrayList<>();
            for (Step step = last; step != null; step = step.previous()) {
                steps.add(step);
            }
            Collections.reverse(steps);
            return steps;
        }
    }

    private static Optional<Path> search(Automaton first, Automaton second, Alphabet alphabet) {
        long width = second.edges.size();
        Set<Long> seen = new HashSet<>();
        ArrayDeque<long[]> queue = new ArrayDeque<>();
        List<Step> stepOf = new ArrayList<>();
        seen.add(0L);
        stepOf.add(null);
        queue.add(new long[] {0, 0, 0});
        while (!queue.isEmpty()) {
            long[] node = queue.poll();
            int p = (int) node[0];
            int q = (int) node[1];
            Step step = stepOf.get((int) node[2]);
            if (p == first.accepting && q == second.accepting) {
                return Optional.of(new Path(step));
            }
            for (Edge e : first.edges.get(p)) {
                for (Edge f : second.edges.get(q)) {
                    if (!e.label().intersects(f.label()) || !seen.add(e.target() * width + f.target())) {
                        continue;
                    }
                    BitSet both = (BitSet) e.label().clone();
                    both.and(f.label());
                    int symbol = alphabet.symbols[both.nextSetBit(0)];
                    stepOf.add(new Step(step, symbol, e.value(), f.value()));
                    queue.add(new long[] {e.target(), f.target(), stepOf.size() - 1});
                }
            }
        }
        return Optional.empty();
    }

    /** Undoes {@link KeyTemplate}'s escapes: each run of {@code %XX} is the UTF-8 of one code point (or lone surrogate). */
    static String unescape(String rendered) {
        StringBuilder out = new StringBuilder(rendered.length());
        int i = 0;
        while (i < rendered.length()) {
            char c = rendered.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            int lead = Integer.parseInt(rendered.substring(i + 1, i + 3), 16);
            int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
            int codePoint = length == 1 ? lead : lead & (0xFF >> (length + 1));
            for (int b = 1; b < length; b++) {
                int at = i + 3 * b;
                codePoint = (codePoint << 6) | (Integer.parseInt(rendered.substring(at + 1, at + 3), 16) & 0x3F);
            }
            out.appendCodePoint(codePoint);
            i += 3 * length;
        }
        return out.toString();
    }

    private static String spelled(TableMapping table) {
        return "'" + TableSetting.KEY.keyFor(table.table().toString()) + "=" + shown(table.key().source()) + "'";
    }

    private static String valuesOf(KeyTemplate template, List<String> values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(template.columns().get(i)).append("='").append(shown(values.get(i)))
                    .append('\'');
        }
        return out.toString();
    }

    /** Text for a message: control and other invisible characters as {@code \}{@code uXXXX}, long text shortened. */
    static String shown(String text) {
        int limit = 120;
        StringBuilder out = new StringBuilder();
        int[] codePoints = text.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++) {
            if (i == limit) {
                return out.append("…(").append(codePoints.length).append(" characters)").toString();
            }
            int cp = codePoints[i];
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                    || cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }
}
