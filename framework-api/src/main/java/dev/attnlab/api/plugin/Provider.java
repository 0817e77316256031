package dev.attnlab.api.plugin;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.config.ConfigSchema;

/**
 * What every attnlab provider has: an identity, a version, a one-line description and the schema of
 * its configuration table.
 *
 * <p>Contract for implementors:
 * <ul>
 *   <li>A provider class needs a public no-argument constructor (or a {@code public static provider()}
 *       method) that is cheap: no native code, no file I/O. Do expensive work when the provider is
 *       used, not when it is discovered.</li>
 *   <li>{@link #id()} is unique among providers of the same kind, stable across versions, and matches
 *       {@code [a-z][a-z0-9-]*}. Experiments refer to the provider by it.</li>
 *   <li>Methods here never return {@code null}.</li>
 * </ul>
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public interface Provider {

    /** The pattern every provider id must match. */
    String ID_PATTERN = "[a-z][a-z0-9-]*";

    /** The id experiments use to select this provider, e.g. {@code "sliding-window"}. */
    String id();

    /** One line saying what the provider does; shown by {@code attnlab plugins}. */
    String description();

    /**
     * The provider's version. The default is the version of the module that holds the provider
     * (its {@code Module-Version}), else the jar manifest's {@code Implementation-Version}, else
     * {@code "unversioned"}.
     */
    default String version() {
        Module module = getClass().getModule();
        if (module.isNamed() && module.getDescriptor() != null) {
            var raw = module.getDescriptor().rawVersion();
            if (raw.isPresent()) {
                return raw.get();
            }
        }
        String implementation = getClass().getPackage() == null ? null
                : getClass().getPackage().getImplementationVersion();
        return implementation != null ? implementation : "unversioned";
    }

    /** The options this provider reads from its TOML table, with their types and defaults. */
    default ConfigSchema configSchema() {
        return ConfigSchema.EMPTY;
    }

    /** The stability of this provider; experimental unless the provider says otherwise. */
    default ApiStatus.Status stability() {
        return ApiStatus.Status.EXPERIMENTAL;
    }
}
