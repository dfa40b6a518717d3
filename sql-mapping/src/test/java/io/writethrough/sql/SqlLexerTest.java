package io.writethrough.sql;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqlLexerTest {

    private static List<String> tokens(String sql) {
        List<String> out = new ArrayList<>();
        SqlLexer lexer = new SqlLexer(sql);
        for (TokenKind kind = lexer.next(); kind != TokenKind.EOF; kind = lexer.next()) {
            out.add(kind + ":" + sql.substring(lexer.start, lexer.end));
        }
        return out;
    }

    @Test
    void readsStringsOfEveryKind() {
        assertThat(tokens("'it''s' E'a\\'b' e'\\\\' B'01' X'ff' N'n' U&'\\0041'"))
                .containsExactly("STRING:'it''s'", "STRING:E'a\\'b'", "STRING:e'\\\\'", "STRING:B'01'",
                        "STRING:X'ff'", "STRING:N'n'", "STRING:U&'\\0041'");
    }

    @Test
    void backslashDoesNotEscapeInStandardStrings() {
        assertThat(tokens("'C:\\' , x")).containsExactly("STRING:'C:\\'", "COMMA:,", "WORD:x");
    }

    @Test
    void readsDollarQuotesAndParameters() {
        assertThat(tokens("$$a'b$$ $tag$ $$ ; $tag$ $1 $23 $"))
                .containsExactly("DOLLAR_STRING:$$a'b$$", "DOLLAR_STRING:$tag$ $$ ; $tag$", "PARAMETER:$1",
                        "PARAMETER:$23", "OTHER:$");
    }

    @Test
    void dollarInsideAnIdentifierIsPartOfIt() {
        assertThat(tokens("a$b$ c")).containsExactly("WORD:a$b$", "WORD:c");
    }

    @Test
    void readsNestedCommentsAndLineComments() {
        assertThat(tokens("/* a /* b */ c */x-- y\nz"))
                .containsExactly("BLOCK_COMMENT:/* a /* b */ c */", "WORD:x", "LINE_COMMENT:-- y", "WORD:z");
    }

    @Test
    void operatorsStopBeforeComments() {
        assertThat(tokens("a=-- c\n1 b*/* d */2")).containsExactly("WORD:a", "OPERATOR:=", "LINE_COMMENT:-- c",
                "NUMBER:1", "WORD:b", "OPERATOR:*", "BLOCK_COMMENT:/* d */", "NUMBER:2");
    }

    @Test
    void questionMarksAreParametersUnlessDoubled() {
        assertThat(tokens("a=? AND b ?? 'k' AND c ??| d ?"))
                .containsExactly("WORD:a", "OPERATOR:=", "PARAMETER:?", "WORD:AND", "WORD:b", "OPERATOR:??",
                        "STRING:'k'", "WORD:AND", "WORD:c", "OPERATOR:??|", "WORD:d", "PARAMETER:?");
    }

    @Test
    void readsNumbersCastsAndPunctuation() {
        assertThat(tokens("1.5e-3 .5 0x1F 1_000 ?::int[] a.b (x)"))
                .containsExactly("NUMBER:1.5e-3", "NUMBER:.5", "NUMBER:0x1F", "NUMBER:1_000", "PARAMETER:?",
                        "DOUBLE_COLON:::", "WORD:int", "LEFT_BRACKET:[", "RIGHT_BRACKET:]", "WORD:a", "DOT:.",
                        "WORD:b", "LEFT_PAREN:(", "WORD:x", "RIGHT_PAREN:)");
    }

    @Test
    void readsQuotedAndUnicodeIdentifiers() {
        assertThat(tokens("\"a\"\"b\" U&\"\\0061\" u&\"!0061\" UESCAPE '!' .x"))
                .containsExactly("QUOTED_IDENTIFIER:\"a\"\"b\"", "UNICODE_IDENTIFIER:U&\"\\0061\"",
                        "UNICODE_IDENTIFIER:u&\"!0061\" UESCAPE '!'", "DOT:.", "WORD:x");
    }

    @Test
    void nonAsciiLettersBelongToIdentifiers() {
        assertThat(tokens("zoë_tbl ÜBER")).containsExactly("WORD:zoë_tbl", "WORD:ÜBER");
    }

    @Test
    void unclosedConstructsRunToTheEndAndAreFlagged() {
        for (String sql : List.of("'abc", "E'abc\\'", "\"abc", "$$abc", "$q$abc$$", "/* abc /* */", "U&\"x")) {
            SqlLexer lexer = new SqlLexer("x " + sql);
            lexer.next();
            lexer.next();
            assertThat(lexer.end).as(sql).isEqualTo(sql.length() + 2);
            assertThat(lexer.unterminated).as(sql).isTrue();
            assertThat(lexer.next()).isEqualTo(TokenKind.EOF);
        }
        SqlLexer closed = new SqlLexer("'a' \"b\" $$c$$ /* d */");
        while (closed.next() != TokenKind.EOF) {
            assertThat(closed.unterminated).isFalse();
        }
    }

    @Test
    void tokensTrackDepthNestingAndDottedNames() {
        Tokens tokens = Tokens.of("f((a)) + CASE WHEN x THEN CASE WHEN y THEN 1 END END + a.b.c.d", 1000);
        assertThat(tokens.depth(0)).isZero();
        assertThat(tokens.depth(1)).isZero();
        assertThat(tokens.depth(2)).isEqualTo(1);
        assertThat(tokens.depth(4)).isEqualTo(1);
        assertThat(tokens.depth(5)).isZero();
        assertThat(tokens.maxNesting()).isEqualTo(2);
        assertThat(tokens.longestDottedName()).isEqualTo(4);
        assertThat(Tokens.of("a b c d", 3)).isNull();
    }
}
