CREATE TABLE IF NOT EXISTS accounts (
  id serial PRIMARY KEY,
  owner text NOT NULL,
  balance int NOT NULL DEFAULT 0 CHECK (balance >= 0)
);
