package io.writethrough.examples;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.mapping.TableMapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import redis.clients.jedis.RedisClient;

/**
 * The quick start: a short session through a {@code jdbc:writethrough:} URL, showing after each step what the table
 * holds next to what Redis holds. Starts an embedded PostgreSQL and Redis unless given URLs. Exits with 1 when Redis
 * and the database ever disagree, 2 when the demo cannot run.
 */
@Command(name = "quick-start", sortOptions = false,
        description = "Runs a short session through the writethrough driver and shows Redis next to the database.")
public final class QuickStartDemo implements Callable<Integer> {

    static final String MAPPING_RESOURCE = "demo/writethrough.properties";

    static final String CUSTOMERS = "CREATE TABLE customers (id serial PRIMARY KEY, name text, "
            + "tier text DEFAULT 'basic', credits int DEFAULT 100)";
    static final String STOCK = "CREATE TABLE stock (sku text PRIMARY KEY, qty int, price numeric(6,2))";

    @Option(names = "--jdbc-url", paramLabel = "URL", defaultValue = "${env:WRITETHROUGH_DEMO_JDBC_URL}",
            description = "A PostgreSQL to use, jdbc:postgresql://host:port/db?user=…"
                    + " (default: WRITETHROUGH_DEMO_JDBC_URL, else an embedded PostgreSQL)")
    private String jdbcUrl;

    @Option(names = "--redis-url", paramLabel = "URL", defaultValue = "${env:WRITETHROUGH_DEMO_REDIS_URL}",
            description = "A Redis to use, redis://host:port (default: WRITETHROUGH_DEMO_REDIS_URL, else an embedded Redis)")
    private String redisUrl;

