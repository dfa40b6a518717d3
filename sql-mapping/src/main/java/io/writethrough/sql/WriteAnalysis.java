package io.writethrough.sql;

import io.writethrough.mapping.TableMapping;
import io.writethrough.mapping.TableName;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Analyses an INSERT, UPDATE, DELETE or MERGE (possibly after WITH): finds the write with the lexer, refuses the
 * constructs that cannot be followed, has JSqlParser confirm the statement and read its SET and ON CONFLICT clauses,
 * and builds the {@link WritePlan}.
 */
final class WriteAnalysis {

    static final String PARSER = "JSqlParser 5.4";

    private final MappingIndex index;
    private final LongAdder parses;

    WriteAnalysis(MappingIndex index, LongAdder parses) {
        this.index = index;
        this.parses = parses;
    }

    /**
     * @param first     the statement's first significant token (INSERT, UPDATE, DELETE, MERGE or WITH)
     * @param last      its last significant token
     * @param heads     every data-modifying head in the statement
     * @param mentioned a mapped table the statement names, for messages when no better table is known
     */
    Analysis analyze(Tokens tokens, int first, int last, String keyword, List<DmlHead> heads, String mentioned) {
        int mainIndex = "WITH".equals(keyword) ? WithClause.statementAfter(tokens, first, last + 1) : first;
        if (mainIndex < 0) {
            DmlHead head = index.anyMappedHead(heads);
            return head == null ? NotMapped.INSTANCE : Unsupported.unparsable(MappingIndex.tableOf(head, mentioned),
                    "WITH statement", PARSER + " cannot parse it");
        }
        DmlHead main = null;
        for (DmlHead head : heads) {
            if (head.head() == mainIndex) {
                main = head;
            } else if (index.isMapped(head)) {
                return new Unsupported(MappingIndex.tableOf(head, mentioned), "data-modifying WITH", "a data-"
                        + "modifying statement inside WITH writes rows the driver cannot see (only SELECT is "
                        + "supported in WITH)");
            }
        }
        if (main == null) {
            // A query after WITH, or a write PostgreSQL would reject.
            return NotMapped.INSTANCE;
        }
        if (main.table() == null) {
            return Unsupported.unparsable(MappingIndex.tableOf(main, mentioned), keyword,
                    "its target table cannot be read");
        }
        List<TableMapping> candidates = index.candidates(main.table());
        if (candidates.isEmpty()) {
            return NotMapped.INSTANCE;
        }
        return analyzeMappedWrite(tokens, first, last, main, candidates);
    }

    private Analysis analyzeMappedWrite(Tokens tokens, int first, int last, DmlHead main,
                                        List<TableMapping> candidates) {
        TableName target = main.table();
        Clauses clauses = Clauses.of(tokens, main, last);
        Unsupported refused = refusedConstruct(tokens, main, clauses);
        if (refused != null) {
            return refused;
        }
        String input = ParserInput.of(tokens, first, last, SqlAnalyzer.MAX_PARSER_INPUT_CHARS);
        if (input == null) {
            return tooComplex(target, "its parser input exceeds " + SqlAnalyzer.MAX_PARSER_INPUT_CHARS
                    + " characters");
        }
        ParsedWrite parsed;
        try {
            parses.increment();
            parsed = ParsedWrite.of(CCJSqlParserUtil.newParser(input).withAllowComplexParsing(false).Statement());
        } catch (ParseException | RuntimeException e) {
            return unparsable(main, PARSER + " cannot parse it");
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Error e) {
            // JavaCC-generated parsers throw plain Errors on some inputs ("Missing return statement").
            return unparsable(main, PARSER + " failed on it");
        }
        String disagreement = disagreement(parsed, main, clauses.returning() >= 0);
        if (disagreement != null) {
            return unparsable(main, disagreement);
        }
        return plan(tokens, first, last, main, clauses, parsed, candidates);
    }

