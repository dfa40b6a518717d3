-- case: update-by-id
-- expect: PLAN UPDATE users keyChange=false appReturning=false oldKeys=0
-- sql-out: UPDATE users SET name = ? WHERE id = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
-- sql-keys: UPDATE users SET name = ? WHERE id = ? RETURNING *, users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
UPDATE users SET name = ? WHERE id = ?

-- case: update-hibernate-versioned
-- expect: PLAN UPDATE users
-- sql-out: update users set name=?,version=? where id=? and version=? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
update users set name=?,version=? where id=? and version=?

-- case: update-hibernate-comment
-- expect: PLAN UPDATE users
-- sql-out: /* update for com.acme.User */update users set email=?,name=? where id=? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
/* update for com.acme.User */update users set email=?,name=? where id=?

-- case: update-any-where
-- expect: PLAN UPDATE users
-- sql-out: UPDATE users SET active = false WHERE last_login < now() - interval '90 days' AND email LIKE ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
UPDATE users SET active = false WHERE last_login < now() - interval '90 days' AND email LIKE ?

-- case: update-no-where
-- expect: PLAN UPDATE orders
-- sql-out: UPDATE orders SET total = total * 1.1 RETURNING orders.tableoid AS "__wt_table", txid_current() AS "__wt_xid", orders.*
UPDATE orders SET total = total * 1.1

-- case: update-subquery-where
-- expect: PLAN UPDATE users
-- sql-out: UPDATE users SET vip = true WHERE id IN (SELECT user_id FROM orders GROUP BY user_id HAVING sum(total) > ?) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
UPDATE users SET vip = true WHERE id IN (SELECT user_id FROM orders GROUP BY user_id HAVING sum(total) > ?)

-- case: update-is-distinct-from
-- expect: PLAN UPDATE users
-- sql-out: UPDATE users SET name = ? WHERE id = ? AND name IS DISTINCT FROM ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
UPDATE users SET name = ? WHERE id = ? AND name IS DISTINCT FROM ?

-- case: update-alias
-- expect: PLAN UPDATE users
-- sql-out: UPDATE users u SET name = upper(u.name) WHERE u.id = ? RETURNING u.tableoid AS "__wt_table", txid_current() AS "__wt_xid", u.*
UPDATE users u SET name = upper(u.name) WHERE u.id = ?

-- case: update-alias-as
-- expect: PLAN UPDATE users
-- sql-out: UPDATE users AS u SET name = ? WHERE u.id = ? RETURNING u.tableoid AS "__wt_table", txid_current() AS "__wt_xid", u.*
UPDATE users AS u SET name = ? WHERE u.id = ?

-- case: update-from
-- expect: PLAN UPDATE users keyChange=false
-- sql-out: UPDATE users SET name = p.name FROM products p WHERE p.owner_id = users.id RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
-- sql-keys: UPDATE users SET name = p.name FROM products p WHERE p.owner_id = users.id RETURNING *, users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
UPDATE users SET name = p.name FROM products p WHERE p.owner_id = users.id

-- case: update-from-alias-join
-- expect: PLAN UPDATE orders
-- sql-out: UPDATE orders o SET status = 'paid' FROM audit_log a JOIN products p ON p.id = a.product_id WHERE a.order_id = o.id RETURNING o.tableoid AS "__wt_table", txid_current() AS "__wt_xid", o.*
UPDATE orders o SET status = 'paid' FROM audit_log a JOIN products p ON p.id = a.product_id WHERE a.order_id = o.id

-- case: update-returning-own
-- expect: PLAN UPDATE users appReturning=true
-- sql-out: UPDATE users SET visits = visits + 1 WHERE id = ? RETURNING visits, users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
UPDATE users SET visits = visits + 1 WHERE id = ? RETURNING visits

-- case: update-returning-star
-- expect: PLAN UPDATE users appReturning=true
-- sql-out: UPDATE users SET name = ? WHERE id = ? RETURNING *, users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
UPDATE users SET name = ? WHERE id = ? RETURNING *

-- case: update-comments-everywhere
-- expect: PLAN UPDATE users appReturning=true
-- sql-out: UPDATE /* t */ users SET name = ? /* c1 */ WHERE id = ? /* c2 */ RETURNING name, users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.* /* c3 */ -- c4
UPDATE /* t */ users SET name = ? /* c1 */ WHERE id = ? /* c2 */ RETURNING name /* c3 */ -- c4

