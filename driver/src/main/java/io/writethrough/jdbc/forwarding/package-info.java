/**
 * Pure delegation of the JDBC interfaces, default methods included: no logic, so that the wrappers in
 * {@code io.writethrough.jdbc} override only what they change. Uses only {@code java.sql}.
 */
package io.writethrough.jdbc.forwarding;
