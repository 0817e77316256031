package dev.attnlab.api.config;

import dev.attnlab.api.ApiStatus;

/**
 * A configuration the user must fix. The message names where the problem is (file, line, key path)
 * and what would be accepted.
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public class ConfigException extends RuntimeException {

    private final String keyPath;

    public ConfigException(String keyPath, String message) {
        super(keyPath == null || keyPath.isEmpty() ? message : keyPath + ": " + message);
        this.keyPath = keyPath == null ? "" : keyPath;
    }

    /** The dotted key path of the offending value, e.g. {@code methods[1].window}; may be empty. */
    public String keyPath() {
        return keyPath;
    }
}
