package io.writethrough.mapping;

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
import static io.writethrough.mapping.KeySpaceCheck.HEX;
import static io.writethrough.mapping.KeySpaceCheck.LITERAL;
import static io.writethrough.mapping.KeySpaceCheck.RESERVED_PREFIX;

/** The automata {@link KeySpaceCheck} searches: the keys a template can render, as a regular language. */
final class KeySpaceAutomaton {

    private KeySpaceAutomaton() {
    }

    /**
     * The symbols the automata read: every code point of the literal texts, of the escapes and of the reserved
     * prefix, and one more that stands for every other character (one that occurs in no literal text, so that no
     * template escapes it: both automata treat all such characters alike).
     */
    static final class Alphabet {
        final int[] symbols;
        final int other;

        Alphabet(List<KeyTemplate> templates) {
            TreeSet<Integer> set = new TreeSet<>();
            for (KeyTemplate template : templates) {
                for (String literal : template.literals()) {
                    literal.codePoints().forEach(set::add);
                }
            }
            HEX.chars().forEach(set::add);
            set.add((int) '%');
            RESERVED_PREFIX.codePoints().forEach(set::add);
            int candidate = 'a';
            while (set.contains(candidate) || !Character.isLetter(candidate)) {
                candidate++;
            }
            other = candidate;
            set.add(other);
            symbols = set.stream().mapToInt(Integer::intValue).toArray();
        }

        int size() {
            return symbols.length;
        }

        int indexOf(int codePoint) {
            int index = Arrays.binarySearch(symbols, codePoint);
            if (index < 0) {
                throw new IllegalStateException("code point " + codePoint + " is not in the alphabet");
            }
            return index;
        }

        BitSet of(CharSequence codePoints) {
            BitSet set = new BitSet(size());
            codePoints.codePoints().forEach(cp -> set.set(indexOf(cp)));
            return set;
        }

        BitSet all() {
            BitSet set = new BitSet(size());
            set.set(0, size());
            return set;
        }
    }

    /** One transition: on any symbol of {@code label}, to {@code target}; {@code value} is the placeholder it is part of, or -1. */
    record Edge(BitSet label, int target, int value) {
    }

    /** A nondeterministic finite automaton without empty transitions, with one start state (0) and one final state. */
    static final class Automaton {
        final List<List<Edge>> edges = new ArrayList<>();
        int accepting;

        int state() {
            edges.add(new ArrayList<>());
            return edges.size() - 1;
        }

        void edge(int from, BitSet label, int to, int value) {
            edges.get(from).add(new Edge(label, to, value));
        }

        /** Exactly the keys {@code template} can render. */
        static Automaton of(KeyTemplate template, Alphabet alphabet) {
            Automaton a = new Automaton();
            int current = a.state();
            List<String> literals = template.literals();
            for (int i = 0; i < literals.size(); i++) {
                String literal = literals.get(i);
                for (int k = 0; k < literal.length(); k += Character.charCount(literal.codePointAt(k))) {
                    int next = a.state();
                    a.edge(current, alphabet.of(new String(Character.toChars(literal.codePointAt(k)))), next, LITERAL);
                    current = next;
                }
                if (i < literals.size() - 1) {
                    // The value of placeholder i: read in a loop at the state where literal i ends, where literal i+1
                    // starts too (literal texts between placeholders are never empty, so each such state is its own).
                    a.value(current, i, template, alphabet);
                }
            }
            a.accepting = current;
            return a;
        }

        /** Keys starting with the reserved prefix. */
        static Automaton reserved(Alphabet alphabet) {
            Automaton a = new Automaton();
            int current = a.state();
            for (int k = 0; k < RESERVED_PREFIX.length(); k++) {
                int next = a.state();
                a.edge(current, alphabet.of(RESERVED_PREFIX.substring(k, k + 1)), next, LITERAL);
                current = next;
            }
            a.edge(current, alphabet.all(), current, LITERAL);
            a.accepting = current;
            return a;
        }

        /**
         * Loops at {@code at} reading one rendered value: characters the template copies unchanged, and the escape
         * of each character it escapes — {@code %} and the two hex digits of each UTF-8 byte.
         */
        private void value(int at, int placeholder, KeyTemplate template, Alphabet alphabet) {
            BitSet copied = new BitSet(alphabet.size());
            for (int i = 0; i < alphabet.size(); i++) {
                if (!template.escapes(alphabet.symbols[i])) {
                    copied.set(i);
                }
            }
            edge(at, copied, at, placeholder);

            // One-byte escapes, %00 to %7F: after '%', one state per first hex digit.
            int percent = state();
            edge(at, alphabet.of("%"), percent, placeholder);
            for (int high = 0; high < 8; high++) {
                StringBuilder lows = new StringBuilder();
                for (int low = 0; low < 16; low++) {
                    if (template.escapes(high * 16 + low)) {
                        lows.append(HEX.charAt(low));
                    }
                }
                if (lows.length() > 0) {
                    int afterHigh = state();
                    edge(percent, alphabet.of(HEX.substring(high, high + 1)), afterHigh, placeholder);
                    edge(afterHigh, alphabet.of(lows), at, placeholder);
                }
            }
            // Multi-byte escapes: the characters other than letters and digits of the literal texts beyond ASCII,
            // and a lone surrogate (U+D800 to U+DFFF: bytes ED, A0 to BF, 80 to BF).
            Set<Integer> wide = new TreeSet<>();
            for (String literal : template.literals()) {
                literal.codePoints().filter(cp -> cp >= 128 && template.escapes(cp)).forEach(wide::add);
            }
            for (int codePoint : wide) {
                List<BitSet> chain = new ArrayList<>();
                for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                    chain.add(alphabet.of("%"));
                    chain.add(alphabet.of(HEX.substring((b >> 4) & 0xF, ((b >> 4) & 0xF) + 1)));
                    chain.add(alphabet.of(HEX.substring(b & 0xF, (b & 0xF) + 1)));
                }
                chain(at, chain, placeholder);
            }
            chain(at, List.of(alphabet.of("%"), alphabet.of("E"), alphabet.of("D"),
                    alphabet.of("%"), alphabet.of("AB"), alphabet.of(HEX),
                    alphabet.of("%"), alphabet.of("89AB"), alphabet.of(HEX)), placeholder);
        }

        private void chain(int at, List<BitSet> labels, int placeholder) {
            int current = at;
            for (int i = 0; i < labels.size(); i++) {
                int next = i == labels.size() - 1 ? at : state();
                edge(current, labels.get(i), next, placeholder);
                current = next;
            }
        }
    }
}
