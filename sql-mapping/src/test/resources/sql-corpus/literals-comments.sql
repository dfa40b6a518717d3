-- case: leading-line-comments
-- expect: PLAN UPDATE users
-- sql-out: -- nightly job\n-- touches users\nUPDATE users SET active = false WHERE id = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
-- nightly job
-- touches users
UPDATE users SET active = false WHERE id = ?

-- case: nested-block-comment
-- expect: PLAN UPDATE users
-- sql-out: /* outer /* inner; RETURNING */ still comment */ UPDATE users SET name = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
/* outer /* inner; RETURNING */ still comment */ UPDATE users SET name = ?

-- case: inline-comments-between-tokens
-- expect: PLAN INSERT users
-- sql-out: INSERT/*a*/INTO/*b*/users/*c*/(name)/*d*/VALUES(?) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*/*e*/
INSERT/*a*/INTO/*b*/users/*c*/(name)/*d*/VALUES(?)/*e*/

-- case: returning-word-in-string
-- expect: PLAN UPDATE users appReturning=false
-- sql-out: UPDATE users SET note = 'see RETURNING clause' WHERE id = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
UPDATE users SET note = 'see RETURNING clause' WHERE id = ?

-- case: returning-word-in-comment
-- expect: PLAN DELETE users appReturning=false
-- sql-out: DELETE FROM users /* RETURNING id */ WHERE id = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users."id"
DELETE FROM users /* RETURNING id */ WHERE id = ?

-- case: returning-word-in-dollar-string
-- expect: PLAN INSERT users appReturning=false
-- sql-out: INSERT INTO users (bio) VALUES ($x$ RETURNING * $$ ; $x$) RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
INSERT INTO users (bio) VALUES ($x$ RETURNING * $$ ; $x$)

-- case: semicolon-in-string-is-single-statement
-- expect: PLAN UPDATE users
-- sql-out: UPDATE users SET name = 'a; DELETE FROM users' WHERE id = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
UPDATE users SET name = 'a; DELETE FROM users' WHERE id = ?

-- case: standard-string-backslash
-- expect: PLAN UPDATE users
-- sql-out: UPDATE users SET path = 'C:\data\' WHERE id = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
UPDATE users SET path = 'C:\data\' WHERE id = ?

-- case: escape-string-quote
-- expect: PLAN UPDATE users
-- sql-out: UPDATE users SET name = e'O\'Brien', bio = E'\\' WHERE id = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
UPDATE users SET name = e'O\'Brien', bio = E'\\' WHERE id = ?

-- case: string-continuation
-- expect: PLAN UPDATE users
-- sql-out: UPDATE users SET bio = 'first'\n  'second' WHERE id = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
UPDATE users SET bio = 'first'
  'second' WHERE id = ?

-- case: bit-and-hex-strings
-- expect: PLAN UPDATE users
-- sql-out: UPDATE users SET flags = B'1010', mask = X'FF' WHERE id = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
UPDATE users SET flags = B'1010', mask = X'FF' WHERE id = ?

-- case: question-mark-in-string-and-comment
-- expect: PLAN UPDATE users
-- sql-out: UPDATE users SET q = 'why?' /* ? */ WHERE id = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.* -- really?
UPDATE users SET q = 'why?' /* ? */ WHERE id = ? -- really?

-- case: jsonb-operators
-- expect: PLAN UPDATE users
-- sql-out: UPDATE users SET data = data || ?::jsonb WHERE data @> ?::jsonb AND data->>'kind' = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users.*
UPDATE users SET data = data || ?::jsonb WHERE data @> ?::jsonb AND data->>'kind' = ?

-- case: tab-and-newline-whitespace
-- expect: PLAN DELETE users
-- sql-out: DELETE\tFROM\tusers\nWHERE\tid = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users."id"
DELETE	FROM	users
WHERE	id = ?

-- case: leading-semicolon
-- expect: PLAN DELETE users
-- sql-out:  DELETE FROM users WHERE id = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users."id"
; DELETE FROM users WHERE id = ?

-- case: double-trailing-semicolons
-- expect: PLAN DELETE users
-- sql-out: DELETE FROM users WHERE id = ? RETURNING users.tableoid AS "__wt_table", txid_current() AS "__wt_xid", users."id"
DELETE FROM users WHERE id = ?;;
