package io.writethrough.hostile;

import io.writethrough.jdbc.WriteThroughDataSource;
import io.writethrough.testing.FaultyProxy;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The child JVM of {@link SecretsTest}: gives the driver a canary password in every way a user can, binds a canary
 * parameter value, makes Redis fail under it in every way the proxy can, and prints every exception (whole cause
 * chain, suppressed ones included) and the {@code toString()} of every JDBC object, while every logger runs at TRACE.
 * It never prints the canaries itself. Arguments: the real PostgreSQL URL, the Redis host and port, the password
 * canary, the parameter canary.
 */
public final class SecretsScenario {

    private static final PrintStream OUT = System.out;

    private final String realUrl;
    private final FaultyProxy proxy;
    private final String password;
    private final String bound;
    private final List<String> mapping;

    private SecretsScenario(String realUrl, FaultyProxy proxy, String password, String bound) {
        this.realUrl = realUrl;
        this.proxy = proxy;
        this.password = password;
        this.bound = bound;
        this.mapping = List.of("table.accounts.key=sec:acc:{id}", "table.accounts.columns=balance,secret", "redis.timeout.ms=300");
    }

    public static void main(String[] args) throws Exception {
        try (FaultyProxy proxy = FaultyProxy.start(args[1], Integer.parseInt(args[2]))) {
            new SecretsScenario(args[0], proxy, args[3], args[4]).run();
        }
        OUT.println("DONE");
        System.exit(0);
    }

    private String redisUrl(String secret) {
        return "redis://app:" + secret + "@127.0.0.1:" + proxy.port();
    }

    private String writeThroughUrl(String extra) {
        return "jdbc:writethrough:" + realUrl.substring("jdbc:".length()) + extra;
    }

