CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL DEFAULT 0);
INSERT INTO accounts (id, owner, balance) VALUES (1, 'Ada', 10), (2, 'Grace', 20);
