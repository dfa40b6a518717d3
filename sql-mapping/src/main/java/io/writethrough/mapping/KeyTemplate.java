package io.writethrough.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * A parsed key template such as {@code order:{order_id}:line:{line_no}}: literal text and {@code {column}}
 * placeholders naming columns as stored (case-sensitive).
 *
 * <p>Escaping rule: in each value, every {@code %}, <code>{</code>, <code>}</code> and control character
 * (U+0000–U+001F, U+007F), and every character other than a letter or digit that occurs in the template's literal
 * text, is replaced by {@code %} followed by the two upper-case hex digits of each of its UTF-8 bytes ({@code :}
 * becomes {@code %3A}); all other characters are copied unchanged, so {@code user:{id}} with id {@code 42}
 * renders {@code user:42} and a name {@code Robert} stays {@code Robert}. Literal text between two placeholders
 * must contain at least one such escaped character other than {@code %} (which starts every escape), so the first
 * one found after a value marks where the value ends: a key decodes to exactly one list of values. (A lone UTF-16
 * surrogate in a value is escaped as the 3 bytes of its code unit; the template itself may not contain one.)
 *
 * <p>Redis Cluster hash tag: <code>{{column}}</code> renders the value between literal braces, so
 * {@code order:{{order_id}}:line:{line_no}} renders {@code order:{17}:line:3} and every line of order 17 lands in
 * the hash slot of {@code 17}. Values never contain a brace (it is escaped), so the tag is exactly the value; a
 * template has at most one (Redis uses the first).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class KeyTemplate {

    private static final int[] NONE = new int[0];

    private final String source;
    private final List<String> columns;
    /** {@code literals[i]} precedes placeholder i; the last one follows the last placeholder. */
    private final String[] literals;
    private final int literalLength;
    private final boolean[] escapedAscii;
    /** Sorted code points of non-ASCII characters in the literals; searched only for non-ASCII value chars. */
    private final int[] escapedNonAscii;

    private KeyTemplate(String source, List<String> columns, String[] literals) {
        this.source = source;
        this.columns = List.copyOf(columns);
        this.literals = literals;
        int length = 0;
        boolean[] ascii = new boolean[128];
        for (int c = 0; c < 0x20; c++) {
            ascii[c] = true;
        }
        ascii[0x7F] = true;
        ascii['%'] = true;
        ascii['{'] = true;
        ascii['}'] = true;
        TreeSet<Integer> nonAscii = new TreeSet<>();
        for (String literal : literals) {
            length += literal.length();
            literal.codePoints().filter(cp -> !Character.isLetterOrDigit(cp)).forEach(cp -> {
                if (cp < 128) {
                    ascii[cp] = true;
                } else {
                    nonAscii.add(cp);
                }
            });
        }
        this.literalLength = length;
        this.escapedAscii = ascii;
        this.escapedNonAscii = nonAscii.isEmpty() ? NONE : nonAscii.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException saying what is wrong and where: an unclosed <code>{</code>, a stray
     *     <code>}</code>, an empty placeholder, no placeholder at all, two placeholders without literal text
     *     between them, a column named twice, a lone UTF-16 surrogate, or an empty template
     */
    public static KeyTemplate parse(String template) {
        if (template == null) {
            throw new IllegalArgumentException("key template is missing");
        }
        if (template.isEmpty()) {
            throw new IllegalArgumentException("key template is empty; expected text with {column} placeholders, e.g. 'user:{id}'");
        }
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < template.length() && Character.isLowSurrogate(template.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                // Written as UTF-8 it would become '?', so two different templates could write the same key.
                throw new IllegalArgumentException("lone UTF-16 surrogate at position " + i + " in key template '"
                        + template + "'; a key must be valid Unicode text");
            }
        }
        List<String> columns = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<String> literals = new ArrayList<>();
        int literalStart = 0;
        int tagAt = -1;
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i);
            if (c == '}') {
                throw new IllegalArgumentException(
                        "stray '}' at position " + i + " in key template '" + template + "'");
            }
            if (c != '{') {
                i++;
                continue;
            }
            int open = i;
            // {{column}}: the value inside literal braces, a Redis hash tag (see the class comment).
            boolean tag = open + 1 < n && template.charAt(open + 1) == '{';
            if (tag && tagAt >= 0) {
                throw new IllegalArgumentException("a second hash tag '{{' at position " + open + " in key template '"
                        + template + "' (the first is at position " + tagAt + "); Redis uses only the first one");
            }
            int close = -1;
            for (int j = open + (tag ? 2 : 1); j < n; j++) {
                char d = template.charAt(j);
                if (d == '}') {
                    close = j;
                    break;
                }
                if (d == '{') {
                    throw new IllegalArgumentException("unclosed '{' at position " + open
                            + " (another '{' follows at position " + j + ") in key template '" + template + "'");
                }
            }
            if (close < 0) {
                throw new IllegalArgumentException(
                        "unclosed '{' at position " + open + " in key template '" + template + "'");
            }
            if (tag && (close + 1 >= n || template.charAt(close + 1) != '}')) {
                throw new IllegalArgumentException("hash tag '{{' at position " + open + " is not closed with '}}' in "
                        + "key template '" + template + "'");
            }
            if (close == open + (tag ? 2 : 1)) {
                throw new IllegalArgumentException("empty placeholder '{}' at position " + open
                        + " in key template '" + template + "'; expected a column name inside the braces");
            }
            // A hash tag's opening brace belongs to the literal text before its value.
            String literal = template.substring(literalStart, tag ? open + 1 : open);
            if (!columns.isEmpty() && literal.isEmpty()) {
                int previous = positions.get(positions.size() - 1);
                throw new IllegalArgumentException("placeholders at positions " + previous + " and " + open
                        + " have no literal text between them in key template '" + template
                        + "'; keys could not be told apart (write e.g. '{a}:{b}')");
            }
            if (!columns.isEmpty() && literal.codePoints().allMatch(Character::isLetterOrDigit)) {
                int previous = positions.get(positions.size() - 1);
                throw new IllegalArgumentException("placeholders at positions " + previous + " and " + open
                        + " are separated only by letters or digits ('" + literal + "') in key template '" + template
                        + "'; keys could not be told apart (separate them with a character such as ':' or '-')");
            }
            if (!columns.isEmpty() && literal.codePoints().allMatch(cp -> cp == '%' || Character.isLetterOrDigit(cp))) {
                // '%' is escaped, but every escape in a value starts with '%': it cannot mark where a value ends.
                int previous = positions.get(positions.size() - 1);
                throw new IllegalArgumentException("placeholders at positions " + previous + " and " + open
                        + " are separated only by letters, digits and '%' ('" + literal + "') in key template '"
                        + template + "'; escaped values contain '%' too, so keys could not be told apart (separate them "
                        + "with a character such as ':' or '-')");
            }
            String column = template.substring(open + (tag ? 2 : 1), close);
            int seen = columns.indexOf(column);
            if (seen >= 0) {
                throw new IllegalArgumentException("column '" + column + "' appears twice (positions "
                        + positions.get(seen) + " and " + open + ") in key template '" + template + "'");
            }
            columns.add(column);
            positions.add(open);
            if (tag) {
                // The braces around the placeholder are literal text: the one before ends this literal, the one
                // after starts the next.
                tagAt = open;
                literals.add(literal);
                i = close + 2;
                literalStart = close + 1;
            } else {
                literals.add(literal);
                i = close + 1;
                literalStart = i;
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("key template '" + template
                    + "' has no {column} placeholder, so every row would get the same key; expected e.g. 'user:{id}'");
        }
        literals.add(template.substring(literalStart));
        return new KeyTemplate(template, columns, literals.toArray(new String[0]));
    }

    /** The columns named by placeholders, in order of appearance (each appears once). */
    public List<String> columns() {
        return columns;
    }

    /** The literal text before the first placeholder (e.g. {@code user:} for {@code user:{id}}); may be empty. */
    public String literalPrefix() {
        return literals[0];
    }

    /**
     * The literal texts: element i precedes placeholder i, the last one follows the last placeholder (so there is
     * one more literal than columns; the first and last may be empty, the others never are).
     */
    List<String> literals() {
        return List.of(literals);
    }

    /** True when {@link #render} escapes this code point wherever it occurs in a value (a lone surrogate included). */
    boolean escapes(int codePoint) {
        if (codePoint < 128) {
            return escapedAscii[codePoint];
        }
        return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE || isEscapedNonAscii(codePoint);
    }

    /**
     * A Redis {@code SCAN MATCH} glob for keys that may have been rendered by this template: the
     * {@linkplain #literalPrefix() literal prefix}, with glob metacharacters escaped, followed by {@code *}.
     * Keys of other templates that share the prefix match too.
     */
    public String scanPattern() {
        String prefix = literals[0];
        StringBuilder out = new StringBuilder(prefix.length() + 8);
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('*').toString();
    }

    /**
     * Renders the key from the canonical text of each column in {@link #columns()} order, escaping each value
     * as described in the class documentation, so that distinct value lists never render the same key.
     *
     * @throws IllegalArgumentException if the number of values is wrong or a value is {@code null}; the message
     *     names the column, never a value
     */
    public String render(List<String> values) {
        int count = columns.size();
        if (values.size() != count) {
            throw new IllegalArgumentException("key template '" + source + "' needs " + count + " value(s) "
                    + columns + ", got " + values.size());
        }
        int capacity = literalLength + 8;
        for (int i = 0; i < count; i++) {
            String value = values.get(i);
            if (value == null) {
                throw new IllegalArgumentException("key column '" + columns.get(i) + "' of key template '" + source
                        + "' is NULL; a row needs a value in every key column");
            }
            capacity += value.length();
        }
        StringBuilder out = new StringBuilder(capacity);
        for (int i = 0; i < count; i++) {
            out.append(literals[i]);
            appendEscaped(out, values.get(i));
        }
        return out.append(literals[count]).toString();
    }

    /**
     * The values a key was rendered from, in {@link #columns()} order, or {@code null} when this template cannot have
     * rendered the key. The inverse of {@link #render}: {@code decode(render(v))} equals {@code v}. Between two
     * placeholders, the first character of the literal that a value would have escaped (other than {@code %}) marks
     * where the value ends; the result is checked by rendering it again.
     */
    public List<String> decode(String key) {
        if (!key.startsWith(literals[0])) {
            return null;
        }
        int count = columns.size();
        List<String> values = new ArrayList<>(count);
        int pos = literals[0].length();
        for (int i = 0; i < count; i++) {
            String next = literals[i + 1];
            int end;
            if (i == count - 1) {
                end = key.length() - next.length();
                if (end < pos || !key.endsWith(next)) {
                    return null;
                }
            } else {
                int marker = firstMarker(next, 0);
                int found = firstMarker(key, pos);
                if (marker < 0 || found < 0 || found - marker < pos || !key.startsWith(next, found - marker)) {
                    return null;
                }
                end = found - marker;
            }
            String value = PercentEncoding.decode(key.substring(pos, end));
            if (value == null) {
                return null;
            }
            values.add(value);
            pos = end + next.length();
        }
        return render(values).equals(key) ? values : null;
    }

    /** Where the first character a value escapes, other than {@code %}, stands in {@code text} from {@code from}. */
    private int firstMarker(String text, int from) {
        for (int i = from; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean escaped = cp < 128 ? escapedAscii[cp] : isEscapedNonAscii(cp);
            if (escaped && cp != '%') {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }


    private void appendEscaped(StringBuilder out, String value) {
        boolean[] ascii = escapedAscii;
        int n = value.length();
        int copied = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            int codePoint;
            int width = 1;
            if (c < 128) {
                if (!ascii[c]) {
                    continue;
                }
                codePoint = c;
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                    codePoint = Character.toCodePoint(c, value.charAt(i + 1));
                    width = 2;
                    if (!isEscapedNonAscii(codePoint)) {
                        i++;
                        continue;
                    }
                } else {
                    // A lone surrogate cannot be encoded as UTF-8 (it would become '?', making keys collide).
                    codePoint = c;
                }
            } else {
                if (!isEscapedNonAscii(c)) {
                    continue;
                }
                codePoint = c;
            }
            out.append(value, copied, i);
            PercentEncoding.append(out, codePoint);
            i += width - 1;
            copied = i + 1;
        }
        out.append(value, copied, n);
    }

    private boolean isEscapedNonAscii(int codePoint) {
        return escapedNonAscii.length != 0 && Arrays.binarySearch(escapedNonAscii, codePoint) >= 0;
    }



    /** The template text as written. */
    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyTemplate that && source.equals(that.source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
