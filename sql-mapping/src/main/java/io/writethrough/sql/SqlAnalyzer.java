package io.writethrough.sql;

import io.writethrough.mapping.TableName;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns SQL text into an {@link Analysis}. Thread-safe and stateless apart from a parse counter; analyses run on the
 * calling thread and start no threads.
 *
 * <p>A statement first passes a lexer-only screen ({@link #mayWriteMappedTable(String)}); only statements that may
 * write a mapped table are parsed with JSqlParser. The lexer also finds every data-modifying statement inside a
 * statement (data-modifying CTEs, {@code COPY (DELETE ...)}, {@code CREATE TABLE ... AS WITH ...}), so JSqlParser is
 * needed only for the write itself.
 *
 * <p>Hostile input is bounded before it reaches the parser: at most {@value #MAX_STATEMENT_CHARS} characters and
 * {@value #MAX_TOKENS} tokens, at most {@value #MAX_NESTING} levels of parentheses, brackets or CASE, dotted names of
 * at most {@value #MAX_DOTTED_NAME} parts, and at most {@value #MAX_PARSER_INPUT_CHARS} characters of parser input
 * (literals, comments and long value lists are shrunk first, see {@link ParserInput}); a parser stack overflow is
 * caught. Within these bounds JSqlParser 5.4 took at most about 0.6 s on the worst shapes measured; it has no
 * time-out that works without a second thread, so none is used.
 */
public final class SqlAnalyzer {

    static final int MAX_STATEMENT_CHARS = 32 * 1024 * 1024;
    static final int MAX_TOKENS = 1_000_000;
    static final int MAX_PARSER_INPUT_CHARS = 256 * 1024;
    static final int MAX_NESTING = 100;
    static final int MAX_DOTTED_NAME = 16;

    private final MappingIndex index;
    private final StatementScreen screen;
    private final LongAdder parses = new LongAdder();
    private final WriteAnalysis writes;

    /** An analyzer for these mapped tables, read once now. */
    public SqlAnalyzer(MappedTables tables) {
        Objects.requireNonNull(tables, "tables");
        this.index = new MappingIndex(tables);
        this.screen = index.screen();
        this.writes = new WriteAnalysis(index, parses);
    }

    /** Analyses one SQL text as a JDBC application would send it. Never throws for any input text. */
    public Analysis analyze(String sql) {
        Objects.requireNonNull(sql, "sql");
        return withTransactionControl(sql, screen.mayWriteMappedTable(sql) ? analyzeWrites(sql) : NotMapped.INSTANCE);
    }

    /** The full analysis without the screen; tests compare the two. */
    Analysis analyzeFully(String sql) {
        return withTransactionControl(sql, analyzeWrites(sql));
    }

    /**
     * A transaction-control statement is reported as such, except that a multi-statement string that also writes a
     * mapped table stays what the write analysis says (refused as a multi-statement string).
     */
    private static Analysis withTransactionControl(String sql, Analysis writes) {
        TransactionControl control = TransactionControl.of(sql);
        if (control == null || (control.kind() == TransactionControl.Kind.UNFOLLOWED && !(writes instanceof NotMapped))) {
            return writes;
        }
        return control;
    }

    private Analysis analyzeWrites(String sql) {
        try {
            return analyzeText(sql);
        } catch (StackOverflowError e) {
            return new Unsupported(index.anyMappedTableIn(sql), "deeply nested statement",
                    "the statement is too deeply nested to analyse (the SQL parser ran out of stack)");
        }
    }

    /**
     * The lexer-only screen {@link #analyze(String)} applies first: false only when the text certainly writes no row of
     * a mapped table, so that it needs no further analysis.
     */
    public boolean mayWriteMappedTable(String sql) {
        return screen.mayWriteMappedTable(Objects.requireNonNull(sql, "sql"));
    }

    /** How many times this analyzer has run the SQL parser. */
    public long parses() {
        return parses.sum();
    }

    private Analysis analyzeText(String sql) {
        if (sql.length() > MAX_STATEMENT_CHARS) {
            return new Unsupported(index.anyMappedTableIn(sql), "oversized statement", "the statement is too large to "
                    + "analyse (" + sql.length() + " characters; the limit is " + MAX_STATEMENT_CHARS + ")");
        }
        Tokens tokens = Tokens.of(sql, MAX_TOKENS);
        if (tokens == null) {
            return new Unsupported(index.anyMappedTableIn(sql), "oversized statement",
                    "the statement is too large to analyse (more than " + MAX_TOKENS + " tokens)");
        }
        List<int[]> pieces = StatementPieces.split(tokens);
        if (pieces.size() == 1) {
            return analyzeStatement(tokens, pieces.get(0)[0], pieces.get(0)[1]);
        }
        for (int[] piece : pieces) {
            Analysis analysis = analyzeStatement(tokens, piece[0], piece[1]);
            if (analysis instanceof WritePlan plan) {
                return multiStatement(plan.target(), plan.operation().toString());
            }
            if (analysis instanceof Unsupported unsupported) {
                return multiStatement(unsupported.table(), unsupported.construct());
            }
        }
        return NotMapped.INSTANCE;
    }

    private static Unsupported multiStatement(TableName table, String what) {
        return new Unsupported(table, "multi-statement string", "the driver analyses one statement at a time, and "
                + "one of these statements (" + what + ") writes a mapped table; send the statements separately");
    }

    /** Analyses the statement in tokens {@code [from, to)}. */
    private Analysis analyzeStatement(Tokens tokens, int from, int to) {
        int first = tokens.firstSignificant(from, to);
        int last = tokens.previousSignificant(to, from);
        String keyword = tokens.kind(first) == TokenKind.LEFT_PAREN ? "(" : tokens.upperWord(first);
        if ("DO".equals(keyword)) {
            return doBlock(tokens, from, to);
        }
        String mentioned = index.mappedNameIn(tokens, from, to);
        if (mentioned == null) {
            return NotMapped.INSTANCE;
        }
        List<DmlHead> heads = DmlHead.findAll(tokens, from, to);
        if (keyword == null) {
            DmlHead head = index.anyMappedHead(heads);
            return head == null ? NotMapped.INSTANCE : unparsable(head, mentioned);
        }
        switch (keyword) {
            case "INSERT": case "UPDATE": case "DELETE": case "MERGE": case "WITH":
                return writes.analyze(tokens, first, last, keyword, heads, mentioned);
            case "EXPLAIN":
                return explain(tokens, first, to, heads, mentioned);
            case "TRUNCATE":
                return truncate(tokens, first, to);
            case "COPY":
                return copy(tokens, first, to, heads, mentioned);
            default:
                return writesNoRows(tokens, first, to, keyword, heads, mentioned);
        }
    }

    private Analysis writesNoRows(Tokens tokens, int first, int to, String keyword, List<DmlHead> heads,
                                  String mentioned) {
        DmlHead head = index.anyMappedHead(heads);
        if (head == null || "CREATE".equals(keyword) && createsCodeOrRule(tokens, first, to)) {
            return NotMapped.INSTANCE;
        }
        TableName table = MappingIndex.tableOf(head, mentioned);
        if ("PREPARE".equals(keyword)) {
            return new Unsupported(table, "PREPARE of a write", "a statement prepared with SQL PREPARE runs later "
                    + "through EXECUTE, where the driver cannot see the rows it writes");
        }
        if (Keywords.WRITES_NO_ROWS.contains(keyword)) {
            return new Unsupported(table, "data-modifying WITH", "a data-modifying statement inside the statement "
                    + "writes rows the driver cannot see");
        }
        return unparsable(head, mentioned);
    }

    /** CREATE RULE, FUNCTION, PROCEDURE and TRIGGER hold statements that run later, not now. */
    private static boolean createsCodeOrRule(Tokens tokens, int create, int to) {
        int i = tokens.nextSignificant(create, to);
        if (tokens.isWord(i, "OR")) {
            i = tokens.nextSignificant(tokens.nextSignificant(i, to), to);
        }
        if (tokens.isWord(i, "CONSTRAINT") || tokens.isWord(i, "EVENT")) {
            i = tokens.nextSignificant(i, to);
        }
        return tokens.isWord(i, "RULE") || tokens.isWord(i, "FUNCTION") || tokens.isWord(i, "PROCEDURE")
                || tokens.isWord(i, "TRIGGER");
    }

    private Analysis explain(Tokens tokens, int explain, int to, List<DmlHead> heads, String mentioned) {
        DmlHead head = index.anyMappedHead(heads);
        if (head == null || !ExplainOptions.executes(tokens, explain, to)) {
            return NotMapped.INSTANCE;
        }
        return new Unsupported(MappingIndex.tableOf(head, mentioned), "EXPLAIN ANALYZE",
                "EXPLAIN ANALYZE executes the write but returns a query plan instead of the written rows");
    }

    private Analysis truncate(Tokens tokens, int truncate, int to) {
        int i = tokens.nextSignificant(truncate, to);
        if (tokens.isWord(i, "TABLE")) {
            i = tokens.nextSignificant(i, to);
        }
        while (i >= 0) {
            if (tokens.isWord(i, "ONLY")) {
                i = tokens.nextSignificant(i, to);
            }
            QualifiedName name = QualifiedName.at(tokens, i, to);
            if (name == null) {
                break;
            }
            if (name.table() == null || !index.candidates(name.table()).isEmpty()) {
                return new Unsupported(name.tableOr(index.mappedNameIn(tokens, truncate, to)), Unsupported.TRUNCATE,
                        "TRUNCATE removes rows without returning them, so their Redis keys cannot be found");
            }
            i = tokens.nextSignificant(name.last(), to);
            if (tokens.isOperator(i, "*")) {
                i = tokens.nextSignificant(i, to);
            }
            if (i < 0 || tokens.kind(i) != TokenKind.COMMA) {
                break;
            }
            i = tokens.nextSignificant(i, to);
        }
        return NotMapped.INSTANCE;
    }

    private Analysis copy(Tokens tokens, int copy, int to, List<DmlHead> heads, String mentioned) {
        DmlHead head = index.anyMappedHead(heads);
        if (head != null) {
            return new Unsupported(MappingIndex.tableOf(head, mentioned), "COPY of a data-modifying query",
                    "the rows the query writes are sent to COPY's output, not to the driver");
        }
        int i = tokens.nextSignificant(copy, to);
        if (tokens.isWord(i, "BINARY")) {
            i = tokens.nextSignificant(i, to);
        }
        QualifiedName name = QualifiedName.at(tokens, i, to);
        if (name == null) {
            return NotMapped.INSTANCE;
        }
        int direction = tokens.nextSignificant(name.last(), to);
        if (direction >= 0 && tokens.kind(direction) == TokenKind.LEFT_PAREN) {
            int close = tokens.closing(direction, to);
            direction = close < 0 ? -1 : tokens.nextSignificant(close, to);
        }
        if (!tokens.isWord(direction, "FROM") || name.table() != null && index.candidates(name.table()).isEmpty()) {
            return NotMapped.INSTANCE;
        }
        return new Unsupported(name.tableOr(mentioned), "COPY ... FROM",
                "COPY FROM loads rows without returning them, so their Redis entries cannot be written");
    }

    private Analysis doBlock(Tokens tokens, int from, int to) {
        for (int i = from; i < to; i++) {
            if (tokens.kind(i).isString()) {
                String name = index.mappedNameInText(tokens.text(i));
                if (name != null) {
                    return new Unsupported(TableName.unqualified(name), "DO block",
                            "the anonymous code block's body mentions the table and cannot be analysed");
                }
            }
        }
        return NotMapped.INSTANCE;
    }


    private static Unsupported unparsable(DmlHead head, String mentioned) {
        return Unsupported.unparsable(MappingIndex.tableOf(head, mentioned), "statement",
                WriteAnalysis.PARSER + " cannot parse it");
    }
}
