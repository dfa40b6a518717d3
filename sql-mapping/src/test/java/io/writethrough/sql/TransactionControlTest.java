package io.writethrough.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.sql.TransactionControl.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransactionControlTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "BEGIN                                   | BEGIN                 | -",
        "begin transaction isolation level serializable | BEGIN       | -",
        "/* tx */ START TRANSACTION READ WRITE   | BEGIN                 | -",
        "COMMIT                                  | COMMIT                | -",
        "commit work;                            | COMMIT                | -",
        "END TRANSACTION                         | COMMIT                | -",
        "COMMIT AND NO CHAIN                     | COMMIT                | -",
        "COMMIT AND CHAIN                        | UNFOLLOWED            | -",
        "ROLLBACK                                | ROLLBACK              | -",
        "abort                                   | ROLLBACK              | -",
        "ROLLBACK TO SAVEPOINT s1                | ROLLBACK_TO_SAVEPOINT | s1",
        "rollback work to \"Mixed\"              | ROLLBACK_TO_SAVEPOINT | Mixed",
        "SAVEPOINT S1                            | SAVEPOINT             | s1",
        "RELEASE SAVEPOINT s1                    | RELEASE_SAVEPOINT     | s1",
        "release s1                              | RELEASE_SAVEPOINT     | s1",
        "PREPARE TRANSACTION 'x'                 | UNFOLLOWED            | -",
        "COMMIT PREPARED 'x'                     | UNFOLLOWED            | -",
        "ROLLBACK PREPARED 'x'                   | UNFOLLOWED            | -",
        "BEGIN; SELECT 1                         | UNFOLLOWED            | -",
        "SELECT 1; COMMIT                        | UNFOLLOWED            | -",
    })
    void classifiesTransactionControl(String sql, Kind kind, String savepoint) {
        assertThat(TransactionControl.of(sql)).isEqualTo(new TransactionControl(kind, savepoint));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"SELECT 1", "PREPARE p AS SELECT 1", "SET search_path TO x", "STARTx",
        "CREATE TABLE commit (id int)", "-- COMMIT", "ENDPOINT"})
    void otherStatementsAreNone(String sql) {
        assertThat(TransactionControl.of(sql)).isNull();
    }
}