    /** The constructs refused before parsing, or null. */
    private static Unsupported refusedConstruct(Tokens tokens, DmlHead main, Clauses clauses) {
        TableName target = main.table();
        if (main.kind() == DmlHead.Kind.MERGE) {
            return new Unsupported(target, "MERGE",
                    "MERGE is not analysed yet (before PostgreSQL 17 it cannot return the rows it writes)");
        }
        if (main.only()) {
            return new Unsupported(target, main.kind() == DmlHead.Kind.UPDATE ? "UPDATE ONLY" : "DELETE FROM ONLY",
                    PARSER + " cannot parse ONLY, so the statement cannot be analysed yet");
        }
        if (clauses.currentOf()) {
            return new Unsupported(target, "WHERE CURRENT OF", "writes positioned on a cursor are not analysed yet");
        }
        if (tokens.unterminated()) {
            // A RETURNING appended after an open quote or comment would become part of it.
            return unparsable(main, "a string, quoted identifier or comment is not closed");
        }
        if (tokens.malformed()) {
            // JSqlParser accepts some of these; PostgreSQL does not, and should be the one to say so.
            return unparsable(main, "it has a character or Unicode escape PostgreSQL does not accept");
        }
        if (tokens.maxNesting() > SqlAnalyzer.MAX_NESTING || tokens.longestDottedName() > SqlAnalyzer.MAX_DOTTED_NAME) {
            return tooComplex(target, "it nests " + tokens.maxNesting() + " levels deep or chains "
                    + tokens.longestDottedName() + " names; the limits are " + SqlAnalyzer.MAX_NESTING + " and "
                    + SqlAnalyzer.MAX_DOTTED_NAME);
        }
        return null;
    }

    private static Analysis plan(Tokens tokens, int first, int last, DmlHead main, Clauses clauses,
                                 ParsedWrite parsed, List<TableMapping> candidates) {
        TableName target = main.table();
        boolean needsTableCheck = !target.isQualified()
                && candidates.stream().anyMatch(mapping -> mapping.table().isQualified());
        ReturningRewrite rewrite = new ReturningRewrite(tokens, first, last, main, clauses.returning());
        // An UPDATE or DELETE whose WHERE fixes the key touches at most one row.
        int byKeyRows = byKey(parsed, candidates) ? 1 : -1;
        switch (main.kind()) {
            case INSERT: {
                String key = parsed.conflictUpdate() ? firstKeyColumn(parsed.conflictAssigned(), candidates) : null;
                if (key != null) {
                    return new Unsupported(target, "key change inside ON CONFLICT DO UPDATE", "DO UPDATE assigns "
                            + "key column \"" + key + "\", and an upsert cannot return the old key, so the old entry "
                            + "could not be removed (not supported for now)");
                }
                Operation operation = parsed.conflictAny() ? Operation.UPSERT : Operation.INSERT;
                // One VALUES row inserts (or, in an upsert, updates) at most one row.
                int rows = parsed.values() ? valuesRows(tokens, clauses.values(), last) : -1;
                return rewrite.plan(operation, target, candidates, needsTableCheck).returningAtMost(rows);
            }
            case UPDATE: {
                String key = firstKeyColumn(parsed.assigned(), candidates);
                if (key == null) {
                    return rewrite.plan(Operation.UPDATE, target, candidates, needsTableCheck)
                            .returningAtMost(byKeyRows);
                }
                if (parsed.from() || clauses.from()) {
                    return new Unsupported(target, "key-changing UPDATE with FROM", "the UPDATE assigns key column \""
                            + key + "\" and already has a FROM clause, so the old key cannot be returned (not "
                            + "supported for now)");
                }
                List<String> keys = candidates.get(0).key().columns();
                for (TableMapping candidate : candidates) {
                    if (!Set.copyOf(candidate.key().columns()).equals(Set.copyOf(keys))) {
                        return new Unsupported(target, "key-changing UPDATE", "the UPDATE assigns key column \""
                                + key + "\" and the table name has mappings with different key columns, so the old "
                                + "key cannot be returned (not supported for now)");
                    }
                }
                return rewrite.keyChangePlan(target, candidates, needsTableCheck, clauses.where(), keys)
                        .returningAtMost(byKeyRows);
            }
            default:
                return rewrite.plan(Operation.DELETE, target, candidates, needsTableCheck)
                        .returningAtMost(byKeyRows);
        }
    }

