package dev.attnlab.harness.plugins;

import dev.attnlab.api.config.ConfigException;
import java.util.List;

/** Thrown when a provider id is asked for that no discovered plugin provides; lists those that exist. */
public final class UnknownProviderException extends ConfigException {

    private final String id;
    private final List<String> available;

    public UnknownProviderException(String what, String id, List<String> available) {
        super("", "unknown " + what + " id '" + id + "'; available: "
                + (available.isEmpty() ? "(none)" : String.join(", ", available)));
        this.id = id;
        this.available = List.copyOf(available);
    }

    /** The id that was asked for. */
    public String id() {
        return id;
    }

    /** The ids that do exist, sorted. */
    public List<String> available() {
        return available;
    }
}
