package dev.attnlab.harness.plugins;

import dev.attnlab.api.plugin.PluginCommand;
import java.util.List;

/**
 * A discovered plugin command.
 *
 * @param words       its name split into words, e.g. {@code [truncation, build-dictionary]}
 * @param description its one-line description
 * @param origin      a module name on the module path, or a plugin jar's path
 * @param command     the instance ServiceLoader made
 */
public record CommandEntry(List<String> words, String description, String origin, PluginCommand command) {

    public CommandEntry {
        words = List.copyOf(words);
    }

    /** The words joined by single spaces, as typed after {@code attnlab}. */
    public String name() {
        return String.join(" ", words);
    }
}
