package io.writethrough.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which mapping a table the database names (schema and name) belongs to. */
class MappedTablesTest {

    private static final MappedTables TABLES = CorpusTables.TABLES;

    @Test
    void aQualifiedMappingWinsInItsSchemaAndTheUnqualifiedOneElsewhere() {
        assertThat(TABLES.mappingOf("crm", "customers").table().schema()).isEqualTo("crm");
        assertThat(TABLES.mappingOf("public", "customers").table().isQualified()).isFalse();
        assertThat(TABLES.mappingOf("public", "users").table().name()).isEqualTo("users");
    }

    @Test
    void aQualifiedMappingDoesNotReachOtherSchemas() {
        assertThat(TABLES.mappingOf("sales", "invoices")).isNotNull();
        assertThat(TABLES.mappingOf("public", "invoices")).isNull();
        assertThat(TABLES.mappingOf("public", "audit_log")).isNull();
        assertThat(TABLES.mappingOf("public", "accmixed")).as("stored names are exact").isNull();
    }

    @Test
    void anUnknownSchemaCountsAsMappedWhenAnyMappingHasTheName() {
        assertThat(TABLES.mappingOf(null, "invoices").table().schema()).isEqualTo("sales");
        assertThat(TABLES.mappingOf(null, "customers").table().isQualified()).isFalse();
        assertThat(TABLES.mappingOf(null, "products")).isNull();
    }
}