    /** Why the parser's reading differs from the lexer's, or null when they agree. */
    private static String disagreement(ParsedWrite parsed, DmlHead main, boolean returning) {
        if (parsed == null || parsed.kind() != main.kind()) {
            return PARSER + " reads it as a different kind of statement";
        }
        if (!main.table().equals(parsed.target())) {
            return PARSER + " reads a different target table";
        }
        if (parsed.returning() != returning) {
            return PARSER + " reads its RETURNING clause differently";
        }
        if (parsed.foreignSyntax()) {
            return "it uses syntax PostgreSQL does not have";
        }
        return null;
    }

    /** The first key-template column of any candidate among {@code assigned}, or null. */
    private static String firstKeyColumn(Set<String> assigned, List<TableMapping> candidates) {
        for (TableMapping candidate : candidates) {
            for (String column : candidate.key().columns()) {
                if (assigned.contains(column)) {
                    return column;
                }
            }
        }
        return null;
    }

    private static Unsupported unparsable(DmlHead main, String why) {
        return Unsupported.unparsable(main.table(), main.kind().toString(), why);
    }

    private static Unsupported tooComplex(TableName target, String why) {
        return new Unsupported(target, "oversized statement",
                "the statement is too large or too deeply nested to analyse: " + why);
    }

    /**
     * The WHERE fixes every key column of every candidate mapping: then the statement touches at most one row, as a
     * mapping's key must identify a row (were it not to, several rows would share one Redis key anyway).
     */
    private static boolean byKey(ParsedWrite parsed, List<TableMapping> candidates) {
        return !parsed.fixed().isEmpty()
                && candidates.stream().allMatch(mapping -> parsed.fixed().containsAll(mapping.key().columns()));
    }

    /**
     * The rows of the list that follows {@code VALUES} at token {@code values}, counted in the text: the parser sees
     * only the first (see {@link ParserInput}). -1 when there is no such list.
     */
    private static int valuesRows(Tokens tokens, int values, int last) {
        int rows = 0;
        int open = values < 0 ? -1 : tokens.nextSignificant(values, last + 1);
        while (open >= 0 && tokens.kind(open) == TokenKind.LEFT_PAREN) {
            int close = tokens.closing(open, last + 1);
            if (close < 0) {
                return -1;
            }
            rows++;
            int comma = tokens.nextSignificant(close, last + 1);
            open = comma >= 0 && tokens.kind(comma) == TokenKind.COMMA ? tokens.nextSignificant(comma, last + 1) : -1;
        }
        return rows == 0 ? -1 : rows;
    }

    /**
     * Where the write's clauses are, found at the write's own parenthesis depth.
     *
     * @param where     token index of WHERE, or -1
     * @param returning token index of the statement's own RETURNING, or -1
     * @param currentOf the WHERE is {@code WHERE CURRENT OF}
     * @param from      an UPDATE has FROM between SET and WHERE (other than {@code IS [NOT] DISTINCT FROM})
     * @param values    token index of an INSERT's VALUES, or -1
     */
    private record Clauses(int where, int returning, boolean currentOf, boolean from, int values) {

        static Clauses of(Tokens tokens, DmlHead main, int last) {
            int depth = tokens.depth(main.head());
            int after = main.after(tokens, last + 1);
            int where = find(tokens, after, last, depth, "WHERE");
            int returning = find(tokens, after, last, depth, "RETURNING");
            boolean currentOf = where >= 0 && tokens.isWord(tokens.nextSignificant(where, last + 1), "CURRENT");
            int setEnd = where >= 0 ? where : returning >= 0 ? returning : last + 1;
            boolean from = false;
            for (int i = after; i >= 0 && i < setEnd; i = tokens.nextSignificant(i, setEnd)) {
                from |= tokens.depth(i) == depth && tokens.isWord(i, "FROM")
                        && !tokens.isWord(tokens.previousSignificant(i, after), "DISTINCT");
            }
            int values = main.kind() == DmlHead.Kind.INSERT ? find(tokens, after, last, depth, "VALUES") : -1;
            return new Clauses(where, returning, currentOf, main.kind() == DmlHead.Kind.UPDATE && from, values);
        }

        /** The first {@code word} at {@code depth} in tokens {@code [from, last]}, or -1. */
        private static int find(Tokens tokens, int from, int last, int depth, String word) {
            for (int i = from; i >= 0 && i <= last; i = tokens.nextSignificant(i, last + 1)) {
                if (tokens.depth(i) == depth && tokens.isWord(i, word)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
