package io.writethrough.mapping;

import java.util.List;

/** What the README's configuration table shows for one key; implemented by {@link Setting} and {@link TableSetting}. */
public interface DocumentedSetting {

    /** The key as written in the file, e.g. {@code redis.url} or {@code table.<table>.ttl}. */
    String documentedKey();

    /** The default value, or {@code null} when there is none (see {@link #documentedDefault()}). */
    String defaultValue();

    /** The default as the configuration table shows it: a value, "required", or what applies when unset. */
    String documentedDefault();

    /** The fixed set of accepted values, or an empty list when the value is free-form. */
    List<String> allowedValues();

    /**
     * The Java type a value reads as ({@code String}, {@code Integer} or {@code Long}), e.g. for the configuration
     * metadata that IDEs complete Spring Boot properties from.
     */
    Class<?> valueType();

    /** The "allowed" column of the configuration table (Markdown). */
    String documentedAllowed();

    /** The "description" column of the configuration table (Markdown). */
    String description();

    /** True when a value must be given. */
    boolean isRequired();
}
