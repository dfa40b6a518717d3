package io.writethrough.jdbc;

import io.writethrough.mapping.ConfigException;
import io.writethrough.mapping.MappingConfig;
import io.writethrough.write.SqlStates;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live {@link DriverContext}s, one per distinct configuration. A context lives while a connection or data source
 * holds it: the last {@link DriverContext#release()} closes its Redis pool (once undos of rolled-back transactions
 * still waiting for Redis have been applied: see {@link io.writethrough.redis.RedisWriter#close()}). So an application that opens connections with fifty configurations over its life keeps only the pools of
 * those in use.
 */
final class DriverContexts {

    private static final Logger LOG = LoggerFactory.getLogger(WriteThroughDriver.class);
    private static final Map<String, DriverContext> LIVE = new HashMap<>();

    private DriverContexts() {
    }

    /**
     * The context for this configuration, held once for the caller (who must {@link DriverContext#release()} it).
     * Overrides: connection properties win over URL parameters, which win over system properties, which win over
     * the file.
     */
    static DriverContext acquire(Properties connectionProperties, Properties urlParameters) throws SQLException {
        Properties overrides = new Properties();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(MappingConfig.PROPERTY_PREFIX)) {
                overrides.setProperty(name, System.getProperty(name));
            }
        }
        overrides.putAll(urlParameters);
        overrides.putAll(connectionProperties);
        ConfigLocator.Loaded file = ConfigLocator.load(connectionProperties, urlParameters, overrides);
        String identity = identity(file, overrides);
        synchronized (DriverContexts.class) {
            DriverContext existing = LIVE.get(identity);
            if (existing != null) {
                existing.references++;
                return existing;
            }
        }
        MappingConfig config;
        try {
            config = MappingConfig.parse(file.properties(), file.source(), overrides);
        } catch (ConfigException e) {
            throw new SQLException("writethrough: " + e.getMessage(), SqlStates.CONFIGURATION, e);
        }
        synchronized (DriverContexts.class) {
            DriverContext raced = LIVE.get(identity);
            if (raced != null) {
                raced.references++;
                return raced;
            }
            DriverContext created = DriverContext.create(identity, config);
            created.references = 1;
            LIVE.put(identity, created);
            LOG.info("writethrough: using {}", config);
            return created;
        }
    }

    static synchronized void retain(DriverContext context) {
        context.references++;
    }

    static synchronized void release(DriverContext context) {
        if (--context.references > 0) {
            return;
        }
        LIVE.remove(context.identity(), context);
        context.close();
    }

    /** Every live context, each held once for the caller (who must {@link DriverContext#release()} each). */
    static synchronized List<DriverContext> retainLive() {
        List<DriverContext> live = new ArrayList<>(LIVE.values());
        live.forEach(context -> context.references++);
        return live;
    }

    /** How many contexts are live (for tests). */
    static synchronized int live() {
        return LIVE.size();
    }

    /** Everything the configuration is made of, in a stable order: equal identities mean equal configurations. */
    private static String identity(ConfigLocator.Loaded file, Properties overrides) {
        StringBuilder s = new StringBuilder(file.source()).append('\n');
        new TreeMap<>(file.properties()).forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
        s.append("--\n");
        new TreeMap<>(overrides).forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
        return s.toString();
    }
}
