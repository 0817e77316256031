package dev.attnlab.harness.plugins;

import java.util.Objects;

/**
 * A plugin that could not be loaded, or a provider that was rejected, and why.
 *
 * @param origin  the jar path or module name the problem comes from
 * @param id      the provider id or command name concerned, or empty when it is not known (a jar that
 *                cannot even be opened)
 * @param message what is wrong and what to do about it
 */
public record PluginProblem(String origin, String id, String message) {

    public PluginProblem {
        Objects.requireNonNull(origin, "origin");
        id = id == null ? "" : id;
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return origin + (id.isEmpty() ? "" : " [" + id + "]") + ": " + message;
    }
}
