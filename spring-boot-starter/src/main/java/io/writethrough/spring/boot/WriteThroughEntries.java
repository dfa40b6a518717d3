package io.writethrough.spring.boot;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.mapping.Setting;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The application's {@code writethrough.*} entries, read from the Spring {@code Environment} with its precedence:
 * {@code application.properties} and YAML (profiles included), command-line arguments, system properties, test
 * properties. The keys are the driver's connection properties as written ({@code writethrough.table.users.key}); a
 * YAML list ({@code columns: [id, name]}) becomes one comma-separated value.
 *
 * <p>From environment variables only the global settings are taken ({@code WRITETHROUGH_REDIS_URL} is
 * {@code writethrough.redis.url}): other variables starting with {@code WRITETHROUGH_} may belong to other tools, and
 * a table's name can hold an underscore, which a variable's name cannot tell from a dot. {@code WRITETHROUGH_CONFIG}
 * is read by the driver itself.
 */
final class WriteThroughEntries {

    private static final String ENVIRONMENT_PREFIX = "WRITETHROUGH_";
    private static final Pattern LIST_ELEMENT = Pattern.compile("(.+)\\[(\\d+)]");

    private WriteThroughEntries() {
    }

    /** Every {@code writethrough.*} entry, by name, each from the property source of highest precedence that has it. */
    static Map<String, String> from(ConfigurableEnvironment environment) {
        Map<String, String> entries = new TreeMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                read(enumerable, environment).forEach(entries::putIfAbsent);
            }
        }
        return entries;
    }

    private static Map<String, String> read(EnumerablePropertySource<?> source, ConfigurableEnvironment environment) {
        boolean variables = source instanceof SystemEnvironmentPropertySource;
        Map<String, String> scalars = new TreeMap<>();
        Map<String, Map<Integer, String>> lists = new TreeMap<>();
        for (String name : source.getPropertyNames()) {
            String key = variables ? settingOfVariable(name) : name.startsWith(MappingConfig.PROPERTY_PREFIX) ? name : null;
            if (key == null) {
                continue;
            }
            String value = environment.resolveRequiredPlaceholders(text(source.getProperty(name)));
            Matcher element = LIST_ELEMENT.matcher(key);
            if (!variables && element.matches()) {
                lists.computeIfAbsent(element.group(1), k -> new TreeMap<>()).put(Integer.parseInt(element.group(2)), value);
            } else {
                scalars.put(key, value);
            }
        }
        lists.forEach((key, elements) -> scalars.putIfAbsent(key, String.join(",", elements.values())));
        return scalars;
    }

    /** {@code writethrough.redis.url} for {@code WRITETHROUGH_REDIS_URL}; null for a variable naming no global setting. */
    private static String settingOfVariable(String name) {
        if (!name.regionMatches(true, 0, ENVIRONMENT_PREFIX, 0, ENVIRONMENT_PREFIX.length())) {
            return null;
        }
        String key = name.substring(ENVIRONMENT_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        return Setting.forKey(key).map(Setting::propertyName).orElse(null);
    }

    private static String text(Object value) {
        Object plain = value instanceof OriginTrackedValue tracked ? tracked.getValue() : value;
        return plain == null ? "" : plain.toString();
    }
}
