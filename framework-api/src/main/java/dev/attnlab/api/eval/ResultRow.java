package dev.attnlab.api.eval;

import dev.attnlab.api.ApiStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of an evaluator's detail table (e.g. one context length of a sweep): named cells, in
 * insertion order. Values are numbers or strings.
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record ResultRow(Map<String, Object> cells) {

    public ResultRow {
        cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
    }

    /** Builds a row from alternating names and values: {@code ResultRow.of("length", 256, "ms", 1.5)}. */
    public static ResultRow of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
        }
        return new ResultRow(map);
    }

    public double number(String name) {
        Object v = cells.get(name);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("cell " + name + " is not a number: " + v);
        }
        return n.doubleValue();
    }
}
