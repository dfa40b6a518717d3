package io.writethrough.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One case of the SQL corpus (format: src/test/resources/sql-corpus/README.md). */
record CorpusCase(String file, String name, String expect, String sqlOut, String sqlKeys, String[] sqlColsNames,
                  String sqlColsOut, String sql) {

    static final List<String> FILES = List.of("insert.sql", "upsert.sql", "update.sql", "delete.sql",
            "not-mapped.sql", "unsupported.sql", "identifiers.sql", "literals-comments.sql");

    private static final String CASE = "-- case: ";

    static List<CorpusCase> all() {
        List<CorpusCase> cases = new ArrayList<>();
        for (String file : FILES) {
            cases.addAll(parse(file, read("/sql-corpus/" + file)));
        }
        return cases;
    }

    boolean expectsPlan() {
        return expect.startsWith("PLAN ");
    }

    boolean expectsUnsupported() {
        return expect.startsWith("UNSUPPORTED ");
    }

    boolean expectsNotMapped() {
        return expect.equals("NOT_MAPPED");
    }

    /** {@code CONTROL <KIND> [savepoint]}: a transaction-control statement. */
    boolean expectsControl() {
        return expect.startsWith("CONTROL ");
    }

    /** PLAN fields: op, target, then key=value pairs. */
    Map<String, String> planFields() {
        String[] parts = expect.split(" ");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("op", parts[1]);
        fields.put("target", parts[2]);
        for (int i = 3; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 0) {
                throw new IllegalStateException(this + ": bad field " + parts[i]);
            }
            fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        return fields;
    }

    @Override
    public String toString() {
        return file + ":" + name;
    }

    private static String read(String resource) {
        try (InputStream in = CorpusCase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing corpus resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<CorpusCase> parse(String file, String text) {
        List<CorpusCase> cases = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int i = 0;
        while (i < lines.length && !lines[i].startsWith(CASE)) {
            i++;
        }
        while (i < lines.length) {
            String name = lines[i].substring(CASE.length()).trim();
            i++;
            String expect = null;
            String sqlOut = null;
            String sqlKeys = null;
            String[] colsNames = null;
            String colsOut = null;
            while (i < lines.length && lines[i].startsWith("-- ") && header(lines[i])) {
                String line = lines[i];
                if (line.startsWith("-- expect: ")) {
                    expect = line.substring("-- expect: ".length()).trim();
                } else if (line.startsWith("-- sql-out: ")) {
                    sqlOut = unescape(line.substring("-- sql-out: ".length()));
                } else if (line.startsWith("-- sql-keys: ")) {
                    sqlKeys = unescape(line.substring("-- sql-keys: ".length()));
                } else if (line.startsWith("-- sql-cols: ")) {
                    String value = line.substring("-- sql-cols: ".length());
                    int arrow = value.indexOf(" => ");
                    colsNames = value.substring(0, arrow).split(",");
                    colsOut = unescape(value.substring(arrow + 4));
                }
                i++;
            }
            StringBuilder sql = new StringBuilder();
            while (i < lines.length && !lines[i].startsWith(CASE)) {
                sql.append(lines[i]).append('\n');
                i++;
            }
            String body = stripTrailingBlankLines(sql.toString());
            if (expect == null) {
                throw new IllegalStateException(file + ":" + name + " has no '-- expect:' line");
            }
            cases.add(new CorpusCase(file, name, expect, sqlOut, sqlKeys, colsNames, colsOut, body));
        }
        return cases;
    }

    private static boolean header(String line) {
        return line.startsWith("-- expect: ") || line.startsWith("-- sql-out: ") || line.startsWith("-- sql-keys: ")
                || line.startsWith("-- sql-cols: ");
    }

    /** Drops the line break after the last line and any blank lines before it. */
    private static String stripTrailingBlankLines(String text) {
        int end = text.length();
        while (end > 0) {
            int lineStart = text.lastIndexOf('\n', end - 2) + 1;
            String line = text.substring(lineStart, end);
            if (!line.isBlank()) {
                break;
            }
            end = lineStart;
        }
        String body = text.substring(0, end);
        return body.endsWith("\n") ? body.substring(0, body.length() - 1) : body;
    }

    private static String unescape(String value) {
        return value.replace("\\n", "\n").replace("\\t", "\t");
    }
}
