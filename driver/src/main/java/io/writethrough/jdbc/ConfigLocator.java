package io.writethrough.jdbc;

import io.writethrough.write.SqlStates;
import io.writethrough.mapping.MappingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Finds and reads the mapping file (docs/design.md, "Configuration"): connection property, URL parameter, system
 * property, environment variable {@code WRITETHROUGH_CONFIG}, then classpath {@code writethrough.properties}. When none
 * names or holds a file, {@code writethrough.table.*} settings given as properties (a Spring Boot application's
 * {@code writethrough.*} entries, say) are a whole configuration: the file is then empty.
 */
final class ConfigLocator {

    static final String ENVIRONMENT_VARIABLE = "WRITETHROUGH_CONFIG";
    static final String DEFAULT_RESOURCE = "writethrough.properties";
    static final String SETTINGS_ONLY = "writethrough.* properties";
    private static final String TABLE_SETTING = MappingConfig.PROPERTY_PREFIX + "table.";
    private static final String CLASSPATH = "classpath:";

    /** A loaded mapping file and the name used for it in messages. */
    record Loaded(Properties properties, String source) {
    }

    private ConfigLocator() {
    }

    /**
     * @param overrides every {@code writethrough.*} setting given outside a file (connection properties, URL
     *                  parameters, system properties)
     */
    static Loaded load(Properties connectionProperties, Properties urlParameters, Properties overrides) throws SQLException {
        String location = connectionProperties.getProperty(MappingConfig.CONFIG_PROPERTY);
        String from = "connection property " + MappingConfig.CONFIG_PROPERTY;
        if (location == null) {
            location = urlParameters.getProperty(MappingConfig.CONFIG_PROPERTY);
            from = "URL parameter " + MappingConfig.CONFIG_PROPERTY;
        }
        if (location == null) {
            location = System.getProperty(MappingConfig.CONFIG_PROPERTY);
            from = "system property " + MappingConfig.CONFIG_PROPERTY;
        }
        if (location == null) {
            location = System.getenv(ENVIRONMENT_VARIABLE);
            from = "environment variable " + ENVIRONMENT_VARIABLE;
        }
        if (location == null || location.isBlank()) {
            Loaded loaded = readResource(DEFAULT_RESOURCE);
            if (loaded == null && mapsTables(overrides)) {
                return new Loaded(new Properties(), SETTINGS_ONLY);
            }
            if (loaded == null) {
                throw new SQLException("writethrough: no mapping file found. Looked for connection property, URL parameter and "
                        + "system property " + MappingConfig.CONFIG_PROPERTY + ", environment variable " + ENVIRONMENT_VARIABLE
                        + " and classpath resource " + DEFAULT_RESOURCE + "; expected one of them to name a properties file "
                        + "(a path or classpath:<resource>) mapping tables to keys, e.g. table.users.key=user:{id}; "
                        + "or give the mapping as properties, e.g. writethrough.table.users.key=user:{id}",
                        SqlStates.CONFIGURATION);
            }
            return loaded;
        }
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length());
            Loaded loaded = readResource(resource.startsWith("/") ? resource.substring(1) : resource);
            if (loaded == null) {
                throw new SQLException("writethrough: mapping file " + location + " (from " + from
                        + ") was not found on the classpath", SqlStates.CONFIGURATION);
            }
            return loaded;
        }
        return readFile(Path.of(location), from);
    }

    private static boolean mapsTables(Properties overrides) {
        for (String name : overrides.stringPropertyNames()) {
            if (name.startsWith(TABLE_SETTING)) {
                return true;
            }
        }
        return false;
    }

    private static Loaded readResource(String resource) throws SQLException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ConfigLocator.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            return new Loaded(read(in), "classpath:" + resource);
        } catch (IOException | IllegalArgumentException e) {
            throw new SQLException("writethrough: could not read mapping file classpath:" + resource + ": " + e.getMessage(),
                    SqlStates.CONFIGURATION, e);
        }
    }

    private static Loaded readFile(Path path, String from) throws SQLException {
        try (InputStream in = Files.newInputStream(path)) {
            return new Loaded(read(in), path.toString());
        } catch (NoSuchFileException e) {
            throw new SQLException("writethrough: mapping file " + path + " (from " + from + ") does not exist",
                    SqlStates.CONFIGURATION, e);
        } catch (IOException | IllegalArgumentException e) {
            throw new SQLException("writethrough: could not read mapping file " + path + " (from " + from + "): "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), SqlStates.CONFIGURATION, e);
        }
    }

    private static Properties read(InputStream in) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
