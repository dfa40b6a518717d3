-- case: insert-single-row
-- expect: PLAN INSERT users keyChange=false appReturning=false tableCheck=false mappings=users
-- sql-out: INSERT INTO users (name) VALUES (?) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
-- sql-keys: INSERT INTO users (name) VALUES (?) RETURNING *, users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
-- sql-cols: id,Name => INSERT INTO users (name) VALUES (?) RETURNING "id", "Name", users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (name) VALUES (?)

-- case: insert-many-rows
-- expect: PLAN INSERT users appReturning=false
-- sql-out: INSERT INTO users (name, email) VALUES (?, ?), (?, ?), (?, ?) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (name, email) VALUES (?, ?), (?, ?), (?, ?)

-- case: insert-many-rows-literals
-- expect: PLAN INSERT users
-- sql-out: insert into users (id, name) values (1, 'a'), (2, 'b''s'), (3, NULL) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
insert into users (id, name) values (1, 'a'), (2, 'b''s'), (3, NULL)

-- case: insert-select
-- expect: PLAN INSERT users
-- sql-out: INSERT INTO users (id, name) SELECT id, name FROM audit_log WHERE action = 'signup' RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (id, name) SELECT id, name FROM audit_log WHERE action = 'signup'

-- case: insert-select-union-order-limit
-- expect: PLAN INSERT orders
-- sql-out: INSERT INTO orders (id) SELECT id FROM products UNION SELECT id FROM audit_log ORDER BY 1 LIMIT 10 RETURNING orders.tableoid AS "__wt_table", txid_current() AS "__wt_xid", orders.*
INSERT INTO orders (id) SELECT id FROM products UNION SELECT id FROM audit_log ORDER BY 1 LIMIT 10

-- case: insert-default-values
-- expect: PLAN INSERT users
-- sql-out: INSERT INTO users DEFAULT VALUES RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users DEFAULT VALUES

-- case: insert-default-in-values
-- expect: PLAN INSERT users
-- sql-out: INSERT INTO users VALUES (DEFAULT, ?, now()) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users VALUES (DEFAULT, ?, now())

-- case: insert-with-alias
-- expect: PLAN INSERT users
-- sql-out: INSERT INTO users AS u (name) VALUES (?) RETURNING u.tableoid AS "__wt_table", txid_current() AS "__wt_xid", u.*
-- sql-keys: INSERT INTO users AS u (name) VALUES (?) RETURNING *, u.tableoid AS "__wt_table", txid_current() AS "__wt_xid", u.*
INSERT INTO users AS u (name) VALUES (?)

-- case: insert-hibernate-assigned-id
-- expect: PLAN INSERT users
-- sql-out: insert into users (name,email,id) values (?,?,?) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
insert into users (name,email,id) values (?,?,?)

-- case: insert-hibernate-identity-returning
-- expect: PLAN INSERT users appReturning=true
-- sql-out: insert into users (name) values (?) returning id, users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
-- sql-keys: insert into users (name) values (?) returning id, users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
-- sql-cols: id => insert into users (name) values (?) returning id, users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
insert into users (name) values (?) returning id

-- case: insert-hibernate-comment
-- expect: PLAN INSERT users
-- sql-out: /* insert for com.acme.User */insert into users (email,name,id) values (?,?,?) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
/* insert for com.acme.User */insert into users (email,name,id) values (?,?,?)

-- case: insert-hibernate-comment-spaced
-- expect: PLAN INSERT users
-- sql-out: /* insert com.acme.User */ insert into users (name, email) values (?, ?) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
/* insert com.acme.User */ insert into users (name, email) values (?, ?)

-- case: insert-spring-jdbctemplate
-- expect: PLAN INSERT orders
-- sql-out: INSERT INTO orders (customer_id, total, created_at) VALUES (?, ?, ?) RETURNING orders.tableoid AS "__wt_table", txid_current() AS "__wt_xid", orders.*
INSERT INTO orders (customer_id, total, created_at) VALUES (?, ?, ?)

-- case: insert-spring-simplejdbcinsert
-- expect: PLAN INSERT orders
-- sql-out: INSERT INTO orders (CUSTOMER_ID, TOTAL) VALUES(?, ?) RETURNING orders.tableoid AS "__wt_table", txid_current() AS "__wt_xid", orders.*
INSERT INTO orders (CUSTOMER_ID, TOTAL) VALUES(?, ?)

-- case: insert-upper-case-table
-- expect: PLAN INSERT users
-- sql-out: INSERT INTO USERS (NAME) VALUES (?) RETURNING USERS.tableoid AS "__wt_table", txid_current() AS "__wt_xid", USERS.*
INSERT INTO USERS (NAME) VALUES (?)

-- case: insert-quoted-lower-table
-- expect: PLAN INSERT users
-- sql-out: INSERT INTO "users" ("name") VALUES (?) RETURNING "users".tableoid AS "__wt_table", txid_current() AS "__wt_xid", "users".*
INSERT INTO "users" ("name") VALUES (?)

-- case: insert-returning-star
-- expect: PLAN INSERT users appReturning=true
-- sql-out: INSERT INTO users (name) VALUES (?) RETURNING *, users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (name) VALUES (?) RETURNING *

-- case: insert-returning-several
-- expect: PLAN INSERT users appReturning=true
-- sql-out: INSERT INTO users (name) VALUES (?) RETURNING id AS "newId", upper(name), created_at, users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (name) VALUES (?) RETURNING id AS "newId", upper(name), created_at

-- case: insert-dollar-parameters
-- expect: PLAN INSERT users
-- sql-out: INSERT INTO users (id, name) VALUES ($1, $2) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (id, name) VALUES ($1, $2)

