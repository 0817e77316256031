package dev.attnlab.infini;

import dev.attnlab.api.ApiStatus;
import java.util.Arrays;
import java.util.List;

/** How a completed segment is written into the compressive memory. */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public enum MemoryUpdate {
    /** {@code M += sigma(K)^T V}: every key/value pair is added, even when the memory already holds it. */
    LINEAR,
    /**
     * {@code M += sigma(K)^T (V - sigma(K) M / (sigma(K) z))}: only what the memory would not already
     * retrieve for the key is added, so storing a known association again changes little.
     */
    DELTA;

    /** The name used in configuration, e.g. {@code "delta"}. */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static List<String> configNames() {
        return Arrays.stream(values()).map(MemoryUpdate::configName).toList();
    }

    static MemoryUpdate fromConfig(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
