-- case: quoted-mixed-case-table
-- expect: PLAN INSERT AccMixed mappings=AccMixed
-- sql-out: INSERT INTO "AccMixed" ("ID", "Name") VALUES (?, ?) RETURNING "AccMixed".tableoid AS "__wt_table", txid_current() AS "__wt_xid", "AccMixed".*
INSERT INTO "AccMixed" ("ID", "Name") VALUES (?, ?)

-- case: unquoted-mixed-case-folds-to-other-table
-- expect: NOT_MAPPED
INSERT INTO AccMixed ("ID") VALUES (?)

-- case: quoted-upper-case-is-other-table
-- expect: NOT_MAPPED
UPDATE "USERS" SET name = ?

-- case: unquoted-upper-case-folds
-- expect: PLAN DELETE users
-- sql-out: DELETE FROM Users WHERE Id = ? RETURNING Users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", Users."id"
DELETE FROM Users WHERE Id = ?

-- case: quoted-with-doubled-quote-unmapped
-- expect: NOT_MAPPED
UPDATE "us""ers" SET name = ?

-- case: unicode-escaped-identifier
-- expect: PLAN UPDATE users
-- sql-out: UPDATE U&"\0075sers" SET name = ? RETURNING "users".tableoid AS "__wt_table", txid_current() AS "__wt_xid", "users".*
UPDATE U&"\0075sers" SET name = ?

-- case: unicode-escaped-identifier-uescape
-- expect: PLAN DELETE users
-- sql-out: DELETE FROM U&"!0075sers" UESCAPE '!' WHERE id = ? RETURNING "users".tableoid AS "__wt_table", txid_current() AS "__wt_xid", "users"."id"
DELETE FROM U&"!0075sers" UESCAPE '!' WHERE id = ?

-- case: long-identifier-truncated-to-mapped
-- expect: NOT_MAPPED
UPDATE users_with_a_name_that_is_much_longer_than_sixty_three_bytes_in_total SET a = 1

-- case: schema-qualified-mapped
-- expect: PLAN UPDATE sales.invoices tableCheck=false mappings=sales.invoices
-- sql-out: UPDATE sales.invoices SET status = ? WHERE id = ? RETURNING sales.invoices.tableoid AS "__wt_table", txid_current() AS "__wt_xid", sales.invoices."id", sales.invoices."total", sales.invoices."status"
UPDATE sales.invoices SET status = ? WHERE id = ?

-- case: schema-qualified-spaced-and-quoted
-- expect: PLAN UPDATE sales.invoices
-- sql-out: UPDATE "sales" . "invoices" SET status = ? RETURNING "sales"."invoices".tableoid AS "__wt_table", txid_current() AS "__wt_xid", "sales"."invoices"."id", "sales"."invoices"."total", "sales"."invoices"."status"
UPDATE "sales" . "invoices" SET status = ?

-- case: schema-qualified-other-schema-unmapped
-- expect: NOT_MAPPED
UPDATE public.invoices SET status = ?

-- case: unqualified-reaches-qualified-mapping
-- expect: PLAN UPDATE invoices tableCheck=true mappings=sales.invoices
-- sql-out: UPDATE invoices SET status = ? WHERE id = ? RETURNING invoices.tableoid AS "__wt_table", txid_current() AS "__wt_xid", invoices.*
UPDATE invoices SET status = ? WHERE id = ?

-- case: unqualified-delete-reaches-qualified-mapping
-- expect: PLAN DELETE invoices tableCheck=true mappings=sales.invoices
-- sql-out: DELETE FROM invoices WHERE id = ? RETURNING invoices.tableoid AS "__wt_table", txid_current() AS "__wt_xid", invoices.*
DELETE FROM invoices WHERE id = ?

-- case: unqualified-two-candidates
-- expect: PLAN INSERT customers tableCheck=true mappings=customers,crm.customers
-- sql-out: INSERT INTO customers (id, name) VALUES (?, ?) RETURNING customers.tableoid AS "__wt_table", txid_current() AS "__wt_xid", customers.*
INSERT INTO customers (id, name) VALUES (?, ?)

-- case: qualified-picks-its-schema
-- expect: PLAN INSERT crm.customers tableCheck=false mappings=crm.customers
-- sql-out: INSERT INTO crm.customers (id, name) VALUES (?, ?) RETURNING crm.customers.tableoid AS "__wt_table", txid_current() AS "__wt_xid", crm.customers."id", crm.customers."name"
INSERT INTO crm.customers (id, name) VALUES (?, ?)

-- case: qualified-falls-back-to-unqualified
-- expect: PLAN INSERT public.customers tableCheck=false mappings=customers
-- sql-out: INSERT INTO public.customers (id) VALUES (?) RETURNING public.customers.tableoid AS "__wt_table", txid_current() AS "__wt_xid", public.customers.*
INSERT INTO public.customers (id) VALUES (?)

-- case: qualified-public-users
-- expect: PLAN UPDATE public.users mappings=users
-- sql-out: UPDATE public.users SET name = ? RETURNING public.users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", public.users.*
UPDATE public.users SET name = ?

-- case: catalog-schema-table
-- expect: PLAN DELETE public.users
-- sql-out: DELETE FROM shop.public.users WHERE id = ? RETURNING shop.public.users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", shop.public.users."id"
DELETE FROM shop.public.users WHERE id = ?

-- case: key-change-two-candidates-same-key
-- expect: PLAN UPDATE customers keyChange=true tableCheck=true oldKeys=1 mappings=customers,crm.customers
-- sql-out: UPDATE customers SET id = ? FROM (SELECT customers."id" AS "__wt_k0" FROM customers WHERE id = ? FOR UPDATE) AS "__wt_old" WHERE customers."id" = "__wt_old"."__wt_k0" RETURNING customers.tableoid AS "__wt_table", txid_current() AS "__wt_xid", customers.*, "__wt_old"."__wt_k0"
UPDATE customers SET id = ? WHERE id = ?

-- case: alias-quoted
-- expect: PLAN UPDATE orders
-- sql-out: UPDATE orders "O" SET status = ? WHERE "O".id = ? RETURNING "O".tableoid AS "__wt_table", txid_current() AS "__wt_xid", "O".*
UPDATE orders "O" SET status = ? WHERE "O".id = ?

-- case: column-named-like-keyword
-- expect: PLAN UPDATE users
-- sql-out: UPDATE users SET value = ?, "type" = ?, key = ? WHERE id = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
UPDATE users SET value = ?, "type" = ?, key = ? WHERE id = ?
