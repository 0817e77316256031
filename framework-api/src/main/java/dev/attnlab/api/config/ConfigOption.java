package dev.attnlab.api.config;

import dev.attnlab.api.ApiStatus;
import java.util.List;
import java.util.Objects;

/**
 * One option of a provider's configuration table.
 *
 * @param name         the TOML key, e.g. {@code "window"}
 * @param type         the value type
 * @param defaultValue the value used when the key is absent, already of the Java type
 *                     {@link Settings} returns for {@code type}; {@code null} makes the option required
 * @param doc          one or two sentences for {@code attnlab describe}
 * @param allowed      for {@link OptionType#STRING}: the accepted values (empty = any string)
 * @param min          for numeric types: the smallest accepted value (inclusive), or {@code null}
 * @param max          for numeric types: the largest accepted value (inclusive), or {@code null}
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record ConfigOption(String name, OptionType type, Object defaultValue, String doc,
                           List<String> allowed, Double min, Double max) {

    public ConfigOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        doc = doc == null ? "" : doc;
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    /** Whether the option has no default and must be given. */
    public boolean required() {
        return defaultValue == null;
    }

    public static ConfigOption integer(String name, long defaultValue, String doc) {
        return new ConfigOption(name, OptionType.INTEGER, defaultValue, doc, List.of(), null, null);
    }

    public static ConfigOption integer(String name, long defaultValue, long min, long max, String doc) {
        return new ConfigOption(name, OptionType.INTEGER, defaultValue, doc, List.of(), (double) min, (double) max);
    }

    public static ConfigOption real(String name, double defaultValue, String doc) {
        return new ConfigOption(name, OptionType.FLOAT, defaultValue, doc, List.of(), null, null);
    }

    public static ConfigOption real(String name, double defaultValue, double min, double max, String doc) {
        return new ConfigOption(name, OptionType.FLOAT, defaultValue, doc, List.of(), min, max);
    }

    public static ConfigOption bool(String name, boolean defaultValue, String doc) {
        return new ConfigOption(name, OptionType.BOOLEAN, defaultValue, doc, List.of(), null, null);
    }

    public static ConfigOption string(String name, String defaultValue, String doc) {
        return new ConfigOption(name, OptionType.STRING, defaultValue, doc, List.of(), null, null);
    }

    /** A string option restricted to {@code allowed}; the default must be one of them. */
    public static ConfigOption choice(String name, String defaultValue, List<String> allowed, String doc) {
        if (defaultValue != null && !allowed.contains(defaultValue)) {
            throw new IllegalArgumentException("default " + defaultValue + " of " + name + " not in " + allowed);
        }
        return new ConfigOption(name, OptionType.STRING, defaultValue, doc, allowed, null, null);
    }

    public static ConfigOption path(String name, String defaultValue, String doc) {
        return new ConfigOption(name, OptionType.PATH, defaultValue, doc, List.of(), null, null);
    }

    public static ConfigOption integers(String name, List<Long> defaultValue, String doc) {
        return new ConfigOption(name, OptionType.INTEGER_LIST, defaultValue, doc, List.of(), null, null);
    }

    public static ConfigOption reals(String name, List<Double> defaultValue, String doc) {
        return new ConfigOption(name, OptionType.FLOAT_LIST, defaultValue, doc, List.of(), null, null);
    }

    public static ConfigOption strings(String name, List<String> defaultValue, String doc) {
        return new ConfigOption(name, OptionType.STRING_LIST, defaultValue, doc, List.of(), null, null);
    }

    /** A copy of this option that must be given (no default). */
    public ConfigOption asRequired() {
        return new ConfigOption(name, type, null, doc, allowed, min, max);
    }
}
