package io.writethrough.sql;

/**
 * A SQL text with its {@link Analysis}, and its {@link WriteCues} read the first time they are asked for (only
 * databases whose catalog holds functions that can write, triggers or foreign-key actions ever ask). Thread-safe:
 * two threads asking at once may both read the cues, and get equal ones.
 */
public final class AnalyzedStatement {

    private final String sql;
    private final Analysis analysis;
    private final boolean changesCatalog;
    private final boolean mayReshapeTables;
    private volatile WriteCues cues;

    AnalyzedStatement(String sql, Analysis analysis) {
        this.sql = sql;
        this.analysis = analysis;
        String firstWord = WriteCues.firstWord(sql);
        this.changesCatalog = WriteCues.isCatalogChange(firstWord);
        this.mayReshapeTables = TableReshape.mayStartOne(firstWord);
    }

    /** The statement starts with CREATE, ALTER, DROP or COMMENT: it may change functions, triggers or foreign keys. */
    public boolean changesCatalog() {
        return changesCatalog;
    }

    /** The statement may hold a {@link TableReshape}: it starts with CREATE, ALTER, DROP, COMMENT or TRUNCATE. */
    public boolean mayReshapeTables() {
        return mayReshapeTables;
    }

    public String sql() {
        return sql;
    }

    public Analysis analysis() {
        return analysis;
    }

    /** What in the text could make PostgreSQL write rows the statement does not return. */
    public WriteCues cues() {
        WriteCues known = cues;
        if (known == null) {
            known = WriteCues.of(sql);
            cues = known;
        }
        return known;
    }
}