    private Path file(String... lines) throws Exception {
        Path file = Files.createTempFile("writethrough-secrets-", ".properties");
        file.toFile().deleteOnExit();
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private Path mappingFile(String... more) throws Exception {
        List<String> lines = new ArrayList<>(mapping);
        lines.addAll(List.of(more));
        return file(lines.toArray(String[]::new));
    }

    private void run() throws Exception {
        // 1. redis.url with the password in the mapping file; the database password as a URL parameter.
        Properties p = new Properties();
        p.setProperty("writethrough.config", mappingFile("redis.url=" + redisUrl(password)).toString());
        phase("file redis.url + URL password", () -> DriverManager.getConnection(writeThroughUrl("&password=" + password), p));

        // 2. writethrough.redis.url and the database password as connection properties.
        Properties q = new Properties();
        q.setProperty("writethrough.config", mappingFile().toString());
        q.setProperty("writethrough.redis.url", redisUrl(password));
        q.setProperty("password", password);
        phase("connection properties", () -> DriverManager.getConnection(writeThroughUrl(""), q));

        // 3. writethrough.redis.url as a URL parameter.
        Properties r = new Properties();
        r.setProperty("writethrough.config", mappingFile().toString());
        String encoded = URLEncoder.encode(redisUrl(password), StandardCharsets.UTF_8);
        phase("URL parameter", () -> DriverManager.getConnection(writeThroughUrl("&writethrough.redis.url=" + encoded), r));

        // 4. writethrough.redis.url as a system property.
        System.setProperty("writethrough.redis.url", redisUrl(password));
        try {
            Properties s = new Properties();
            s.setProperty("writethrough.config", mappingFile().toString());
            phase("system property", () -> DriverManager.getConnection(writeThroughUrl(""), s));
        } finally {
            System.clearProperty("writethrough.redis.url");
        }

        // 5. The DataSource, with the password set on it and in its URL.
        WriteThroughDataSource dataSource = new WriteThroughDataSource();
        dataSource.setUrl(writeThroughUrl("&password=" + password));
        dataSource.setPassword(password);
        dataSource.setProperty("writethrough.config", mappingFile().toString());
        dataSource.setProperty("writethrough.redis.url", redisUrl(password));
        OUT.println("TOSTRING datasource " + dataSource);
        phase("data source", dataSource::getConnection);

        // 6. A wrong password: Redis refuses it on every write.
        Properties w = new Properties();
        w.setProperty("writethrough.config", mappingFile("redis.url=" + redisUrl(password + "-wrong")).toString());
        phase("wrong password", () -> DriverManager.getConnection(writeThroughUrl(""), w));

        // 7. redis.user and redis.password beside a URL without credentials, as connection properties; then wrong.
        String plainUrl = "redis://127.0.0.1:" + proxy.port();
        Properties acl = new Properties();
        acl.setProperty("writethrough.config", mappingFile("redis.url=" + plainUrl).toString());
        acl.setProperty("writethrough.redis.user", "app");
        acl.setProperty("writethrough.redis.password", password);
        phase("redis.user + redis.password", () -> DriverManager.getConnection(writeThroughUrl(""), acl));
        Properties aclWrong = new Properties();
        aclWrong.putAll(acl);
        aclWrong.setProperty("writethrough.redis.password", password + "-wrong");
        phase("wrong redis.password", () -> DriverManager.getConnection(writeThroughUrl(""), aclWrong));
        // Both a URL password and redis.password: refused at connect, naming the keys, showing neither password.
        Properties twice = new Properties();
        twice.putAll(acl);
        twice.setProperty("writethrough.redis.url", redisUrl(password));
        try (Connection c = DriverManager.getConnection(writeThroughUrl(""), twice)) {
            OUT.println("CONNECTED with two passwords: " + c);
        } catch (SQLException e) {
            print("two passwords", e);
        }

        // 8. Malformed URLs carrying the password: connect() refuses them.
        for (String malformed : List.of("redis://app:" + password + "@[::1", "redis://a pp:" + password + "@h:1",
                "redis://app:" + password + "@127.0.0.1:99999", "redis://app:" + password + "@127.0.0.1:1/x",
                "redis://app:" + password + "%zz@127.0.0.1:1", "rediss://app:" + password + "@127.0.0.1:1:2")) {
            Properties m = new Properties();
            m.setProperty("writethrough.config", mappingFile("redis.url=" + malformed).toString());
            try (Connection c = DriverManager.getConnection(writeThroughUrl(""), m)) {
                OUT.println("CONNECTED with a malformed URL: " + c);
            } catch (SQLException e) {
                print("malformed redis.url", e);
            }
        }
    }

    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private void phase(String name, Opener opener) {
        OUT.println("PHASE " + name);
        proxy.heal();
        try (Connection c = opener.open()) {
            // Not DatabaseMetaData.getURL(): like pgjdbc's, it is the URL the application gave, password parameter included.
            OUT.println("TOSTRING connection " + c + " / metadata " + c.getMetaData() + " / user " + c.getMetaData().getUserName());
            try (Statement st = c.createStatement()) {
                OUT.println("TOSTRING statement " + st);
                step(name + ": write", () -> st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 1"));
                try (ResultSet rs = st.executeQuery("SELECT * FROM accounts")) {
                    OUT.println("TOSTRING resultset " + rs);
                }
                c.setAutoCommit(false);
                Savepoint sp = c.setSavepoint("s");
                OUT.println("TOSTRING savepoint " + sp);
                boundWrite(c, name + ": bound write");
                proxy.stall();
                boundWrite(c, name + ": bound write, Redis stalled");
                step(name + ": rollback to savepoint, Redis stalled", () -> c.rollback(sp));
                step(name + ": commit, Redis stalled", c::commit);
                proxy.heal();
                step(name + ": rollback", c::rollback);
                proxy.cutAtCommand(1, FaultyProxy.Cut.BEFORE_REPLY);
                boundWrite(c, name + ": bound write, reply lost");
                step(name + ": rollback after a lost reply", c::rollback);
                proxy.refuseConnections(true);
                proxy.cutConnections();
                boundWrite(c, name + ": bound write, Redis refusing");
                step(name + ": commit, Redis refusing", c::commit);
                proxy.heal();
                step(name + ": unsupported write with a bound value", () -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE ONLY accounts SET secret = ? WHERE id = 1")) {
                        ps.setString(1, bound);
                        ps.executeUpdate();
                    }
                });
                step(name + ": rollback", c::rollback);
                c.setAutoCommit(true);
                proxy.stall();
                step(name + ": autocommit bound write, Redis stalled", () -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE accounts SET secret = ? WHERE id = 2")) {
                        ps.setString(1, bound);
                        ps.executeUpdate();
                    }
                });
                proxy.heal();
                step(name + ": write after healing", () -> st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 1"));
            }
        } catch (SQLException e) {
            print(name + ": connection", e);
        } finally {
            proxy.heal();
        }
    }

    private void boundWrite(Connection c, String name) {
        step(name, () -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE accounts SET secret = ? WHERE id = 1")) {
                ps.setString(1, bound);
                OUT.println("TOSTRING-PREPARED " + ps);
                ps.executeUpdate();
            }
        });
    }

    @FunctionalInterface
    interface Step {
        void run() throws SQLException;
    }

    private static void step(String name, Step step) {
        try {
            step.run();
            OUT.println("STEP " + name + ": ok");
        } catch (SQLException | RuntimeException e) {
            print(name, e);
        }
    }

    private static void print(String name, Throwable e) {
        OUT.println("STEP " + name + ": " + e.getClass().getName());
        for (Throwable t = e; t != null; t = t.getCause()) {
            OUT.println("EXC " + t.getClass().getName() + " | " + t.getMessage() + " | " + t);
            for (Throwable s : t.getSuppressed()) {
                OUT.println("EXC suppressed " + s);
            }
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                OUT.println("EXC next " + sql.getNextException());
            }
        }
        e.printStackTrace(OUT);
    }
}
