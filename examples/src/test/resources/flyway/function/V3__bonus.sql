-- Writes accounts from inside a function, where the driver cannot see the rows.
CREATE FUNCTION pay_bonus() RETURNS void LANGUAGE sql AS $$ UPDATE accounts SET balance = balance + 100 $$;
SELECT pay_bonus();
