/**
 * Runnable programs that use the driver as an application would: the quick-start demo, plain JDBC, HikariCP and
 * Hibernate/JPA. Each has a test that runs it against a real PostgreSQL and Redis.
 */
package io.writethrough.examples;