-- case: update-order-lines-listed
-- expect: PLAN UPDATE order_lines
-- sql-out: UPDATE order_lines SET qty = ? WHERE order_id = ? AND line_no = ? RETURNING order_lines.tableoid AS "__wt_table", txid_current() AS "__wt_xid", order_lines."order_id", order_lines."line_no", order_lines."qty", order_lines."price"
UPDATE order_lines SET qty = ? WHERE order_id = ? AND line_no = ?

-- case: update-with-select-cte
-- expect: PLAN UPDATE users
-- sql-out: WITH stale AS (SELECT id FROM users WHERE last_login < ?) UPDATE users SET active = false WHERE id IN (SELECT id FROM stale) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
WITH stale AS (SELECT id FROM users WHERE last_login < ?) UPDATE users SET active = false WHERE id IN (SELECT id FROM stale)

-- case: update-cte-named-update
-- expect: PLAN UPDATE users
-- sql-out: WITH update AS MATERIALIZED (SELECT 1 AS x) UPDATE users SET flag = (SELECT x FROM update) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
WITH update AS MATERIALIZED (SELECT 1 AS x) UPDATE users SET flag = (SELECT x FROM update)

-- case: update-key-change
-- expect: PLAN UPDATE users keyChange=true oldKeys=1
-- sql-out: UPDATE users SET id = ? FROM (SELECT users."id" AS "__wt_k0" FROM users WHERE name = ? FOR UPDATE) AS "__wt_old" WHERE users."id" = "__wt_old"."__wt_k0" RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*, "__wt_old"."__wt_k0"
UPDATE users SET id = ? WHERE name = ?

-- case: update-key-change-alias-returning-star
-- expect: PLAN UPDATE users keyChange=true appReturning=true oldKeys=1
-- sql-out: UPDATE users u SET id = u.id + 1000 FROM (SELECT u."id" AS "__wt_k0" FROM users u WHERE u.name = ? FOR UPDATE) AS "__wt_old" WHERE u."id" = "__wt_old"."__wt_k0" RETURNING u.*, u.tableoid AS "__wt_table", txid_current() AS "__wt_xid", u.*, "__wt_old"."__wt_k0"
UPDATE users u SET id = u.id + 1000 WHERE u.name = ? RETURNING *

-- case: update-key-change-no-where
-- expect: PLAN UPDATE users keyChange=true
-- sql-out: UPDATE users SET id = id + 1 FROM (SELECT users."id" AS "__wt_k0" FROM users FOR UPDATE) AS "__wt_old" WHERE users."id" = "__wt_old"."__wt_k0" RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*, "__wt_old"."__wt_k0"
-- sql-keys: UPDATE users SET id = id + 1 FROM (SELECT users."id" AS "__wt_k0" FROM users FOR UPDATE) AS "__wt_old" WHERE users."id" = "__wt_old"."__wt_k0" RETURNING users.*, users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*, "__wt_old"."__wt_k0"
-- sql-cols: id => UPDATE users SET id = id + 1 FROM (SELECT users."id" AS "__wt_k0" FROM users FOR UPDATE) AS "__wt_old" WHERE users."id" = "__wt_old"."__wt_k0" RETURNING "id", users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*, "__wt_old"."__wt_k0"
UPDATE users SET id = id + 1

-- case: update-key-change-composite
-- expect: PLAN UPDATE order_lines keyChange=true oldKeys=2
-- sql-out: UPDATE order_lines SET line_no = line_no + 1 FROM (SELECT order_lines."order_id" AS "__wt_k0", order_lines."line_no" AS "__wt_k1" FROM order_lines WHERE order_id = $1 FOR UPDATE) AS "__wt_old" WHERE order_lines."order_id" = "__wt_old"."__wt_k0" AND order_lines."line_no" = "__wt_old"."__wt_k1" RETURNING order_lines.tableoid AS "__wt_table", txid_current() AS "__wt_xid", order_lines."order_id", order_lines."line_no", order_lines."qty", order_lines."price", "__wt_old"."__wt_k0", "__wt_old"."__wt_k1" -- renumber
UPDATE order_lines SET line_no = line_no + 1 WHERE order_id = $1 -- renumber

