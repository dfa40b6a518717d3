-- A data migration: a new column, filled in; every changed row is written through.
ALTER TABLE accounts ADD COLUMN tier text NOT NULL DEFAULT 'basic';
UPDATE accounts SET tier = 'gold', balance = balance + 5 WHERE balance >= 20;
