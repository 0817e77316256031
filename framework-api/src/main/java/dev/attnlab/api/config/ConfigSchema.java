package dev.attnlab.api.config;

import dev.attnlab.api.ApiStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The typed options of a provider's configuration table. {@link #validate} turns a raw table (as read
 * from TOML: {@code Long}, {@code Double}, {@code Boolean}, {@code String}, {@code List}) into
 * {@link Settings}, rejecting unknown keys, wrong types, missing required keys and values out of range.
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public final class ConfigSchema {

    /** A schema with no options: any key is an error. */
    public static final ConfigSchema EMPTY = new ConfigSchema(List.of());

    private final Map<String, ConfigOption> options;

    private ConfigSchema(List<ConfigOption> list) {
        Map<String, ConfigOption> map = new LinkedHashMap<>();
        for (ConfigOption option : list) {
            if (map.put(option.name(), option) != null) {
                throw new IllegalArgumentException("option declared twice: " + option.name());
            }
        }
        this.options = java.util.Collections.unmodifiableMap(map);
    }

    public static ConfigSchema of(ConfigOption... options) {
        return new ConfigSchema(List.of(options));
    }

    public static ConfigSchema of(List<ConfigOption> options) {
        return new ConfigSchema(options);
    }

    /** A schema with this schema's options followed by {@code more}. */
    public ConfigSchema with(ConfigOption... more) {
        List<ConfigOption> all = new ArrayList<>(options.values());
        all.addAll(List.of(more));
        return new ConfigSchema(all);
    }

    public List<ConfigOption> options() {
        return List.copyOf(options.values());
    }

    public Optional<ConfigOption> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /**
     * Checks a raw table against this schema.
     *
     * @param raw     the table's entries; keys not in the schema are errors
     * @param keyPath where the table sits in the experiment (e.g. {@code methods[2]}), used in errors
     * @param ignored keys the caller handles itself (e.g. {@code "id"}), skipped here
     * @return the validated settings, with defaults filled in
     * @throws ConfigException naming the key path, the expected type and the allowed values
     */
    public Settings validate(Map<String, ?> raw, String keyPath, java.util.Set<String> ignored) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : raw.entrySet()) {
            if (ignored.contains(entry.getKey())) {
                continue;
            }
            ConfigOption option = options.get(entry.getKey());
            String path = join(keyPath, entry.getKey());
            if (option == null) {
                throw new ConfigException(path, "unknown key; allowed keys: "
                        + (options.isEmpty() ? "(none)" : String.join(", ", options.keySet())));
            }
            values.put(option.name(), SettingValues.coerce(option, entry.getValue(), path));
        }
        for (ConfigOption option : options.values()) {
            if (!values.containsKey(option.name())) {
                if (option.required()) {
                    throw new ConfigException(join(keyPath, option.name()),
                            "required " + option.type().display() + " is missing"
                                    + (option.doc().isEmpty() ? "" : " (" + option.doc() + ")"));
                }
                values.put(option.name(), option.defaultValue());
            }
        }
        return new Settings(this, values, keyPath);
    }

    /** {@link #validate(Map, String, java.util.Set)} with nothing ignored. */
    public Settings validate(Map<String, ?> raw, String keyPath) {
        return validate(raw, keyPath, java.util.Set.of());
    }

    /** The settings made of the defaults alone; fails if an option is required. */
    public Settings defaults() {
        return validate(Map.of(), "");
    }

    static String join(String keyPath, String key) {
        return keyPath == null || keyPath.isEmpty() ? key : keyPath + "." + key;
    }
}
