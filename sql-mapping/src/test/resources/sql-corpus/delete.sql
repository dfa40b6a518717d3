-- case: delete-by-id
-- expect: PLAN DELETE users appReturning=false
-- sql-out: DELETE FROM users WHERE id = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users."id"
-- sql-keys: DELETE FROM users WHERE id = ? RETURNING *, users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users."id"
DELETE FROM users WHERE id = ?

-- case: delete-hibernate
-- expect: PLAN DELETE users
-- sql-out: delete from users where id=? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users."id"
delete from users where id=?

-- case: delete-hibernate-versioned-comment
-- expect: PLAN DELETE users
-- sql-out: /* delete com.acme.User */ delete from users where id=? and version=? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users."id"
/* delete com.acme.User */ delete from users where id=? and version=?

-- case: delete-any-where
-- expect: PLAN DELETE orders
-- sql-out: DELETE FROM orders WHERE created_at < now() - interval '1 year' OR status IN ('void', 'test') RETURNING orders.tableoid AS "__wt_table", txid_current() AS "__wt_xid", orders."id"
DELETE FROM orders WHERE created_at < now() - interval '1 year' OR status IN ('void', 'test')

-- case: delete-all
-- expect: PLAN DELETE orders
-- sql-out: DELETE FROM orders RETURNING orders.tableoid AS "__wt_table", txid_current() AS "__wt_xid", orders."id"
DELETE FROM orders

-- case: delete-in-list-parameters
-- expect: PLAN DELETE users
-- sql-out: DELETE FROM users WHERE id IN (?, ?, ?, ?) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users."id"
DELETE FROM users WHERE id IN (?, ?, ?, ?)

-- case: delete-any-array
-- expect: PLAN DELETE users
-- sql-out: DELETE FROM users WHERE id = ANY(?) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users."id"
DELETE FROM users WHERE id = ANY(?)

-- case: delete-using
-- expect: PLAN DELETE users
-- sql-out: DELETE FROM users USING orders o WHERE o.user_id = users.id AND o.status = 'fraud' RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users."id"
-- sql-keys: DELETE FROM users USING orders o WHERE o.user_id = users.id AND o.status = 'fraud' RETURNING *, users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users."id"
DELETE FROM users USING orders o WHERE o.user_id = users.id AND o.status = 'fraud'

-- case: delete-alias
-- expect: PLAN DELETE users
-- sql-out: DELETE FROM users u WHERE u.id = ? RETURNING u.tableoid AS "__wt_table", txid_current() AS "__wt_xid", u."id"
DELETE FROM users u WHERE u.id = ?

-- case: delete-alias-as-using
-- expect: PLAN DELETE order_lines
-- sql-out: DELETE FROM order_lines AS l USING orders AS o WHERE o.id = l.order_id AND o.status = ? RETURNING l.tableoid AS "__wt_table", txid_current() AS "__wt_xid", l."order_id", l."line_no"
DELETE FROM order_lines AS l USING orders AS o WHERE o.id = l.order_id AND o.status = ?

-- case: delete-returning-own
-- expect: PLAN DELETE users appReturning=true
-- sql-out: DELETE FROM users WHERE id = $1 RETURNING name, email, users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users."id"
DELETE FROM users WHERE id = $1 RETURNING name, email

-- case: delete-returning-star
-- expect: PLAN DELETE orders appReturning=true
-- sql-out: DELETE FROM orders WHERE id = ? RETURNING *, orders.tableoid AS "__wt_table", txid_current() AS "__wt_xid", orders."id"
DELETE FROM orders WHERE id = ? RETURNING *

-- case: delete-composite-key
-- expect: PLAN DELETE order_lines
-- sql-out: DELETE FROM order_lines WHERE order_id = ? RETURNING order_lines.tableoid AS "__wt_table", txid_current() AS "__wt_xid", order_lines."order_id", order_lines."line_no"
DELETE FROM order_lines WHERE order_id = ?

-- case: delete-exists-subquery
-- expect: PLAN DELETE users
-- sql-out: DELETE FROM users WHERE NOT EXISTS (SELECT 1 FROM orders WHERE orders.user_id = users.id) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users."id"
DELETE FROM users WHERE NOT EXISTS (SELECT 1 FROM orders WHERE orders.user_id = users.id)

-- case: delete-with-cte
-- expect: PLAN DELETE users
-- sql-out: WITH gone AS (SELECT user_id FROM audit_log WHERE action = 'erase') DELETE FROM users WHERE id IN (SELECT user_id FROM gone) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users."id"
WITH gone AS (SELECT user_id FROM audit_log WHERE action = 'erase') DELETE FROM users WHERE id IN (SELECT user_id FROM gone)

-- case: delete-semicolon-and-comment
-- expect: PLAN DELETE users
-- sql-out: DELETE FROM users WHERE id = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users."id" -- bye
DELETE FROM users WHERE id = ?; -- bye

-- case: delete-only
-- expect: UNSUPPORTED DELETE FROM ONLY on mapped table "users"
DELETE FROM ONLY users WHERE id = ?

-- case: delete-where-current-of
-- expect: UNSUPPORTED WHERE CURRENT OF
DELETE FROM orders WHERE CURRENT OF c1

-- case: delete-unmapped
-- expect: NOT_MAPPED
DELETE FROM audit_log WHERE user_id IN (SELECT id FROM users WHERE active = false)

-- case: delete-unmapped-using-mapped
-- expect: NOT_MAPPED
DELETE FROM products p USING users u WHERE p.owner_id = u.id
