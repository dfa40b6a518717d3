/**
 * The seam between the driver and the database it wraps: {@link io.writethrough.dialect.Dialect} (the fate of other
 * transactions, the catalog checks, which table a row came from) and {@link io.writethrough.dialect.ColumnCodec}
 * (canonical text and JSON of a column). A second database means a second implementation of these, not edits
 * elsewhere. Uses {@code java.sql}, jackson-core and the sql-mapping module.
 */
package io.writethrough.dialect;
