package io.writethrough.testing;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The test oracle's own reading of docs/design.md#what-lands-in-redis: the canonical text and the JSON value of
 * one column of a row, written independently of the driver's encoder on purpose.
 *
 * <p>Types are told apart by PostgreSQL's type name ({@code int4}, {@code timestamptz}, {@code _int4} for
 * arrays …), not by {@code java.sql.Types}, which folds several of them together.
 * {@code real} is rendered with {@code Float.toString}: {@code Double.toString} of the widened value prints
 * binary noise ({@code 0.10000000149011612} for {@code 0.1}), which is not the shortest round-trip form.
 * Numeric {@code NaN}/{@code Infinity} have no JSON number form and become JSON strings.
 */
final class ExpectedValues {

    /**
     * Parses JSON keeping every number's exact decimal text ({@code 5.00} stays {@code 5.00}) and rejecting
     * duplicate members and trailing garbage, so that such values show up as differences.
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final JsonNodeFactory NODES = JSON.getNodeFactory();

    private ExpectedValues() {
    }

    /** The column's canonical text, or {@code null} for SQL NULL. */
    static String text(ResultSet row, int column) throws SQLException {
        return text(row, column, typeName(row, column));
    }

    /** The column's value in a JSON entry: SQL NULL is JSON {@code null}. */
    static JsonNode json(ResultSet row, int column) throws SQLException {
        return json(row, column, typeName(row, column));
    }

    private static String text(ResultSet row, int column, String type) throws SQLException {
        if (row.getString(column) == null) {
            return null;
        }
        return switch (type) {
            case "int2", "int4", "int8", "numeric" -> exactDecimal(row.getString(column));
            case "float4" -> Float.toString(row.getFloat(column));
            case "float8" -> Double.toString(row.getDouble(column));
            case "bool" -> Boolean.toString(row.getBoolean(column));
            case "date" -> row.getObject(column, LocalDate.class).format(DateTimeFormatter.ISO_LOCAL_DATE);
            case "time" -> row.getObject(column, LocalTime.class).format(DateTimeFormatter.ISO_LOCAL_TIME);
            case "timestamp" -> row.getObject(column, LocalDateTime.class).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            case "timestamptz" -> DateTimeFormatter.ISO_INSTANT.format(row.getObject(column, OffsetDateTime.class).toInstant());
            case "bytea" -> Base64.getEncoder().encodeToString(row.getBytes(column));
            default -> row.getString(column);
        };
    }

    private static JsonNode json(ResultSet row, int column, String type) throws SQLException {
        if (row.getString(column) == null) {
            return NODES.nullNode();
        }
        if (type.startsWith("_")) {
            return array(row.getArray(column));
        }
        return switch (type) {
            case "int2", "int4", "int8", "numeric" -> {
                String text = exactDecimal(row.getString(column));
                yield isDecimal(text) ? DecimalNode.valueOf(new BigDecimal(text)) : NODES.textNode(text);
            }
            case "bool" -> NODES.booleanNode(row.getBoolean(column));
            case "json", "jsonb" -> parseEmbedded(row.getString(column));
            default -> NODES.textNode(text(row, column, type));
        };
    }

    // pgjdbc's array result set types its value column with the element type, so each element goes through
    // the same rules as a column; a nested array (multi-dimensional) comes back as an array element.
    private static ArrayNode array(Array array) throws SQLException {
        ArrayNode node = NODES.arrayNode();
        try (ResultSet elements = array.getResultSet()) {
            while (elements.next()) {
                node.add(json(elements, 2));
            }
        }
        return node;
    }

    private static JsonNode parseEmbedded(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("PostgreSQL returned json that does not parse: " + e.getOriginalMessage(), e);
        }
    }

    private static String exactDecimal(String text) {
        return isDecimal(text) ? new BigDecimal(text).toPlainString() : text;
    }

    private static boolean isDecimal(String text) {
        try {
            new BigDecimal(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The column's type; pgjdbc names an auto-increment integer column "serial", "bigserial" or "smallserial". */
    private static String typeName(ResultSet row, int column) throws SQLException {
        String name = row.getMetaData().getColumnTypeName(column);
        return switch (name) {
            case "serial" -> "int4";
            case "bigserial" -> "int8";
            case "smallserial" -> "int2";
            default -> name;
        };
    }
}
