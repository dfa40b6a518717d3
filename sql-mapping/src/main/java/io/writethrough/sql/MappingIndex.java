package io.writethrough.sql;

import io.writethrough.mapping.TableMapping;
import io.writethrough.mapping.TableName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The mapped tables by stored name, and the look-ups the analysis makes against them. Immutable. */
final class MappingIndex {

    private final Map<String, List<TableMapping>> byName;
    private final StatementScreen screen;

    MappingIndex(MappedTables tables) {
        Map<String, List<TableMapping>> map = new HashMap<>();
        for (String name : tables.tableNames()) {
            List<TableMapping> unqualifiedFirst = new ArrayList<>();
            for (TableMapping mapping : tables.tablesNamed(name)) {
                if (mapping.table().isQualified()) {
                    unqualifiedFirst.add(mapping);
                } else {
                    unqualifiedFirst.add(0, mapping);
                }
            }
            if (!unqualifiedFirst.isEmpty()) {
                map.put(name, List.copyOf(unqualifiedFirst));
            }
        }
        this.byName = Map.copyOf(map);
        this.screen = new StatementScreen(byName.keySet());
    }

    StatementScreen screen() {
        return screen;
    }

    static TableName tableOf(DmlHead head, String mentioned) {
        return head != null && head.table() != null ? head.table() : TableName.unqualified(mentioned);
    }

    DmlHead anyMappedHead(List<DmlHead> heads) {
        for (DmlHead head : heads) {
            if (isMapped(head)) {
                return head;
            }
        }
        return null;
    }

    /** A head whose table is mapped, or unreadable (and so possibly mapped). */
    boolean isMapped(DmlHead head) {
        return head.table() == null || !candidates(head.table()).isEmpty();
    }

    /** The candidate mappings of a table as written (see {@link WritePlan#mappings()}). */
    List<TableMapping> candidates(TableName written) {
        List<TableMapping> named = byName.getOrDefault(written.name(), List.of());
        if (!written.isQualified() || named.isEmpty()) {
            return named;
        }
        TableMapping unqualified = null;
        for (TableMapping mapping : named) {
            if (written.schema().equals(mapping.table().schema())) {
                return List.of(mapping);
            }
            if (!mapping.table().isQualified()) {
                unqualified = mapping;
            }
        }
        return unqualified == null ? List.of() : List.of(unqualified);
    }

    /** The first identifier in tokens {@code [from, to)} that names a mapped table, or null. */
    String mappedNameIn(Tokens tokens, int from, int to) {
        for (int i = from; i < to; i++) {
            if (tokens.kind(i).isIdentifier()
                    && screen.namesMappedTable(tokens.sql, tokens.kind(i), tokens.start(i), tokens.end(i))) {
                String name = tokens.identifierName(i);
                return name == null ? tokens.text(i) : name;
            }
        }
        return null;
    }

    /** A mapped table named anywhere in {@code sql}, for messages about statements too large to tokenize. */
    TableName anyMappedTableIn(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        for (TokenKind kind = lexer.next(); kind != TokenKind.EOF; kind = lexer.next()) {
            if (kind.isIdentifier() && screen.namesMappedTable(sql, kind, lexer.start, lexer.end)) {
                String name = Identifiers.name(sql, kind, lexer.start, lexer.end);
                return TableName.unqualified(name == null ? sql.substring(lexer.start, lexer.end) : name);
            }
        }
        String body = mappedNameInText(sql);
        return TableName.unqualified(body == null ? "?" : body);
    }

    /** A mapped table name appearing as a word anywhere in {@code text}, ignoring case (for code bodies), or null. */
    String mappedNameInText(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String name : byName.keySet()) {
            String needle = name.toLowerCase(Locale.ROOT);
            for (int at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
                boolean startsWord = at == 0 || !SqlLexer.isIdentifierPart(lower.charAt(at - 1));
                int end = at + needle.length();
                boolean endsWord = end == lower.length() || !SqlLexer.isIdentifierPart(lower.charAt(end));
                if (startsWord && endsWord) {
                    return name;
                }
            }
        }
        return null;
    }
}
