package dev.attnlab.harness.plugins;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.plugin.Provider;
import dev.attnlab.api.plugin.ProviderKind;
import java.util.Objects;

/**
 * One discovered provider and what {@code attnlab plugins} shows about it.
 *
 * @param kind        the service it was found under
 * @param id          its id, unique within {@code kind}
 * @param version     its version
 * @param description its one-line description
 * @param origin      where it came from: a module name on the module path, or a plugin jar's path
 * @param stability   its declared stability
 * @param provider    the instance ServiceLoader made
 */
public record PluginEntry(ProviderKind kind, String id, String version, String description, String origin,
                          ApiStatus.Status stability, Provider provider) {

    public PluginEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(provider, "provider");
    }
}
