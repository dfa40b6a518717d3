package io.writethrough.sql;

/** The kinds of token {@link SqlLexer} reports. */
enum TokenKind {
    /** An unquoted identifier or key word. */
    WORD,
    /** {@code "name"}, with {@code ""} standing for one quote. */
    QUOTED_IDENTIFIER,
    /** {@code U&"name"} with Unicode escapes, including a following {@code UESCAPE 'c'}. */
    UNICODE_IDENTIFIER,
    /** {@code '...'}, {@code E'...'}, {@code B'...'}, {@code X'...'}, {@code N'...'}, {@code U&'...'}. */
    STRING,
    /** {@code $tag$...$tag$}. */
    DOLLAR_STRING,
    NUMBER,
    /** A JDBC {@code ?} or a PostgreSQL {@code $1}. */
    PARAMETER,
    /** A run of operator characters; also {@code ??}, the JDBC escape for PostgreSQL's {@code ?} operator. */
    OPERATOR,
    LINE_COMMENT,
    BLOCK_COMMENT,
    LEFT_PAREN,
    RIGHT_PAREN,
    LEFT_BRACKET,
    RIGHT_BRACKET,
    COMMA,
    SEMICOLON,
    DOT,
    DOUBLE_COLON,
    COLON,
    /** Any other single character, e.g. the braces of JDBC escapes. */
    OTHER,
    EOF;

    boolean isComment() {
        return this == LINE_COMMENT || this == BLOCK_COMMENT;
    }

    boolean isIdentifier() {
        return this == WORD || this == QUOTED_IDENTIFIER || this == UNICODE_IDENTIFIER;
    }

    boolean isString() {
        return this == STRING || this == DOLLAR_STRING;
    }
}
