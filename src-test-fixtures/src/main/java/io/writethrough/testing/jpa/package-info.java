/**
 * JPA entities shared by the Hibernate tests of the examples (plain Hibernate and Spring Boot): a JOINED hierarchy,
 * whose bulk statements Hibernate sends as one statement per table. The tests that use them bring JPA themselves.
 */
package io.writethrough.testing.jpa;
