package io.writethrough.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link InstantText} gives {@link DateTimeFormatter#ISO_INSTANT}'s text for every instant. */
class InstantTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", "1970-01-01T00:00:00Z",
        "2026-06-30T23:59:59.5Z", "2026-06-30T23:59:59.123Z", "2026-06-30T23:59:59.000001Z",
        "2026-06-30T23:59:59.123456Z", "2026-06-30T23:59:59.000000001Z", "2026-06-30T23:59:59.100000010Z",
        "0000-01-01T00:00:00Z", "0999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999999Z",
        "1969-12-31T23:59:59.999Z", "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-4713-11-24T00:00:00Z",
        "+294276-12-31T23:59:59.999999Z"})
    void givesTheFormattersText(String instant) {
        OffsetDateTime value = Instant.parse(instant).atOffset(ZoneOffset.UTC);
        assertThat(InstantText.of(value)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(value.toInstant()));
    }

    @Test
    void givesTheFormattersTextForRandomInstantsAndOffsets() {
        SplittableRandom random = new SplittableRandom(20261206);
        long from = Instant.parse("-4713-11-24T00:00:00Z").getEpochSecond();
        long to = Instant.parse("+294276-12-31T23:59:59Z").getEpochSecond();
        long commonFrom = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
        long commonTo = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long second = i % 4 == 0 ? random.nextLong(from, to) : random.nextLong(commonFrom, commonTo);
            int nano = switch (i % 5) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(i % 3 == 0 ? 0 : random.nextInt(-18 * 3600, 18 * 3600 + 1));
            OffsetDateTime value = Instant.ofEpochSecond(second, nano).atOffset(offset);
            assertThat(InstantText.of(value)).as("%s", value)
                    .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(value.toInstant()));
        }
    }

    @Test
    void givesTheFormattersTextForTheFarthestValues() {
        // pgjdbc reads 'infinity' and '-infinity' as these.
        for (OffsetDateTime value : new OffsetDateTime[] {OffsetDateTime.MAX, OffsetDateTime.MIN}) {
            assertThat(InstantText.of(value)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(value.toInstant()));
        }
    }
}
