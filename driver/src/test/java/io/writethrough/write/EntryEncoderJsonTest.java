package io.writethrough.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import io.writethrough.dialect.ColumnCodec;
import io.writethrough.mapping.MappingConfig;
import io.writethrough.mapping.TableMapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * One encoder writes the JSON documents of many rows with one generator: each row's document stands alone, and a row
 * that fails part-way leaves nothing behind in the next.
 */
class EntryEncoderJsonTest {

    /** Column 1 is the id (the key); column 2 a value the test sets, or a failure. */
    private final Object[] row = new Object[3];

    private final ColumnCodec cell = new ColumnCodec() {
        @Override
        public String text(ResultSet rs, int column) throws SQLException {
            Object value = row[column];
            if (value instanceof SQLException e) {
                throw e;
            }
            return value == null ? null : value.toString();
        }

        @Override
        public void json(JsonGenerator g, ResultSet rs, int column) throws SQLException, IOException {
            String text = text(rs, column);
            if (text == null) {
                g.writeNull();
            } else {
                g.writeString(text);
            }
        }
    };

    private EntryEncoder encoder() {
        Properties properties = new Properties();
        properties.setProperty("table.users.key", "user:{id}");
        properties.setProperty("table.users.format", "json");
        TableMapping mapping = MappingConfig.parse(properties, "test").tables().get(0);
        return new EntryEncoder(mapping, new ColumnCodec[] {null, cell, cell}, new int[] {1}, new int[] {1, 2},
                new String[] {"id", "name"});
    }

    private String document(EntryEncoder encoder, Object id, Object name) throws SQLException {
        row[1] = id;
        row[2] = name;
        return new String(encoder.put(encoder.key(null), null).payload().get(0), StandardCharsets.UTF_8);
    }

    @Test
    void everyRowsDocumentStandsAlone() throws SQLException {
        EntryEncoder encoder = encoder();
        assertThat(document(encoder, 1, "a")).isEqualTo("{\"id\":\"1\",\"name\":\"a\"}");
        assertThat(document(encoder, 2, null)).isEqualTo("{\"id\":\"2\",\"name\":null}");
        assertThat(document(encoder, 3, "c\"é")).isEqualTo("{\"id\":\"3\",\"name\":\"c\\\"é\"}");
    }

    @Test
    void aRowThatFailsPartWayLeavesNothingInTheNext() throws SQLException {
        EntryEncoder encoder = encoder();
        assertThat(document(encoder, 1, "a")).isEqualTo("{\"id\":\"1\",\"name\":\"a\"}");
        SQLException failure = new SQLException("the column could not be read");
        assertThatThrownBy(() -> document(encoder, 2, failure)).isSameAs(failure);
        assertThat(document(encoder, 3, "c")).isEqualTo("{\"id\":\"3\",\"name\":\"c\"}");
    }
}
