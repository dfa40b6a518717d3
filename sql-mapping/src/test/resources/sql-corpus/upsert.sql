-- case: upsert-do-update
-- expect: PLAN UPSERT users keyChange=false appReturning=false
-- sql-out: INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name

-- case: upsert-do-nothing
-- expect: PLAN UPSERT users
-- sql-out: INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT DO NOTHING

-- case: upsert-do-nothing-with-target
-- expect: PLAN UPSERT users
-- sql-out: INSERT INTO users (id, email) VALUES (?, ?) ON CONFLICT (email) DO NOTHING RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (id, email) VALUES (?, ?) ON CONFLICT (email) DO NOTHING

-- case: upsert-on-constraint
-- expect: PLAN UPSERT users
-- sql-out: INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT ON CONSTRAINT users_pkey DO UPDATE SET name = EXCLUDED.name RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT ON CONSTRAINT users_pkey DO UPDATE SET name = EXCLUDED.name

-- case: upsert-alias-with-parameters-in-action
-- expect: PLAN UPSERT users
-- sql-out: INSERT INTO users AS u (id, name, visits) VALUES (?, ?, 1) ON CONFLICT (id) DO UPDATE SET visits = u.visits + ?, name = coalesce(?, u.name) WHERE u.locked IS NOT TRUE RETURNING u.tableoid AS "__wt_table", txid_current() AS "__wt_xid", u.*
INSERT INTO users AS u (id, name, visits) VALUES (?, ?, 1) ON CONFLICT (id) DO UPDATE SET visits = u.visits + ?, name = coalesce(?, u.name) WHERE u.locked IS NOT TRUE

-- case: upsert-returning-own
-- expect: PLAN UPSERT users appReturning=true
-- sql-out: INSERT INTO users (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name RETURNING id, (xmax = 0) AS inserted, users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name RETURNING id, (xmax = 0) AS inserted

-- case: upsert-row-assignment
-- expect: PLAN UPSERT orders
-- sql-out: INSERT INTO orders (id, status, total) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET (status, total) = (EXCLUDED.status, EXCLUDED.total) RETURNING orders.tableoid AS "__wt_table", txid_current() AS "__wt_xid", orders.*
INSERT INTO orders (id, status, total) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET (status, total) = (EXCLUDED.status, EXCLUDED.total)

-- case: upsert-order-lines
-- expect: PLAN UPSERT order_lines
-- sql-out: INSERT INTO order_lines (order_id, line_no, qty) VALUES (?, ?, ?) ON CONFLICT (order_id, line_no) DO UPDATE SET qty = order_lines.qty + EXCLUDED.qty RETURNING order_lines.tableoid AS "__wt_table", txid_current() AS "__wt_xid", order_lines."order_id", order_lines."line_no", order_lines."qty", order_lines."price"
INSERT INTO order_lines (order_id, line_no, qty) VALUES (?, ?, ?) ON CONFLICT (order_id, line_no) DO UPDATE SET qty = order_lines.qty + EXCLUDED.qty

-- case: upsert-select-source
-- expect: PLAN UPSERT users
-- sql-out: INSERT INTO users (id, name) SELECT id, name FROM products ON CONFLICT (id) DO NOTHING RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (id, name) SELECT id, name FROM products ON CONFLICT (id) DO NOTHING

-- case: upsert-many-rows
-- expect: PLAN UPSERT users
-- sql-out: INSERT INTO users (id, name) VALUES (?, ?), (?, ?) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (id, name) VALUES (?, ?), (?, ?) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name

-- case: upsert-key-change-same-value
-- expect: UNSUPPORTED key change inside ON CONFLICT DO UPDATE on mapped table "users"
INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id, name = EXCLUDED.name

-- case: upsert-key-change-composite
-- expect: UNSUPPORTED DO UPDATE assigns key column "line_no"
INSERT INTO order_lines (order_id, line_no) VALUES (?, ?) ON CONFLICT (order_id, line_no) DO UPDATE SET line_no = order_lines.line_no + 100

-- case: upsert-key-change-mixed-case-column
-- expect: UNSUPPORTED key change inside ON CONFLICT DO UPDATE on mapped table "AccMixed"
INSERT INTO "AccMixed" ("ID", "Name") VALUES (?, ?) ON CONFLICT ("Name") DO UPDATE SET "ID" = EXCLUDED."ID"

-- case: upsert-unquoted-id-not-key-of-accmixed
-- expect: PLAN UPSERT AccMixed
-- sql-out: INSERT INTO "AccMixed" ("ID", id) VALUES (?, ?) ON CONFLICT ("ID") DO UPDATE SET id = EXCLUDED.id RETURNING "AccMixed".tableoid AS "__wt_table", txid_current() AS "__wt_xid", "AccMixed".*
INSERT INTO "AccMixed" ("ID", id) VALUES (?, ?) ON CONFLICT ("ID") DO UPDATE SET id = EXCLUDED.id

-- case: upsert-unmapped
-- expect: NOT_MAPPED
INSERT INTO products (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = (SELECT name FROM users WHERE id = 1)
