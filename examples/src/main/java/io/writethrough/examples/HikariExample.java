package io.writethrough.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * HikariCP configured with nothing but {@code jdbcUrl} and pool settings: the pool finds the writethrough driver
 * from the URL and the driver finds {@code writethrough.properties} on the classpath. Four threads place orders
 * against one customer's credits; an order the credits cannot pay for is rolled back, and so is its Redis entry.
 */
public final class HikariExample {

    static final int THREADS = 4;
    static final int ORDERS_PER_THREAD = 10;
    static final int PRICE = 5;
    static final int CREDITS = 100;

    private HikariExample() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:writethrough:postgresql://localhost:5432/postgres?user=postgres";
        System.out.println(run(url) + " orders placed; see GET order:1 and HGETALL customer:1");
    }

    static HikariDataSource pool(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);                      // jdbc:writethrough:postgresql://…
        config.setMaximumPoolSize(THREADS);
        config.setPoolName("shop");
        return new HikariDataSource(config);
    }

    /** Returns the number of orders placed; the others were rolled back. */
    static int run(String jdbcUrl) throws Exception {
        try (HikariDataSource pool = pool(jdbcUrl)) {
            try (Connection c = pool.getConnection(); Statement ddl = c.createStatement()) {
                ddl.execute("CREATE TABLE IF NOT EXISTS customers ("
                        + "id serial PRIMARY KEY, name text NOT NULL, credits int NOT NULL DEFAULT 0)");
                ddl.execute("CREATE TABLE IF NOT EXISTS orders ("
                        + "id serial PRIMARY KEY, customer_id int NOT NULL, amount int NOT NULL, placed_at timestamptz DEFAULT now())");
                ddl.executeUpdate("INSERT INTO customers (id, name, credits) VALUES (1, 'Linus', " + CREDITS + ")");
            }
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> placed = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    placed.add(threads.submit(() -> placeOrders(pool, ORDERS_PER_THREAD)));
                }
                int total = 0;
                for (Future<Integer> each : placed) {
                    total += each.get();
                }
                return total;
            } finally {
                threads.shutdown();
            }
        }
    }

    private static int placeOrders(HikariDataSource pool, int orders) throws SQLException {
        int placed = 0;
        for (int i = 0; i < orders; i++) {
            try (Connection c = pool.getConnection();
                 PreparedStatement order = c.prepareStatement("INSERT INTO orders (customer_id, amount) VALUES (1, ?)");
                 PreparedStatement charge = c.prepareStatement(
                         "UPDATE customers SET credits = credits - ? WHERE id = 1 AND credits >= ?")) {
                c.setAutoCommit(false);
                order.setInt(1, PRICE);
                order.executeUpdate();                   // the order's key is in Redis now
                charge.setInt(1, PRICE);
                charge.setInt(2, PRICE);
                if (charge.executeUpdate() == 1) {
                    c.commit();
                    placed++;
                } else {
                    c.rollback();                        // ...and gone again
                }
            }
        }
        return placed;
    }
}
