/**
 * PostgreSQL: {@code txid_status}, {@code tableoid} resolution, the catalog checks of mappings and key-changing
 * UPDATEs, and canonical text as pgjdbc delivers each type. Uses {@code io.writethrough.dialect} and the write path's
 * {@code SqlStates} only.
 */
package io.writethrough.dialect.postgres;
