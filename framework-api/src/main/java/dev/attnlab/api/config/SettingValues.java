package dev.attnlab.api.config;

import java.util.ArrayList;
import java.util.List;

/** Coerces raw TOML values to the Java types {@link Settings} hands out, or says why it cannot. */
final class SettingValues {

    private SettingValues() {
    }

    static Object coerce(ConfigOption option, Object value, String path) {
        Object result = switch (option.type()) {
            case BOOLEAN -> value instanceof Boolean b ? b : null;
            case INTEGER -> integral(value);
            case FLOAT -> value instanceof Number n ? (Object) n.doubleValue() : null;
            case STRING, PATH -> value instanceof String s ? s : null;
            case INTEGER_LIST -> list(value, SettingValues::integral);
            case FLOAT_LIST -> list(value, v -> v instanceof Number n ? n.doubleValue() : null);
            case STRING_LIST -> list(value, v -> v instanceof String s ? s : null);
        };
        if (result == null) {
            throw new ConfigException(path, "expected " + option.type().display() + " but found "
                    + describe(value));
        }
        if (!option.allowed().isEmpty() && !option.allowed().contains(result)) {
            throw new ConfigException(path, "'" + result + "' is not allowed; allowed values: "
                    + String.join(", ", option.allowed()));
        }
        checkRange(option, result, path);
        return result;
    }

    private static Long integral(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return ((Number) value).longValue();
        }
        return null;
    }

    private static <T> List<T> list(Object value, java.util.function.Function<Object, T> element) {
        if (!(value instanceof List<?> raw)) {
            return null;
        }
        List<T> out = new ArrayList<>(raw.size());
        for (Object item : raw) {
            T converted = element.apply(item);
            if (converted == null) {
                return null;
            }
            out.add(converted);
        }
        return List.copyOf(out);
    }

    private static void checkRange(ConfigOption option, Object value, String path) {
        if (option.min() == null && option.max() == null) {
            return;
        }
        List<?> values = value instanceof List<?> l ? l : List.of(value);
        for (Object v : values) {
            if (!(v instanceof Number n)) {
                continue;
            }
            double d = n.doubleValue();
            if ((option.min() != null && d < option.min()) || (option.max() != null && d > option.max())) {
                throw new ConfigException(path, v + " is out of range; expected a value in ["
                        + bound(option.min()) + ", " + bound(option.max()) + "]");
            }
        }
    }

    private static String bound(Double d) {
        if (d == null) {
            return "unbounded";
        }
        return d == Math.rint(d) ? Long.toString(d.longValue()) : d.toString();
    }

    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        String type;
        if (value instanceof String) {
            type = "string";
        } else if (value instanceof Long || value instanceof Integer) {
            type = "integer";
        } else if (value instanceof Double || value instanceof Float) {
            type = "float";
        } else if (value instanceof Boolean) {
            type = "boolean";
        } else if (value instanceof List<?>) {
            type = "array";
        } else if (value instanceof java.util.Map<?, ?>) {
            type = "table";
        } else {
            type = value.getClass().getSimpleName();
        }
        String shown = String.valueOf(value);
        return type + " " + (value instanceof String ? "'" + shown + "'" : shown);
    }
}
