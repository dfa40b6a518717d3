package io.writethrough.mapping;

/** How a mapped row is stored in Redis (docs/design.md#what-lands-in-redis). */
public enum ValueFormat {
    /** One Redis hash per row, a field per column; SQL NULL leaves the field out. */
    HASH,
    /** One Redis string per row holding a JSON object; SQL NULL is {@code null}. */
    JSON
}
