package dev.attnlab.harness.plugins;

import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.compress.Compressor;
import dev.attnlab.api.eval.Evaluator;
import dev.attnlab.api.plugin.PluginCommand;
import dev.attnlab.api.plugin.Provider;
import dev.attnlab.api.plugin.ProviderKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every provider and plugin command attnlab found, with the problems met while looking, immutable.
 * Made by {@link PluginDiscovery} (Guice binds one per process), or by {@link #of} in tests.
 */
public final class PluginRegistry {

    private final List<PluginEntry> entries;
    private final List<CommandEntry> commands;
    private final List<PluginProblem> problems;

    PluginRegistry(List<PluginEntry> entries, List<CommandEntry> commands, List<PluginProblem> problems) {
        this.entries = List.copyOf(entries);
        this.commands = List.copyOf(commands);
        this.problems = List.copyOf(problems);
    }

    /**
     * A registry of the given providers, under every kind each implements, with origin its module
     * name: for tests and embedding, where discovery is not wanted. Rejected providers become problems.
     */
    public static PluginRegistry of(Provider... providers) {
        return of(List.of(providers), List.of());
    }

    /** A registry of these providers plus these commands. */
    public static PluginRegistry of(List<? extends Provider> providers, List<? extends PluginCommand> commands) {
        RegistryBuilder builder = new RegistryBuilder(Set.of());
        for (Provider provider : providers) {
            for (ProviderKind kind : ProviderKind.values()) {
                if (kind.service().isInstance(provider)) {
                    builder.addProvider(kind, provider, PluginDiscovery.moduleOrigin(provider.getClass()));
                }
            }
        }
        for (PluginCommand command : commands) {
            builder.addCommand(command, PluginDiscovery.moduleOrigin(command.getClass()));
        }
        return builder.build();
    }

    /** Every provider, in discovery order (module path first, then plugin jars by file name). */
    public List<PluginEntry> entries() {
        return entries;
    }

    /** The providers of one kind, sorted by id. */
    public List<PluginEntry> entries(ProviderKind kind) {
        return entries.stream().filter(e -> e.kind() == kind).sorted(Comparator.comparing(PluginEntry::id)).toList();
    }

    /** The ids of one kind, sorted. */
    public List<String> ids(ProviderKind kind) {
        return entries(kind).stream().map(PluginEntry::id).toList();
    }

    public Optional<PluginEntry> find(ProviderKind kind, String id) {
        return entries.stream().filter(e -> e.kind() == kind && e.id().equals(id)).findFirst();
    }

    /**
     * The provider of {@code kind} with {@code id}.
     *
     * @throws UnknownProviderException listing the ids of that kind, when there is none
     */
    public PluginEntry entry(ProviderKind kind, String id) {
        return find(kind, id).orElseThrow(() -> new UnknownProviderException(kind.label(), id, ids(kind)));
    }

    public AttentionStrategy strategy(String id) {
        return (AttentionStrategy) entry(ProviderKind.ATTENTION_STRATEGY, id).provider();
    }

    public Compressor compressor(String id) {
        return (Compressor) entry(ProviderKind.COMPRESSOR, id).provider();
    }

    public Evaluator evaluator(String id) {
        return (Evaluator) entry(ProviderKind.EVALUATOR, id).provider();
    }

    /** Every provider with this id, of any kind (ids are unique per kind only). */
    public List<PluginEntry> providers(String id) {
        return entries.stream().filter(e -> e.id().equals(id)).toList();
    }

    /**
     * The single provider with this id, of whatever kind.
     *
     * @throws UnknownProviderException listing every id, when there is none
     * @throws IllegalArgumentException when several kinds use the id
     */
    public PluginEntry provider(String id) {
        List<PluginEntry> found = providers(id);
        if (found.isEmpty()) {
            List<String> all = new ArrayList<>(entries.stream().map(PluginEntry::id).distinct().sorted().toList());
            throw new UnknownProviderException("provider", id, all);
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("id '" + id + "' names " + found.size() + " providers: "
                    + String.join(", ", found.stream().map(e -> e.kind().label()).toList()));
        }
        return found.get(0);
    }

    /** Every plugin command, sorted by name. */
    public List<CommandEntry> commands() {
        return commands.stream().sorted(Comparator.comparing(CommandEntry::name)).toList();
    }

    /**
     * The command whose words are the longest prefix of {@code args}, if any.
     */
    public Optional<CommandEntry> command(List<String> args) {
        CommandEntry best = null;
        for (CommandEntry c : commands) {
            if (args.size() >= c.words().size() && args.subList(0, c.words().size()).equals(c.words())
                    && (best == null || c.words().size() > best.words().size())) {
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    /** What went wrong during discovery, in the order it was met. */
    public List<PluginProblem> problems() {
        return problems;
    }

    @Override
    public String toString() {
        return "PluginRegistry" + Arrays.toString(entries.stream().map(e -> e.kind().label() + ":" + e.id()).toArray());
    }
}