    @Option(names = "--schema", paramLabel = "NAME", defaultValue = "writethrough_demo",
            description = "The schema the demo (re)creates its tables in (default: ${DEFAULT-VALUE})")
    private String schema;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help and exits.")
    private boolean help;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new QuickStartDemo()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("writethrough quick start: every write lands in Redis, inside the application's transaction");
        out.println();
        try (DemoServices services = DemoServices.resolve(jdbcUrl, redisUrl);
             RedisClient redis = RedisClient.create(services.redisUrl());
             Connection connection = DriverManager.getConnection(services.writeThroughUrl(), driverProperties(services))) {
            out.printf("  PostgreSQL  %s%n  Redis       %s%n  JDBC URL    %s%n", services.describePostgres(),
                    services.describeRedis(), services.shownWriteThroughUrl());
            List<TableMapping> mappings = showMapping(out);
            CacheView.clear(redis, mappings);
            createTables(connection, out);

            Narrator narrator = new Narrator(connection, redis, mappings, out);
            tour(connection, narrator);
            boolean agreed = narrator.finish();
            if (services.bothGiven()) {
                out.printf("Look for yourself: redis-cli HGETALL demo:customer:1 | SELECT * FROM %s.customers%n", schema);
            }
            out.flush();
            return agreed ? 0 : 1;
        } catch (SQLException | IOException | RuntimeException e) {
            out.println();
            out.println("The demo stopped: " + describe(e));
            out.flush();
            return 2;
        }
    }

    /** The mapping file named by {@code writethrough.config}, and the Redis the demo uses. */
    private static Properties driverProperties(DemoServices services) {
        Properties properties = new Properties();
        properties.setProperty("writethrough.config", "classpath:" + MAPPING_RESOURCE);
        properties.setProperty("writethrough.redis.url", services.redisUrl());
        return properties;
    }

    /** Prints the mapping file's settings and returns its table mappings, for the checks. */
    private static List<TableMapping> showMapping(PrintWriter out) throws IOException {
        String text;
        try (InputStream in = QuickStartDemo.class.getClassLoader().getResourceAsStream(MAPPING_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the demo's mapping file " + MAPPING_RESOURCE + " is not on the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        out.printf("  mapping     classpath:%s%n", MAPPING_RESOURCE);
        text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> out.printf("                %s%n", line));
        Properties mapping = new Properties();
        mapping.load(new StringReader(text));
        return MappingConfig.parse(mapping, "classpath:" + MAPPING_RESOURCE).tables();
    }

    private void createTables(Connection connection, PrintWriter out) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + quoted(schema));
            statement.execute("SET search_path TO " + quoted(schema));
            statement.execute("DROP TABLE IF EXISTS customers, stock");
            statement.execute(CUSTOMERS);
            statement.execute(STOCK);
        }
        out.printf("  tables      %s%n              %s%n", CUSTOMERS, STOCK);
    }

    /** The story. Every statement goes through the writethrough connection, as an application's would. */
    static void tour(Connection c, Narrator n) throws SQLException {
        n.step("INSERT: the sequence picks the id, the database fills in the defaults");
        n.sql("INSERT INTO customers (name) VALUES ('Ada')");
        n.show();

        n.step("UPDATE with an expression: Redis gets the result, not the formula");
        n.sql("UPDATE customers SET credits = credits * 2 + 5 WHERE name = 'Ada'");
        n.show();

        n.step("A batch: three rows in one executeBatch(); JSON keeps exact numbers");
        String insertStock = "INSERT INTO stock (sku, qty, price) VALUES (?, ?, ?)";
        n.line(insertStock);
        try (PreparedStatement batch = c.prepareStatement(insertStock)) {
            Object[][] rows = {{"tea", 10, "4.50"}, {"mug", 0, "12.00"}, {"pot", 3, "30.00"}};
            for (Object[] row : rows) {
                batch.setString(1, (String) row[0]);
                batch.setInt(2, (Integer) row[1]);
                batch.setBigDecimal(3, new java.math.BigDecimal((String) row[2]));
                batch.addBatch();
                n.line(String.format("  + ('%s', %d, %s)", row));
            }
            n.line("executeBatch()   -- " + Arrays.toString(batch.executeBatch()));
        }
        n.show();

        n.step("An upsert: ON CONFLICT ... DO UPDATE stores the merged row");
        n.sql("INSERT INTO stock (sku, qty, price) VALUES ('tea', 5, 4.20)\n"
                + "ON CONFLICT (sku) DO UPDATE SET qty = stock.qty + EXCLUDED.qty");
        n.show();

        n.step("A rolled-back transaction: Redis follows it, then goes back to before");
        c.setAutoCommit(false);
        n.line("connection.setAutoCommit(false)");
        n.sql("UPDATE customers SET credits = 0");
        n.sql("DELETE FROM stock WHERE sku = 'tea'");
        n.show("Inside the transaction (the database as this transaction sees it):");
        c.rollback();
        n.line("");
        n.line("connection.rollback()");
        c.setAutoCommit(true);
        n.show();

        n.step("A savepoint: rolling back to it undoes only what came after it");
        c.setAutoCommit(false);
        n.line("connection.setAutoCommit(false)");
        n.sql("UPDATE customers SET tier = 'gold' WHERE id = 1");
        Savepoint beforeDiscount = c.setSavepoint("before_discount");
        n.line("connection.setSavepoint(\"before_discount\")");
        n.sql("UPDATE customers SET credits = credits - 200 WHERE id = 1");
        c.rollback(beforeDiscount);
        n.line("connection.rollback(beforeDiscount)");
        c.commit();
        n.line("connection.commit()");
        c.setAutoCommit(true);
        n.show();

        n.step("DELETE with any WHERE clause: the keys of the deleted rows go");
        n.sql("DELETE FROM stock WHERE qty < 5");
        n.show();
    }

    /** The exception's message and causes on one line: no stack trace, and never a URL (the messages carry none). */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.length() == 0 ? "" : "; caused by: ").append(message);
            }
        }
        return text.toString();
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
