package dev.attnlab.harness.plugins;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.plugin.PluginCommand;
import dev.attnlab.api.plugin.Provider;
import dev.attnlab.api.plugin.ProviderKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Collects providers and commands in discovery order, rejecting the ones that break the registry's
 * rules (bad or duplicate id, a metadata method that throws). The first provider of an id wins, so a
 * jar dropped into plugins/ cannot replace a built-in such as {@code full}.
 */
final class RegistryBuilder {

    private static final Pattern ID = Pattern.compile(Provider.ID_PATTERN);
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9-]*");

    private final Set<String> reservedCommands;
    private final Map<String, PluginEntry> entries = new LinkedHashMap<>();
    private final Map<String, CommandEntry> commands = new LinkedHashMap<>();
    private final List<PluginProblem> problems = new ArrayList<>();

    RegistryBuilder(Set<String> reservedCommands) {
        this.reservedCommands = Set.copyOf(reservedCommands);
    }

    void problem(String origin, String id, String message) {
        problems.add(new PluginProblem(origin, id, message));
    }

    void addProvider(ProviderKind kind, Provider provider, String origin) {
        String id;
        try {
            id = provider.id();
        } catch (RuntimeException | LinkageError e) {
            problem(origin, "", kind.label() + " " + provider.getClass().getName() + " failed in id(): " + describe(e));
            return;
        }
        if (id == null || !ID.matcher(id).matches()) {
            problem(origin, id, kind.label() + " " + provider.getClass().getName() + " has invalid id '" + id
                    + "'; ids must match " + Provider.ID_PATTERN);
            return;
        }
        String version;
        String description;
        ApiStatus.Status stability;
        try {
            version = provider.version();
            description = provider.description();
            stability = provider.stability();
        } catch (RuntimeException | LinkageError e) {
            problem(origin, id, kind.label() + " " + provider.getClass().getName()
                    + " failed to describe itself: " + describe(e));
            return;
        }
        if (version == null || description == null || stability == null) {
            problem(origin, id, kind.label() + " " + provider.getClass().getName()
                    + " returned null from version(), description() or stability()");
            return;
        }
        String key = kind.name() + "/" + id;
        PluginEntry existing = entries.get(key);
        if (existing != null) {
            problem(origin, id, "duplicate " + kind.label() + " id '" + id + "' (" + provider.getClass().getName()
                    + "); already provided by " + existing.origin() + " (" + existing.provider().getClass().getName()
                    + "), which is kept. Rename one of them.");
            return;
        }
        entries.put(key, new PluginEntry(kind, id, version, description, origin, stability, provider));
    }

    void addCommand(PluginCommand command, String origin) {
        String name;
        String description;
        try {
            name = command.name();
            description = command.description();
        } catch (RuntimeException | LinkageError e) {
            problem(origin, "", "command " + command.getClass().getName() + " failed to describe itself: " + describe(e));
            return;
        }
        List<String> words = name == null ? List.of() : Arrays.asList(name.trim().split("\\s+"));
        if (name == null || words.stream().anyMatch(w -> !WORD.matcher(w).matches())) {
            problem(origin, name, "command " + command.getClass().getName() + " has invalid name '" + name
                    + "'; each word must match " + WORD.pattern());
            return;
        }
        String joined = String.join(" ", words);
        if (reservedCommands.contains(words.get(0))) {
            problem(origin, joined, "command name clashes with the built-in command '" + words.get(0) + "'; rename it");
            return;
        }
        CommandEntry existing = commands.get(joined);
        if (existing != null) {
            problem(origin, joined, "duplicate command '" + joined + "'; already provided by " + existing.origin()
                    + ", which is kept");
            return;
        }
        commands.put(joined, new CommandEntry(words, description == null ? "" : description, origin, command));
    }

    PluginRegistry build() {
        return new PluginRegistry(List.copyOf(entries.values()), List.copyOf(commands.values()), problems);
    }

    /** A throwable's message with its causes, on one line, for a problem report. */
    static String describe(Throwable t) {
        StringBuilder out = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (out.length() > 0) {
                out.append("; caused by ");
            }
            out.append(c.getClass().getSimpleName());
            if (c.getMessage() != null) {
                out.append(": ").append(c.getMessage());
            }
        }
        return out.toString();
    }
}
