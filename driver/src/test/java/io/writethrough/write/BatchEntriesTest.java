package io.writethrough.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchEntriesTest {

    @Test
    void entriesThatChangedNoRowAreSkipped() throws SQLException {
        BatchEntries entries = BatchEntries.of(new int[] {0, 2, 0, 0, 1, 3, 0});
        assertThat(starts(entries, 6)).containsExactly(true, false, true, true, false, false);
        entries.checkAllRead();
    }

    @Test
    void largeCountsAreReadAlike() throws SQLException {
        BatchEntries entries = BatchEntries.of(new long[] {1, 1});
        assertThat(starts(entries, 2)).containsExactly(true, true);
        entries.checkAllRead();
    }

    @Test
    void aCountThatIsNoNumberOfRowsIsRefused() {
        assertThatThrownBy(() -> BatchEntries.of(new int[] {1, Statement.SUCCESS_NO_INFO}))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("did not report how many rows each entry of a batch changed")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(SqlStates.UNSUPPORTED);
    }

    @Test
    void moreRowsThanTheCountsIsAnInternalError() throws SQLException {
        BatchEntries entries = BatchEntries.of(new int[] {1, 0});
        entries.startsEntry();
        assertThatThrownBy(entries::startsEntry).hasMessageContaining("returned more rows than its update counts");
    }

    @Test
    void fewerRowsThanTheCountsIsAnInternalError() throws SQLException {
        BatchEntries entries = BatchEntries.of(new int[] {2, 1});
        starts(entries, 2);
        assertThatThrownBy(entries::checkAllRead).hasMessageContaining("returned fewer rows than its update counts");
    }

    private static List<Boolean> starts(BatchEntries entries, int rows) throws SQLException {
        List<Boolean> starts = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            starts.add(entries.startsEntry());
        }
        return starts;
    }
}
