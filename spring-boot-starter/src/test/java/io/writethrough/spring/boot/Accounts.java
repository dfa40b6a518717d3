package io.writethrough.spring.boot;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.transaction.annotation.Transactional;

/** Plain Spring JDBC on the table {@code accounts}, as the tests' applications write it: nothing knows Redis. */
public class Accounts {

    /** The table, created in each test's schema. */
    static final String TABLE = "CREATE TABLE accounts (id serial PRIMARY KEY, owner text NOT NULL, "
            + "balance int NOT NULL CHECK (balance >= 0))";

    private final JdbcClient jdbc;

    public Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public int open(String owner, int balance) {
        KeyHolder id = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO accounts (owner, balance) VALUES (?, ?)").params(owner, balance).update(id, "id");
        return id.getKeyAs(Integer.class);
    }

    /** Credits first, then debits: an overdraft breaks the CHECK after the credit has run, and all rolls back. */
    @Transactional
    public void transfer(int from, int to, int amount) {
        jdbc.sql("UPDATE accounts SET balance = balance + ? WHERE id = ?").params(amount, to).update();
        jdbc.sql("UPDATE accounts SET balance = balance - ? WHERE id = ?").params(amount, from).update();
    }
}
