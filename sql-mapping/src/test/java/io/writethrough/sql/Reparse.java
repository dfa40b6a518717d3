package io.writethrough.sql;

import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.Statement;

import java.util.List;

/** Test helper: parses rewritten SQL again with JSqlParser, through the same literal and comment shrinking. */
final class Reparse {

    private Reparse() {
    }

    static Statement statement(String sql) throws ParseException {
        Tokens tokens = Tokens.of(sql, SqlAnalyzer.MAX_TOKENS);
        List<int[]> pieces = StatementPieces.split(tokens);
        if (pieces.size() != 1) {
            throw new AssertionError("expected one statement, got " + pieces.size() + ": " + sql);
        }
        int first = tokens.firstSignificant(pieces.get(0)[0], pieces.get(0)[1]);
        int last = tokens.previousSignificant(pieces.get(0)[1], pieces.get(0)[0]);
        String input = ParserInput.of(tokens, first, last, Integer.MAX_VALUE - 16);
        return CCJSqlParserUtil.newParser(input).withAllowComplexParsing(false).Statement();
    }
}
