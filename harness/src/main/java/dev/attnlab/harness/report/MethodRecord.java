package dev.attnlab.harness.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A method as the report lists it.
 *
 * @param label     the label used in tables, unique in the run
 * @param kind      {@code reference}, {@code strategy} or {@code compressor}
 * @param provider  the provider id (e.g. {@code sliding-window}; {@code full} for the reference)
 * @param version   the provider's version
 * @param settings  the provider's validated settings (numbers, strings, booleans, lists)
 */
public record MethodRecord(String label, String kind, String provider, String version, Map<String, Object> settings) {

    public static final String REFERENCE = "reference";

    public MethodRecord {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    public boolean isReference() {
        return REFERENCE.equals(kind);
    }
}
