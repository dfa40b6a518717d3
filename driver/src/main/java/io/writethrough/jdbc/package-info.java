/**
 * The driver's entry points and JDBC wrappers: {@link io.writethrough.jdbc.WriteThroughDriver},
 * {@link io.writethrough.jdbc.WriteThroughDataSource}, and the connection and statement wrappers, which pick the SQL
 * to run and hand planned writes to the write path ({@code io.writethrough.write}). Configuration is located here
 * and shared per distinct configuration ({@code DriverContexts}). May use every other package of the driver; nothing
 * outside this package and its sub-packages may use it.
 */
package io.writethrough.jdbc;