-- case: insert-cast-parameters
-- expect: PLAN INSERT users
-- sql-out: INSERT INTO users (id, data, tags) VALUES (?::bigint, ?::jsonb, ARRAY[?, ?]::text[]) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (id, data, tags) VALUES (?::bigint, ?::jsonb, ARRAY[?, ?]::text[])

-- case: insert-trailing-semicolon
-- expect: PLAN INSERT users
-- sql-out: INSERT INTO users (name) VALUES (?) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (name) VALUES (?);

-- case: insert-trailing-line-comment
-- expect: PLAN INSERT users
-- sql-out: INSERT INTO users (name) VALUES (?) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.* -- add a user
INSERT INTO users (name) VALUES (?) -- add a user

-- case: insert-trailing-comment-then-semicolon
-- expect: PLAN INSERT users
-- sql-out: INSERT INTO users (name) VALUES (?) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.* /* done */
INSERT INTO users (name) VALUES (?) /* done */;

-- case: insert-multiline-with-comments
-- expect: PLAN INSERT users
-- sql-out: -- create the account\nINSERT INTO users (\n  name, -- display name\n  email\n) VALUES (?, ?) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
-- create the account
INSERT INTO users (
  name, -- display name
  email
) VALUES (?, ?)

-- case: insert-order-lines-listed-columns
-- expect: PLAN INSERT order_lines
-- sql-out: INSERT INTO order_lines (order_id, line_no, qty, price, note) VALUES (?, ?, ?, ?, ?) RETURNING order_lines.tableoid AS "__wt_table", txid_current() AS "__wt_xid", order_lines."order_id", order_lines."line_no", order_lines."qty", order_lines."price"
INSERT INTO order_lines (order_id, line_no, qty, price, note) VALUES (?, ?, ?, ?, ?)

-- case: insert-order-lines-own-returning
-- expect: PLAN INSERT order_lines appReturning=true
-- sql-out: INSERT INTO order_lines (order_id, line_no, qty) VALUES (1, 2, 3) RETURNING *, order_lines.tableoid AS "__wt_table", txid_current() AS "__wt_xid", order_lines."order_id", order_lines."line_no", order_lines."qty", order_lines."price"
INSERT INTO order_lines (order_id, line_no, qty) VALUES (1, 2, 3) RETURNING *

-- case: insert-overriding-system-value
-- expect: PLAN INSERT users
-- sql-out: INSERT INTO users (id, name) OVERRIDING SYSTEM VALUE VALUES (?, ?) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (id, name) OVERRIDING SYSTEM VALUE VALUES (?, ?)

-- case: insert-with-select-cte
-- expect: PLAN INSERT users
-- sql-out: WITH src AS (SELECT id, name FROM products WHERE kind = ?) INSERT INTO users (id, name) SELECT id, name FROM src RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
WITH src AS (SELECT id, name FROM products WHERE kind = ?) INSERT INTO users (id, name) SELECT id, name FROM src

-- case: insert-with-recursive-cte
-- expect: PLAN INSERT users
-- sql-out: WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) INSERT INTO users (id) SELECT i FROM n RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) INSERT INTO users (id) SELECT i FROM n

-- case: insert-with-cte-writing-unmapped
-- expect: PLAN INSERT users
-- sql-out: WITH logged AS (INSERT INTO audit_log (action) VALUES ('signup') RETURNING id) INSERT INTO users (audit_id, name) SELECT id, ? FROM logged RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
WITH logged AS (INSERT INTO audit_log (action) VALUES ('signup') RETURNING id) INSERT INTO users (audit_id, name) SELECT id, ? FROM logged

-- case: insert-large-literal-mentions-returning
-- expect: PLAN INSERT users
-- sql-out: INSERT INTO users (bio) VALUES ('I love users; RETURNING is my favourite word -- really') RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (bio) VALUES ('I love users; RETURNING is my favourite word -- really')

-- case: insert-escape-string
-- expect: PLAN INSERT users
-- sql-out: INSERT INTO users (bio) VALUES (E'it\'s a \\ ''test'' RETURNING x') RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (bio) VALUES (E'it\'s a \\ ''test'' RETURNING x')

-- case: insert-dollar-quoted
-- expect: PLAN INSERT users
-- sql-out: INSERT INTO users (bio) VALUES ($body$ it's; DELETE FROM users; RETURNING $body$), ($$x$$) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (bio) VALUES ($body$ it's; DELETE FROM users; RETURNING $body$), ($$x$$)

-- case: insert-json-operator-escaped
-- expect: PLAN INSERT users
-- sql-out: INSERT INTO users (id, flag) SELECT id, data ?? 'admin' FROM products RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (id, flag) SELECT id, data ?? 'admin' FROM products

-- case: insert-unmapped-table
-- expect: NOT_MAPPED
INSERT INTO audit_log (action, user_id) VALUES (?, ?)

-- case: insert-unmapped-select-from-mapped
-- expect: NOT_MAPPED
INSERT INTO audit_log (user_id) SELECT id FROM users WHERE name = ?

-- case: insert-unmapped-table-prefix-name
-- expect: NOT_MAPPED
INSERT INTO users_archive (id) VALUES (?)

-- case: insert-sales-invoices
-- expect: PLAN INSERT sales.invoices tableCheck=false mappings=sales.invoices
-- sql-out: INSERT INTO sales.invoices (id, total, status) VALUES (?, ?, ?) RETURNING sales.invoices.tableoid AS "__wt_table", txid_current() AS "__wt_xid", sales.invoices."id", sales.invoices."total", sales.invoices."status"
INSERT INTO sales.invoices (id, total, status) VALUES (?, ?, ?)
