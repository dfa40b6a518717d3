/**
 * pgjdbc's result-set behaviour, emulated over rows copied out of a real result set: the application's own RETURNING
 * rows and generated keys of a planned write, which the driver reads before the application does. Getters convert as
 * pgjdbc's do (text and binary transfer alike). Uses only {@code java.sql} and {@code java.time}; knows nothing of
 * Redis or the write path.
 */
package io.writethrough.jdbc.rows;
