-- case: truncate
-- expect: UNSUPPORTED TRUNCATE on mapped table "users" cannot be written through to Redis
TRUNCATE users

-- case: truncate-list
-- expect: UNSUPPORTED TRUNCATE on mapped table "orders"
TRUNCATE TABLE audit_log, ONLY orders RESTART IDENTITY CASCADE

-- case: truncate-schema
-- expect: UNSUPPORTED TRUNCATE on mapped table "sales.invoices"
truncate sales.invoices

-- case: merge
-- expect: UNSUPPORTED MERGE on mapped table "users"
MERGE INTO users u USING staging s ON u.id = s.id WHEN MATCHED THEN UPDATE SET name = s.name WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name)

-- case: merge-with-cte
-- expect: UNSUPPORTED MERGE on mapped table "orders"
WITH s AS (SELECT * FROM products) MERGE INTO orders o USING s ON o.id = s.id WHEN MATCHED THEN DELETE

-- case: copy-from
-- expect: UNSUPPORTED COPY ... FROM on mapped table "users"
COPY users (id, name) FROM STDIN WITH (FORMAT csv)

-- case: copy-from-file
-- expect: UNSUPPORTED COPY ... FROM on mapped table "sales.invoices"
COPY sales.invoices FROM '/tmp/invoices.csv'

-- case: copy-data-modifying-query
-- expect: UNSUPPORTED COPY of a data-modifying query on mapped table "users"
COPY (DELETE FROM users WHERE active = false RETURNING *) TO STDOUT

-- case: data-modifying-cte-delete
-- expect: UNSUPPORTED data-modifying WITH on mapped table "users"
WITH x AS (DELETE FROM users WHERE id = ? RETURNING *) INSERT INTO audit_log SELECT * FROM x

-- case: data-modifying-cte-update-select
-- expect: UNSUPPORTED data-modifying WITH on mapped table "users"
WITH u AS (UPDATE users SET name = ? WHERE id = ? RETURNING *) SELECT * FROM u

-- case: data-modifying-cte-nested-with
-- expect: UNSUPPORTED data-modifying WITH on mapped table "orders"
WITH d AS (WITH a AS (SELECT 1) DELETE FROM orders RETURNING *) SELECT count(*) FROM d

-- case: data-modifying-cte-same-table-as-main
-- expect: UNSUPPORTED data-modifying WITH on mapped table "users"
WITH moved AS (DELETE FROM users WHERE id = ? RETURNING *) INSERT INTO users SELECT * FROM moved

-- case: data-modifying-cte-parenthesized-query
-- expect: UNSUPPORTED data-modifying WITH on mapped table "users"
(WITH d AS (DELETE FROM users RETURNING *) SELECT * FROM d)

-- case: create-table-as-data-modifying-cte
-- expect: UNSUPPORTED data-modifying WITH on mapped table "users"
CREATE TABLE gone AS WITH d AS (DELETE FROM users WHERE active = false RETURNING *) SELECT * FROM d

-- case: explain-analyze-update
-- expect: UNSUPPORTED EXPLAIN ANALYZE on mapped table "users"
EXPLAIN ANALYZE UPDATE users SET name = 'x' WHERE id = 1

-- case: explain-analyse-options
-- expect: UNSUPPORTED EXPLAIN ANALYZE on mapped table "orders"
EXPLAIN (VERBOSE, ANALYSE, BUFFERS) DELETE FROM orders WHERE id = 1

-- case: explain-analyze-insert-with-cte
-- expect: UNSUPPORTED EXPLAIN ANALYZE on mapped table "users"
EXPLAIN (ANALYZE on) WITH s AS (SELECT 1) INSERT INTO users (id) SELECT * FROM s

-- case: prepare-write
-- expect: UNSUPPORTED PREPARE of a write on mapped table "users"
PREPARE rename_user (bigint, text) AS UPDATE users SET name = $2 WHERE id = $1

-- case: multi-statement-two-writes
-- expect: UNSUPPORTED multi-statement string on mapped table "users"
UPDATE users SET name = ? WHERE id = ?; DELETE FROM orders WHERE user_id = ?

-- case: multi-statement-hidden-after-select
-- expect: UNSUPPORTED multi-statement string on mapped table "orders"
SELECT * FROM products; DELETE FROM orders

-- case: multi-statement-begin-commit
-- expect: UNSUPPORTED multi-statement string on mapped table "users"
BEGIN; INSERT INTO users (name) VALUES ('a'); COMMIT

-- case: multi-statement-truncate
-- expect: UNSUPPORTED (TRUNCATE) writes a mapped table
SET lock_timeout = 100; TRUNCATE users

-- case: do-block-mapped
-- expect: UNSUPPORTED DO block on mapped table "users"
DO $$ BEGIN DELETE FROM users WHERE active = false; END $$

-- case: do-block-language-string
-- expect: UNSUPPORTED DO block on mapped table "orders"
DO LANGUAGE plpgsql 'BEGIN EXECUTE ''TRUNCATE ORDERS''; END'

-- case: unparsable-mapped-write
-- expect: UNSUPPORTED unparsable UPDATE on mapped table "users"
UPDATE users SET name = ? WHERE id = ? AND ???

-- case: unparsable-star-inheritance
-- expect: UNSUPPORTED unparsable UPDATE
UPDATE users * SET name = ?

-- case: unparsable-mysql-syntax
-- expect: UNSUPPORTED unparsable INSERT on mapped table "users"
INSERT INTO users SET name = ?

-- case: unparsable-truncated-statement
-- expect: UNSUPPORTED unparsable DELETE on mapped table "orders"
DELETE FROM orders WHERE id =

-- case: unparsable-unbalanced-parens
-- expect: UNSUPPORTED unparsable UPDATE on mapped table "users"
UPDATE users SET name = lower(? WHERE id = ?

-- case: unparsable-unclosed-string
-- expect: UNSUPPORTED unparsable UPDATE on mapped table "users" cannot be written through to Redis: a string, quoted identifier or comment is not closed
UPDATE users SET bio = 'never closed WHERE id = ?

-- case: unparsable-unclosed-comment
-- expect: UNSUPPORTED is not closed
DELETE FROM users WHERE id = ? /* RETURNING

-- case: unparsable-returning-into
-- expect: UNSUPPORTED unparsable INSERT on mapped table "users" cannot be written through to Redis: it uses syntax PostgreSQL does not have
INSERT INTO users (name) VALUES (?) RETURNING id INTO new_id

-- case: unparsable-bad-unicode-escape
-- expect: UNSUPPORTED unparsable UPDATE on mapped table "users"
UPDATE users SET name = ? WHERE U&"\zzzz" = 1

-- case: unparsable-stray-backslash
-- expect: UNSUPPORTED character or Unicode escape PostgreSQL does not accept
DELETE FROM users WHERE id = ? \
