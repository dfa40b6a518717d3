-- case: select-simple
-- expect: NOT_MAPPED
SELECT * FROM users WHERE id = ?

-- case: select-for-update
-- expect: NOT_MAPPED
select u.id, u.name from users u where u.id=? for update

-- case: select-for-no-key-update-skip-locked
-- expect: NOT_MAPPED
SELECT id FROM orders WHERE status = 'new' ORDER BY id LIMIT 10 FOR NO KEY UPDATE SKIP LOCKED

-- case: select-hibernate
-- expect: NOT_MAPPED
/* select u from User u */ select u1_0.id,u1_0.email,u1_0.name from users u1_0 where u1_0.id=?

-- case: select-with-cte
-- expect: NOT_MAPPED
WITH recent AS (SELECT * FROM orders WHERE created_at > ?) SELECT count(*) FROM recent JOIN users ON users.id = recent.user_id

-- case: select-into
-- expect: NOT_MAPPED
SELECT * INTO users_backup FROM users

-- case: select-values
-- expect: NOT_MAPPED
VALUES (1, 'users')

-- case: table-statement
-- expect: NOT_MAPPED
TABLE users

-- case: parenthesized-select
-- expect: NOT_MAPPED
(SELECT id FROM users) UNION (SELECT id FROM orders)

-- case: select-calls-function
-- expect: NOT_MAPPED
SELECT purge_users(30)

-- case: create-table
-- expect: NOT_MAPPED
CREATE TABLE users (id bigint PRIMARY KEY, name text, email text UNIQUE)

-- case: create-table-fk-on-update
-- expect: NOT_MAPPED
CREATE TABLE order_lines (order_id bigint REFERENCES orders (id) ON UPDATE CASCADE ON DELETE CASCADE, line_no int)

-- case: create-table-as-select
-- expect: NOT_MAPPED
CREATE TABLE users_copy AS SELECT * FROM users

-- case: create-index
-- expect: NOT_MAPPED
CREATE INDEX CONCURRENTLY users_email_idx ON users (lower(email))

-- case: create-trigger
-- expect: NOT_MAPPED
CREATE TRIGGER users_audit AFTER INSERT OR UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION audit()

-- case: create-rule-with-actions
-- expect: NOT_MAPPED
CREATE RULE users_log AS ON UPDATE TO users DO ALSO (INSERT INTO audit_log VALUES (old.id); DELETE FROM orders WHERE user_id = old.id)

-- case: create-function-sql-body
-- expect: NOT_MAPPED
CREATE FUNCTION purge_users() RETURNS void LANGUAGE sql BEGIN ATOMIC DELETE FROM users WHERE active = false; UPDATE orders SET status = CASE WHEN total > 0 THEN 'kept' ELSE 'void' END; END

-- case: create-function-dollar-body
-- expect: NOT_MAPPED
CREATE OR REPLACE FUNCTION touch_user(uid bigint) RETURNS void AS $$ UPDATE users SET seen = now() WHERE id = uid $$ LANGUAGE sql

-- case: create-policy-for-update
-- expect: NOT_MAPPED
CREATE POLICY own_rows ON users FOR UPDATE USING (id = current_user_id())

-- case: alter-table
-- expect: NOT_MAPPED
ALTER TABLE users ADD COLUMN nickname text

-- case: drop-table
-- expect: NOT_MAPPED
DROP TABLE IF EXISTS users CASCADE

-- case: grant
-- expect: NOT_MAPPED
GRANT SELECT, INSERT, UPDATE, DELETE ON users TO app

-- case: comment-on
-- expect: NOT_MAPPED
COMMENT ON TABLE users IS 'DELETE FROM users happens nightly'

-- case: set-search-path
-- expect: NOT_MAPPED
SET search_path TO sales, public

-- case: show
-- expect: NOT_MAPPED
SHOW transaction_isolation

-- case: begin
-- expect: CONTROL BEGIN
BEGIN

