package io.writethrough.jdbc;

import io.writethrough.metrics.WriteThroughMetrics;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import io.writethrough.write.SqlStates;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for frameworks that configure data sources by class. Either give it a
 * {@code jdbc:writethrough:} URL (and optionally user, password and properties), or wrap an existing
 * {@code DataSource} — one a framework or pool built — so that its connections write through:
 * <pre>{@code
 * DataSource ds = WriteThroughDataSource.wrapping(pgDataSource, props); // props: writethrough.* settings
 * }</pre>
 * In the wrapping form the mapping file is found as for the driver (connection property given in
 * {@code props}, system property, environment variable, classpath) and the database is named by the
 * wrapped data source.
 *
 * <p>A wrapping data source holds its configuration's Redis pool until {@link #close()}; connections hold it while
 * they are open, and the pool closes when the last holder lets go. So does a data source given a meter registry
 * ({@link #setMeterRegistry}).
 */
public final class WriteThroughDataSource implements DataSource, AutoCloseable {

    private String url;
    private String user;
    private String password;
    private final Properties properties = new Properties();
    private final DataSource wrapped;
    private DriverContext wrappedContext;
    private boolean closed;
    private PrintWriter logWriter;
    private int loginTimeout;
    /** The Micrometer registry of {@link #setMeterRegistry}, or null; held as Object, Micrometer being optional. */
    private volatile Object meterRegistry;
    private WriteThroughMetrics.Binding meterBinding;
    /** A URL data source's configuration, held while a meter registry is bound to it. */
    private DriverContext meteredContext;

    /** An empty data source: set the URL (and user, password) before use. */
    public WriteThroughDataSource() {
        this.wrapped = null;
    }

    private WriteThroughDataSource(DataSource wrapped, Properties settings) {
        this.wrapped = wrapped;
        if (settings != null) {
            properties.putAll(settings);
        }
    }

    /**
     * Wraps an existing data source.
     *
     * @param settings {@code writethrough.*} settings, e.g. {@code writethrough.config}; may be null
     */
    public static WriteThroughDataSource wrapping(DataSource dataSource, Properties settings) {
        return new WriteThroughDataSource(dataSource, settings);
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        if (wrapped != null) {
            throw new IllegalStateException("this data source wraps another one; it has no URL");
        }
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    /** Sets a connection property (a {@code writethrough.*} setting or one for the real driver). */
    public void setProperty(String name, String value) {
        properties.setProperty(name, value);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    /**
     * Records the meters of this data source's configuration (its mapping file and {@code writethrough.*} settings:
     * every connection of that configuration, through this data source or not) into {@code registry}, until
     * {@link #close()}; {@code null}, or another registry, ends the previous binding. See
     * {@link WriteThroughMetrics} for the meters, and for how bindings of one registry count. The configuration is
     * bound now, or, while it cannot be read yet (no URL, a mapping error), at the next {@link #getConnection()}: set
     * the URL and properties first. The data source then holds the configuration (and its Redis pool) until it is
     * closed.
     *
     * <p>The parameter is typed {@code Object}, as HikariCP's {@code setMetricRegistry} is, so that tools which list
     * this class's methods by reflection (JavaBeans introspection; a pool setting data-source properties by name) work
     * without Micrometer on the classpath.
     *
     * @param registry a Micrometer {@code io.micrometer.core.instrument.MeterRegistry}, or {@code null}
     * @throws IllegalArgumentException if {@code registry} is not a Micrometer {@code MeterRegistry}
     */
    public synchronized void setMeterRegistry(Object registry) {
        if (registry != null && !isMeterRegistry(registry)) {
            throw new IllegalArgumentException("writethrough: setMeterRegistry takes a Micrometer MeterRegistry, not a "
                    + registry.getClass().getName());
        }
        unbindMeters(registry == null);
        meterRegistry = registry;
        try {
            bindMeters();
        } catch (SQLException e) {
            // The configuration cannot be read yet: getConnection() reports why, and binds once it can.
        }
    }

    private static boolean isMeterRegistry(Object registry) {
        try {
            return Class.forName("io.micrometer.core.instrument.MeterRegistry", false, registry.getClass().getClassLoader())
                    .isInstance(registry);
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Ends the registry's binding; lets go of the configuration held for it too when {@code release}. */
    private void unbindMeters(boolean release) {
        if (meterBinding != null) {
            meterBinding.close();
            meterBinding = null;
        }
        if (release && meteredContext != null) {
            meteredContext.release();
            meteredContext = null;
        }
    }

    /** Binds the registry waiting, if any, to this data source's configuration. */
    private synchronized void bindMeters() throws SQLException {
        Object registry = meterRegistry;
        if (registry == null || meterBinding != null || closed) {
            return;
        }
        DriverContext context;
        if (wrapped != null) {
            context = context();
        } else if (url != null && DriverUrl.accepts(url)) {
            if (meteredContext == null) {
                meteredContext = WriteThroughDriver.context(DriverUrl.parse(url), properties);
            }
            context = meteredContext;
        } else {
            return;
        }
        meterBinding = context.metrics().bind(registry);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        if (meterRegistry != null) {
            bindMeters();
        }
        if (wrapped != null) {
            Connection real = username == null ? wrapped.getConnection() : wrapped.getConnection(username, password);
            try {
                return new WriteThroughConnection(real, context(), "datasource@" + System.identityHashCode(wrapped),
                        wrapped::getConnection);
            } catch (SQLException | RuntimeException e) {
                real.close();
                throw e;
            }
        }
        if (url == null) {
            throw new SQLException("writethrough: WriteThroughDataSource has no URL; call setUrl(\"jdbc:writethrough:postgresql://…\")",
                    SqlStates.CONFIGURATION);
        }
        Properties info = new Properties();
        info.putAll(properties);
        if (username != null) {
            info.setProperty("user", username);
        }
        if (password != null) {
            info.setProperty("password", password);
        }
        Connection connection = new WriteThroughDriver().connect(url, info);
        if (connection == null) {
            throw new SQLException("writethrough: the URL must start with " + DriverUrl.PREFIX, SqlStates.CONFIGURATION);
        }
        return connection;
    }

    private synchronized DriverContext context() throws SQLException {
        if (closed) {
            throw new SQLException("writethrough: this WriteThroughDataSource is closed", SqlStates.OBJECT_NOT_IN_STATE);
        }
        if (wrappedContext == null) {
            wrappedContext = DriverContexts.acquire(properties, new Properties());
        }
        return wrappedContext;
    }

    /**
     * Lets go of this data source's Redis pool (it closes once no connection of this configuration is open) and ends
     * its meter registry's binding. The wrapped data source is not closed: it belongs to whoever made it. Idempotent.
     */
    @Override
    public synchronized void close() {
        closed = true;
        unbindMeters(true);
        if (wrappedContext != null) {
            wrappedContext.release();
            wrappedContext = null;
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("writethrough logs through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (wrapped != null) {
            return wrapped.unwrap(iface);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || (wrapped != null && wrapped.isWrapperFor(iface));
    }

    @Override
    public String toString() {
        return "WriteThroughDataSource[" + (wrapped != null ? "wrapping " + wrapped.getClass().getName()
                : url == null ? "no URL" : DriverUrl.parse(url).toString()) + "]";
    }
}
