package io.writethrough.examples.springboot;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts with plain Spring JDBC: the code does not know that Redis exists. */
@Service
public class Accounts {

    private final JdbcClient jdbc;

    public Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Opens an account and returns its id. */
    @Transactional
    public long open(String owner, int balance) {
        KeyHolder id = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO accounts (owner, balance) VALUES (?, ?)").params(owner, balance).update(id, "id");
        return id.getKeyAs(Integer.class);
    }

    /** Moves money; an overdraft fails the table's CHECK and rolls the whole transfer back. */
    @Transactional
    public void transfer(long from, long to, int amount) {
        jdbc.sql("UPDATE accounts SET balance = balance + ? WHERE id = ?").params(amount, to).update();
        jdbc.sql("UPDATE accounts SET balance = balance - ? WHERE id = ?").params(amount, from).update();
    }

    @Transactional(readOnly = true)
    public int balance(long id) {
        return jdbc.sql("SELECT balance FROM accounts WHERE id = ?").param(id).query(Integer.class).single();
    }
}
