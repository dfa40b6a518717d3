package io.writethrough.jdbc;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.mapping.Setting;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import io.writethrough.audit.CacheAudit;
import io.writethrough.recovery.Recovery;
import io.writethrough.recovery.SweepResult;
import io.writethrough.write.SqlStates;

/**
 * The JDBC driver for {@code jdbc:writethrough:<real URL without "jdbc:">} URLs, e.g.
 * {@code jdbc:writethrough:postgresql://db:5432/shop}. It opens a connection with the real driver that
 * {@link DriverManager} finds for {@code jdbc:<rest>} and keeps the Redis entries of mapped tables in
 * step with every write made through it. Registered with {@link DriverManager} on class load and through
 * {@code META-INF/services/java.sql.Driver}.
 */
public final class WriteThroughDriver implements Driver {

    /** The prefix of the URLs this driver accepts (in any case): {@value}. */
    public static final String URL_PREFIX = DriverUrl.PREFIX;


    static {
        try {
            DriverManager.registerDriver(new WriteThroughDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        DriverUrl driverUrl = DriverUrl.parse(url);
        Properties realInfo = SplitProperties.of(info).real();
        DriverContext context = context(driverUrl, info);
        try {
            Connection real = DriverManager.getConnection(driverUrl.realUrl(), realInfo);
            try {
                return new WriteThroughConnection(real, context, driverUrl.database(),
                        () -> DriverManager.getConnection(driverUrl.realUrl(), realInfo));
            } catch (SQLException | RuntimeException e) {
                real.close();
                throw e;
            }
        } finally {
            // The connection took its own reference.
            context.release();
        }
    }

    /**
     * Resolves, now, the ownership marks that ended transactions left in the Redis this configuration writes to, and
     * refills the keys whose value could not be decided (see {@code docs/design.md}, "Recovery"). The same sweep runs
     * by itself when a first connection opens and every {@code recovery.interval.ms}; this is for operators and tools.
     *
     * @param url a {@code jdbc:writethrough:} URL
     * @param info connection properties, {@code writethrough.*} settings included
     */
    public static SweepResult recover(String url, Properties info) throws SQLException {
        Configured configured = Configured.of(url, info);
        try {
            return configured.context().recovery(configured.url().database(), configured.connections(), false).recoverNow();
        } finally {
            configured.context().release();
        }
    }

    /**
     * Opens an audit of the Redis entries of this configuration's mapped tables against the database: warm, verify,
     * repair (see {@link CacheAudit}; the {@code writethrough-cli} tool runs it). It holds the configuration's context
     * until it is closed.
     *
     * @param url a {@code jdbc:writethrough:} URL
     * @param info connection properties, {@code writethrough.*} settings included
     */
    public static CacheAudit audit(String url, Properties info) throws SQLException {
        Configured configured = Configured.of(url, info);
        DriverContext context = configured.context();
        return new CacheAudit(context.redis(), context.dialect(), context.config(), configured.url().database(),
                configured.connections(), context::release);
    }

    /** A URL and properties resolved to the configuration's context (held once for the caller) and the real URL. */
    private record Configured(DriverUrl url, Properties realInfo, DriverContext context) {

        static Configured of(String url, Properties info) throws SQLException {
            if (!DriverUrl.accepts(url)) {
                throw new SQLException("writethrough: the URL must start with " + DriverUrl.PREFIX, SqlStates.CONFIGURATION);
            }
            DriverUrl driverUrl = DriverUrl.parse(url);
            SplitProperties split = SplitProperties.of(info);
            return new Configured(driverUrl, split.real(), WriteThroughDriver.context(driverUrl, info));
        }

        Recovery.ConnectionSource connections() {
            return () -> DriverManager.getConnection(url.realUrl(), realInfo);
        }
    }

    /** The context of the configuration a connection to {@code url} with {@code info} uses, held for the caller. */
    static DriverContext context(DriverUrl url, Properties info) throws SQLException {
        return DriverContexts.acquire(SplitProperties.of(info).settings(), url.parameters());
    }

    /** The caller's properties, split: {@code writethrough.*} settings, and the rest for the real driver. */
    private record SplitProperties(Properties settings, Properties real) {

        static SplitProperties of(Properties info) {
            Properties settings = new Properties();
            Properties real = new Properties();
            if (info != null) {
                for (String name : info.stringPropertyNames()) {
                    (name.startsWith(MappingConfig.PROPERTY_PREFIX) ? settings : real).setProperty(name, info.getProperty(name));
                }
            }
            return new SplitProperties(settings, real);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return accepts(url);
    }

    /** Whether {@code url} is a writethrough URL (starts with {@link #URL_PREFIX}, in any case); false for null. */
    public static boolean accepts(String url) {
        return DriverUrl.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        List<DriverPropertyInfo> properties = new ArrayList<>();
        DriverPropertyInfo config = new DriverPropertyInfo(MappingConfig.CONFIG_PROPERTY, info == null ? null : info.getProperty(MappingConfig.CONFIG_PROPERTY));
        config.description = "The mapping file: a path or classpath:<resource>. Default: classpath writethrough.properties.";
        properties.add(config);
        for (Setting setting : Setting.values()) {
            DriverPropertyInfo p = new DriverPropertyInfo(setting.propertyName(),
                    info == null ? setting.defaultValue() : info.getProperty(setting.propertyName(), setting.defaultValue()));
            p.description = setting.description();
            p.choices = setting.allowedValues().isEmpty() ? null : setting.allowedValues().toArray(String[]::new);
            properties.add(p);
        }
        if (acceptsURL(url)) {
            String realUrl = DriverUrl.parse(url).realUrl();
            try {
                Driver real = DriverManager.getDriver(realUrl);
                properties.addAll(Arrays.asList(real.getPropertyInfo(realUrl, info)));
            } catch (SQLException e) {
                // No real driver for this URL yet: list only this driver's properties.
            }
        }
        return properties.toArray(DriverPropertyInfo[]::new);
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("writethrough logs through SLF4J");
    }

    @Override
    public String toString() {
        return "WriteThroughDriver " + getMajorVersion() + "." + getMinorVersion();
    }
}
