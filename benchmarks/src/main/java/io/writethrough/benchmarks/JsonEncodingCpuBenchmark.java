package io.writethrough.benchmarks;

import io.writethrough.shaded.jackson.core.JsonEncoding;
import io.writethrough.shaded.jackson.core.JsonFactory;
import io.writethrough.shaded.jackson.core.JsonGenerator;
import io.writethrough.dialect.ColumnCodec;
import io.writethrough.dialect.postgres.ColumnType;
import io.writethrough.mapping.MappingConfig;
import io.writethrough.mapping.TableMapping;
import io.writethrough.redis.EntryWrite;
import io.writethrough.write.EntryEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The CPU of encoding one row as a JSON entry, no I/O, for a row of {@code writethrough-cli}'s benchmark table
 * ({@code id bigint, name text, email text, score numeric, active boolean, created timestamptz}). {@code perRowGenerator}
 * (the baseline) encodes as the driver did before: a new Jackson generator per row and the timestamptz text by
 * {@link DateTimeFormatter#ISO_INSTANT}; {@code encoder} is {@link EntryEncoder#put} as it is (one generator for the
 * encoder's rows, the timestamptz text made directly). Both read the same fake row through a
 * {@link java.lang.reflect.Proxy}, whose calls cost the same in both. Jackson is the driver's shaded copy, as the
 * driver jar carries it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JsonEncodingCpuBenchmark {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final String[] LABELS = {"id", "name", "email", "score", "active", "created"};
    private static final ColumnType[] TYPES = {null, ColumnType.INTEGER, ColumnType.TEXT, ColumnType.TEXT,
        ColumnType.NUMERIC, ColumnType.BOOLEAN, ColumnType.TIMESTAMPTZ};

    private final Object[] row = new Object[7];
    private ResultSet rs;
    private EntryEncoder encoder;
    private long id;

    @Setup
    public void setUp() {
        Properties mappingFile = new Properties();
        mappingFile.setProperty("table.bench_j.key", "j:{id}");
        mappingFile.setProperty("table.bench_j.format", "json");
        TableMapping mapping = MappingConfig.parse(mappingFile, "benchmark mapping").tables().get(0);
        encoder = new EntryEncoder(mapping, TYPES, new int[] {1}, new int[] {1, 2, 3, 4, 5, 6}, LABELS);
        boolean[] lastWasNull = new boolean[1];
        rs = (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("wasNull")) {
                        return lastWasNull[0];
                    }
                    Object value = row[(Integer) args[0]];
                    lastWasNull[0] = value == null;
                    return switch (method.getName()) {
                        case "getLong" -> value == null ? 0L : (Long) value;
                        case "getBoolean" -> value != null && (Boolean) value;
                        case "getString" -> value == null ? null : value.toString();
                        case "getObject" -> value;
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }

    private void nextRow() {
        long n = ++id;
        row[1] = n;
        row[2] = "user " + n;
        row[3] = "user" + n + "@example.com";
        row[4] = BigDecimal.valueOf(n % 100_000, 2);
        row[5] = n % 2 == 0;
        row[6] = Instant.ofEpochSecond(1_767_225_600L + n).atOffset(ZoneOffset.UTC);
    }

    @Benchmark
    public byte[] perRowGenerator() throws SQLException, IOException {
        nextRow();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 32 * LABELS.length);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            for (int i = 0; i < LABELS.length; i++) {
                g.writeFieldName(LABELS[i]);
                ColumnCodec type = TYPES[i + 1];
                if (type == ColumnType.TIMESTAMPTZ) {
                    OffsetDateTime v = rs.getObject(i + 1, OffsetDateTime.class);
                    g.writeString(DateTimeFormatter.ISO_INSTANT.format(v.toInstant()));
                } else {
                    type.json(g, rs, i + 1);
                }
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    @Benchmark
    public EntryWrite encoder() throws SQLException {
        nextRow();
        return encoder.put("j:" + id, rs);
    }
}