-- case: update-key-change-row-assignment
-- expect: PLAN UPDATE order_lines keyChange=true oldKeys=2
UPDATE order_lines SET (qty, order_id) = (?, ?) WHERE order_id = ? AND line_no = ?

-- case: update-key-change-comments
-- expect: PLAN UPDATE users keyChange=true appReturning=true
-- sql-out: UPDATE users SET id = ? /* c1 */ FROM (SELECT users."id" AS "__wt_k0" FROM users WHERE id = ? -- c2\n FOR UPDATE) AS "__wt_old" WHERE users."id" = "__wt_old"."__wt_k0" RETURNING users.*, name, users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*, "__wt_old"."__wt_k0" -- c4
UPDATE users SET id = ? /* c1 */ WHERE id = ? -- c2
 RETURNING *, name -- c4

-- case: update-key-change-quoted-column
-- expect: PLAN UPDATE AccMixed keyChange=true
-- sql-out: UPDATE "AccMixed" SET "ID" = ? FROM (SELECT "AccMixed"."ID" AS "__wt_k0" FROM "AccMixed" WHERE "ID" = ? FOR UPDATE) AS "__wt_old" WHERE "AccMixed"."ID" = "__wt_old"."__wt_k0" RETURNING "AccMixed".tableoid AS "__wt_table", txid_current() AS "__wt_xid", "AccMixed".*, "__wt_old"."__wt_k0"
UPDATE "AccMixed" SET "ID" = ? WHERE "ID" = ?

-- case: update-accmixed-lowercase-id-is-no-key
-- expect: PLAN UPDATE AccMixed keyChange=false
UPDATE "AccMixed" SET id = ? WHERE "ID" = ?

-- case: update-key-change-schema
-- expect: PLAN UPDATE sales.invoices keyChange=true
-- sql-out: UPDATE sales.invoices SET id = ? FROM (SELECT sales.invoices."id" AS "__wt_k0" FROM sales.invoices WHERE id = ? FOR UPDATE) AS "__wt_old" WHERE sales.invoices."id" = "__wt_old"."__wt_k0" RETURNING sales.invoices.tableoid AS "__wt_table", txid_current() AS "__wt_xid", sales.invoices."id", sales.invoices."total", sales.invoices."status", "__wt_old"."__wt_k0"
UPDATE sales.invoices SET id = ? WHERE id = ?

-- case: update-key-change-with-cte
-- expect: PLAN UPDATE users keyChange=true
-- sql-out: WITH m AS (SELECT max(id) AS top FROM users) UPDATE users SET id = id + (SELECT top FROM m) FROM (SELECT users."id" AS "__wt_k0" FROM users WHERE id < ? FOR UPDATE) AS "__wt_old" WHERE users."id" = "__wt_old"."__wt_k0" RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*, "__wt_old"."__wt_k0"
WITH m AS (SELECT max(id) AS top FROM users) UPDATE users SET id = id + (SELECT top FROM m) WHERE id < ?

-- case: update-key-change-with-from
-- expect: UNSUPPORTED key-changing UPDATE with FROM on mapped table "users"
UPDATE users SET id = p.new_id FROM products p WHERE p.old_id = users.id

-- case: update-composite-field-of-key-column
-- expect: PLAN UPDATE users keyChange=true
UPDATE users SET id.part = 1 WHERE name = ?

-- case: update-where-current-of
-- expect: UNSUPPORTED WHERE CURRENT OF on mapped table "users"
UPDATE users SET name = ? WHERE CURRENT OF user_cursor

-- case: update-only
-- expect: UNSUPPORTED UPDATE ONLY on mapped table "users"
UPDATE ONLY users SET name = ? WHERE id = ?

-- case: update-unmapped
-- expect: NOT_MAPPED
UPDATE products SET price = price * 2 WHERE id = ?

-- case: update-unmapped-from-mapped
-- expect: NOT_MAPPED
UPDATE audit_log SET user_name = u.name FROM users u WHERE u.id = audit_log.user_id

-- case: update-unmapped-subquery-mapped
-- expect: NOT_MAPPED
UPDATE products SET owner = (SELECT max(id) FROM users) WHERE id IN (SELECT product_id FROM orders)

-- case: update-unmapped-schema-users
-- expect: NOT_MAPPED
UPDATE archive.invoices SET total = 0
