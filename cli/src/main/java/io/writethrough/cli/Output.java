package io.writethrough.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.writethrough.audit.AuditReport;
import io.writethrough.audit.Difference;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/** How reports are printed: text lines a person and a script can read, or one JSON object. */
final class Output {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private Output() {
    }

    /**
     * The differences named, one line per table, {@code extra} if any, and last the summary line
     * {@code rows=N matching=N missing=N stale=N orphan=N}.
     */
    static void differences(PrintWriter out, AuditReport report, String extra) {
        for (Difference difference : report.differences()) {
            out.println(difference.describe());
        }
        AuditReport.Counts total = report.total();
        long found = total.missing() + total.stale() + total.orphan();
        if (found > report.differences().size()) {
            out.println("(" + (found - report.differences().size()) + " more differences counted, not named; see --show)");
        }
        for (Map.Entry<String, AuditReport.Counts> table : report.tables().entrySet()) {
            AuditReport.Counts c = table.getValue();
            out.println("table " + table.getKey() + ": " + c.summary()
                    + (c.owned() > 0 ? " owned=" + c.owned() : ""));
        }
        if (extra != null) {
            out.println(extra);
        }
        out.println(total.summary());
        out.flush();
    }

    /** One line per table, then the totals. */
    static void warm(PrintWriter out, AuditReport report) {
        for (Map.Entry<String, AuditReport.Counts> table : report.tables().entrySet()) {
            out.println("table " + table.getKey() + ": " + warmed(table.getValue()));
        }
        out.println(warmed(report.total()));
        out.flush();
    }

    private static String warmed(AuditReport.Counts c) {
        return "rows=" + c.rows() + " written=" + c.written() + " owned=" + c.owned();
    }

    /**
     * {@code {"command":…, "consistent":…, "total":{counts}, "tables":{"name":{counts}…}, "differences":[…]}}, where
     * counts are rows, matching, missing, stale, orphan, written, deleted, owned.
     */
    static void json(PrintWriter out, String command, AuditReport report) {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("command", command);
            g.writeBooleanField("consistent", report.consistent());
            g.writeFieldName("total");
            counts(g, report.total());
            g.writeObjectFieldStart("tables");
            for (Map.Entry<String, AuditReport.Counts> table : report.tables().entrySet()) {
                g.writeFieldName(table.getKey());
                counts(g, table.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("differences");
            for (Difference d : report.differences()) {
                g.writeStartObject();
                g.writeStringField("table", d.table());
                g.writeStringField("kind", d.kind().name().toLowerCase(Locale.ROOT));
                g.writeStringField("key", d.key());
                g.writeStringField("field", d.field());
                g.writeStringField("redis", d.redisValue());
                g.writeStringField("database", d.databaseValue());
                g.writeStringField("action", d.action().name().toLowerCase(Locale.ROOT));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }

    private static void counts(JsonGenerator g, AuditReport.Counts c) throws IOException {
        g.writeStartObject();
        g.writeNumberField("rows", c.rows());
        g.writeNumberField("matching", c.matching());
        g.writeNumberField("missing", c.missing());
        g.writeNumberField("stale", c.stale());
        g.writeNumberField("orphan", c.orphan());
        g.writeNumberField("written", c.written());
        g.writeNumberField("deleted", c.deleted());
        g.writeNumberField("owned", c.owned());
        g.writeEndObject();
    }
}
