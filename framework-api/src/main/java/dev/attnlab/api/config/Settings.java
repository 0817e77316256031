package dev.attnlab.api.config;

import dev.attnlab.api.ApiStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A provider's validated, immutable configuration: every option of its {@link ConfigSchema} with a
 * value of the declared type (given or default). Obtained from {@link ConfigSchema#validate}.
 *
 * <p>Accessors throw {@link IllegalArgumentException} for a name the schema does not declare or a type
 * other than the declared one: that is a bug in the provider, not a user error.
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public final class Settings {

    private final ConfigSchema schema;
    private final Map<String, Object> values;
    private final String keyPath;

    Settings(ConfigSchema schema, Map<String, Object> values, String keyPath) {
        this.schema = schema;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.keyPath = keyPath == null ? "" : keyPath;
    }

    public ConfigSchema schema() {
        return schema;
    }

    /** Every option's value by name, in schema order; list values are unmodifiable. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** Where these settings were read from, e.g. {@code methods[1]}; for error messages. */
    public String keyPath() {
        return keyPath;
    }

    /** The key path of option {@code name}, for errors a provider raises about a value. */
    public String keyPath(String name) {
        return ConfigSchema.join(keyPath, name);
    }

    public boolean getBoolean(String name) {
        return typed(name, OptionType.BOOLEAN, Boolean.class);
    }

    public long getLong(String name) {
        return typed(name, OptionType.INTEGER, Long.class);
    }

    /** An integer option that must fit an {@code int}. */
    public int getInt(String name) {
        long value = getLong(name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new ConfigException(keyPath(name), value + " does not fit a 32-bit integer");
        }
        return (int) value;
    }

    public double getDouble(String name) {
        return typed(name, OptionType.FLOAT, Double.class);
    }

    public String getString(String name) {
        Object value = raw(name);
        if (schema.option(name).orElseThrow().type() != OptionType.STRING
                && schema.option(name).orElseThrow().type() != OptionType.PATH) {
            throw new IllegalArgumentException(name + " is not a string option");
        }
        return (String) value;
    }

    @SuppressWarnings("unchecked")
    public List<Long> getLongList(String name) {
        return typed(name, OptionType.INTEGER_LIST, List.class);
    }

    @SuppressWarnings("unchecked")
    public List<Double> getDoubleList(String name) {
        return typed(name, OptionType.FLOAT_LIST, List.class);
    }

    @SuppressWarnings("unchecked")
    public List<String> getStringList(String name) {
        return typed(name, OptionType.STRING_LIST, List.class);
    }

    /** A copy with option {@code name} set to {@code value} (checked like a TOML value). */
    public Settings with(String name, Object value) {
        ConfigOption option = schema.option(name)
                .orElseThrow(() -> new IllegalArgumentException("no option " + name));
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, SettingValues.coerce(option, value, keyPath(name)));
        return new Settings(schema, copy, keyPath);
    }

    private Object raw(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException("no option '" + name + "' in schema; options: " + values.keySet());
        }
        return values.get(name);
    }

    private <T> T typed(String name, OptionType type, Class<T> javaType) {
        Object value = raw(name);
        OptionType declared = schema.option(name).orElseThrow().type();
        if (declared != type) {
            throw new IllegalArgumentException(name + " is declared " + declared + ", not " + type);
        }
        return javaType.cast(value);
    }

    @Override
    public String toString() {
        return values.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