-- case: start-transaction
-- expect: CONTROL BEGIN
START TRANSACTION ISOLATION LEVEL SERIALIZABLE

-- case: commit
-- expect: CONTROL COMMIT
COMMIT

-- case: rollback
-- expect: CONTROL ROLLBACK
ROLLBACK

-- case: savepoint
-- expect: CONTROL SAVEPOINT before_users
SAVEPOINT before_users

-- case: rollback-to-savepoint
-- expect: CONTROL ROLLBACK_TO_SAVEPOINT before_users
ROLLBACK TO SAVEPOINT before_users

-- case: release-savepoint
-- expect: CONTROL RELEASE_SAVEPOINT before_users
RELEASE SAVEPOINT before_users

-- case: call-procedure
-- expect: NOT_MAPPED
CALL archive_users(?)

-- case: lock-table
-- expect: NOT_MAPPED
LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE

-- case: vacuum-analyze
-- expect: NOT_MAPPED
VACUUM ANALYZE users

-- case: explain-without-analyze
-- expect: NOT_MAPPED
EXPLAIN UPDATE users SET name = 'x' WHERE id = 1

-- case: explain-analyze-false
-- expect: NOT_MAPPED
EXPLAIN (ANALYZE false, COSTS off) DELETE FROM users

-- case: explain-analyze-select
-- expect: NOT_MAPPED
EXPLAIN ANALYZE SELECT * FROM users

-- case: copy-to
-- expect: NOT_MAPPED
COPY users TO STDOUT WITH (FORMAT csv)

-- case: copy-query-to
-- expect: NOT_MAPPED
COPY (SELECT * FROM users) TO STDOUT

-- case: prepare-select
-- expect: NOT_MAPPED
PREPARE find_user (bigint) AS SELECT * FROM users WHERE id = $1

-- case: truncate-unmapped
-- expect: NOT_MAPPED
TRUNCATE audit_log

-- case: merge-unmapped-target
-- expect: NOT_MAPPED
MERGE INTO audit_log a USING users u ON a.user_id = u.id WHEN MATCHED THEN UPDATE SET name = u.name WHEN NOT MATCHED THEN INSERT (user_id) VALUES (u.id)

-- case: string-literal-names-table
-- expect: NOT_MAPPED
INSERT INTO audit_log (message) VALUES ('UPDATE users SET name = ''x'' RETURNING *')

-- case: comment-names-table
-- expect: NOT_MAPPED
/* UPDATE users */ UPDATE products SET price = 1 -- DELETE FROM users

-- case: do-block-unmapped
-- expect: NOT_MAPPED
DO $$ BEGIN UPDATE products SET price = price + 1; END $$

-- case: multi-statement-no-mapped-write
-- expect: NOT_MAPPED
SET LOCAL statement_timeout = 1000; SELECT * FROM users; UPDATE audit_log SET seen = true

-- case: jdbc-call-escape
-- expect: NOT_MAPPED
{call refresh_users(?)}

-- case: empty
-- expect: NOT_MAPPED
   -- nothing here

-- case: only-semicolons
-- expect: NOT_MAPPED
;;

-- case: update-as-column-alias
-- expect: NOT_MAPPED
SELECT name AS update FROM users

-- case: explain-analyze-unmapped-write
-- expect: NOT_MAPPED
EXPLAIN ANALYZE UPDATE products SET price = price FROM users WHERE users.id = products.owner_id

-- case: control-end-work
-- expect: CONTROL COMMIT
END WORK

-- case: control-abort
-- expect: CONTROL ROLLBACK
ABORT

-- case: control-rollback-to-quoted
-- expect: CONTROL ROLLBACK_TO_SAVEPOINT Sp1
ROLLBACK TO "Sp1"

-- case: control-prepare-transaction
-- expect: CONTROL UNFOLLOWED
PREPARE TRANSACTION 'tx-1'

-- case: control-in-multi-statement-without-writes
-- expect: CONTROL UNFOLLOWED
COMMIT; BEGIN
