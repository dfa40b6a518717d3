package io.writethrough.testing;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Semantic JSON equality for the cache oracle: members in any order, numbers equal only with the same decimal
 * value and scale ({@code 5.00} ≠ {@code 5.0} ≠ {@code 5}), everything else by type and value.
 */
final class JsonEquality {

    private JsonEquality() {
    }

    static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() || b.isNumber()) {
            return a.isNumber() && b.isNumber() && a.decimalValue().equals(b.decimalValue());
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> member : a.properties()) {
                JsonNode other = b.get(member.getKey());
                if (other == null || !equal(member.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
