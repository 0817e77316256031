package dev.attnlab.harness.plugins;

import dev.attnlab.api.plugin.PluginCommand;
import dev.attnlab.api.plugin.Provider;
import dev.attnlab.api.plugin.ProviderKind;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds providers and plugin commands: first with ServiceLoader in the layer the harness itself runs in
 * (the module path of {@code ./attnlab}, or the class path when the harness is not a named module),
 * then in each entry of a plugins directory, in file-name order. A {@code *.jar} there is loaded in its
 * own {@link ModuleLayer}; a sub-directory is one layer made of all the jars in it (a plugin that ships
 * its own libraries). Each layer's parent is the harness's layer, so plugins see framework-api and
 * nothing they do not require.
 *
 * <p>Nothing a plugin does stops discovery: a jar that cannot be resolved, a provider that fails to
 * load or to construct, a bad or duplicate id each become a {@link PluginProblem} naming the jar (or
 * module) and the id, and everything else still loads.
 */
public final class PluginDiscovery {

    /** Guards against a service iterator that keeps failing on the same entry. */
    private static final int MAX_ERRORS_PER_SERVICE = 64;

    private final ModuleLayer parentLayer;
    private final ClassLoader parentLoader;
    private final Set<String> reservedCommands;

    /**
     * @param reservedCommands the built-in command words that plugin commands may not take
     */
    public PluginDiscovery(Set<String> reservedCommands) {
        Module own = PluginDiscovery.class.getModule();
        this.parentLayer = own.getLayer();
        this.parentLoader = PluginDiscovery.class.getClassLoader();
        this.reservedCommands = Set.copyOf(reservedCommands);
    }

    /**
     * Discovers everything.
     *
     * @param pluginsDir the plugins directory, or null for none
     * @param required   whether a missing {@code pluginsDir} is a problem (it is when the user named it)
     */
    public PluginRegistry discover(Path pluginsDir, boolean required) {
        RegistryBuilder builder = new RegistryBuilder(reservedCommands);
        loadBuiltIn(builder);
        if (pluginsDir != null) {
            if (Files.isDirectory(pluginsDir)) {
                for (Path entry : pluginEntries(pluginsDir, builder)) {
                    loadPluginEntry(entry, builder);
                }
            } else if (required) {
                builder.problem(pluginsDir.toAbsolutePath().toString(), "",
                        "plugins directory does not exist; create it or pass an existing --plugins DIR");
            }
        }
        return builder.build();
    }

    private void loadBuiltIn(RegistryBuilder builder) {
        for (ProviderKind kind : ProviderKind.values()) {
            ServiceLoader<? extends Provider> loader = parentLayer != null
                    ? ServiceLoader.load(parentLayer, kind.service())
                    : ServiceLoader.load(kind.service(), parentLoader);
            String fallback = parentLayer != null ? "module path" : "class path";
            collect(loader, null, fallback, builder, (p, origin) -> builder.addProvider(kind, p, origin));
        }
        ServiceLoader<PluginCommand> commands = parentLayer != null
                ? ServiceLoader.load(parentLayer, PluginCommand.class)
                : ServiceLoader.load(PluginCommand.class, parentLoader);
        collect(commands, null, parentLayer != null ? "module path" : "class path", builder, (c, origin) -> builder.addCommand(c, origin));
    }

    private static List<Path> pluginEntries(Path dir, RegistryBuilder builder) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> Files.isDirectory(p) || p.getFileName().toString().endsWith(".jar"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            builder.problem(dir.toAbsolutePath().toString(), "", "cannot list plugins directory: " + e.getMessage());
            return List.of();
        }
    }

    private void loadPluginEntry(Path entry, RegistryBuilder builder) {
        String origin = entry.toAbsolutePath().normalize().toString();
        ModuleLayer layer;
        try {
            layer = defineLayer(entry);
        } catch (RuntimeException | LinkageError e) {
            builder.problem(origin, "", "cannot load plugin: " + RegistryBuilder.describe(e)
                    + " (check its module-info and META-INF/services; it must require only dev.attnlab.api"
                    + " and modules it ships itself)");
            return;
        }
        for (ProviderKind kind : ProviderKind.values()) {
            collect(ServiceLoader.load(layer, kind.service()), layer, origin, builder,
                    (p, o) -> builder.addProvider(kind, p, o));
        }
        collect(ServiceLoader.load(layer, PluginCommand.class), layer, origin, builder,
                (c, o) -> builder.addCommand(c, o));
    }

    private ModuleLayer defineLayer(Path entry) {
        ModuleFinder finder = ModuleFinder.of(entry);
        Set<String> roots = finder.findAll().stream().map(r -> r.descriptor().name()).collect(Collectors.toSet());
        if (roots.isEmpty()) {
            throw new IllegalStateException("no module found in " + entry);
        }
        ModuleLayer parent = parentLayer != null ? parentLayer : ModuleLayer.boot();
        Configuration configuration = parent.configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
        return parent.defineModulesWithOneLoader(configuration, parentLoader);
    }

    /**
     * Instantiates every provider the loader finds in {@code layer} (all of them when null), reporting
     * each failure as a problem and going on with the next provider.
     */
    private static <S> void collect(ServiceLoader<S> loader, ModuleLayer layer, String origin,
                                    RegistryBuilder builder, BiConsumer<S, String> sink) {
        String service = loader.toString();
        Iterator<ServiceLoader.Provider<S>> it = loader.stream().iterator();
        int errors = 0;
        while (true) {
            ServiceLoader.Provider<S> candidate;
            try {
                if (!it.hasNext()) {
                    break;
                }
                candidate = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                builder.problem(origin, "", "broken service entry: " + RegistryBuilder.describe(e));
                if (++errors >= MAX_ERRORS_PER_SERVICE) {
                    builder.problem(origin, "", "giving up on " + service + " after " + errors + " errors");
                    break;
                }
                continue;
            }
            if (layer != null && candidate.type().getModule().getLayer() != layer) {
                continue; // a provider of a parent layer, already collected there
            }
            String where = layer != null ? origin : moduleOrigin(candidate.type(), origin);
            S instance;
            try {
                instance = candidate.get();
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                builder.problem(where, "", candidate.type().getName() + " could not be instantiated: "
                        + RegistryBuilder.describe(e));
                continue;
            }
            sink.accept(instance, where);
        }
    }

    /** The module name of a class, or {@code fallback} where it is in the unnamed module. */
    private static String moduleOrigin(Class<?> type, String fallback) {
        Module module = type.getModule();
        return module.isNamed() ? module.getName() : fallback;
    }

    /** The module name of a class, or where its code came from when it is on the class path. */
    static String moduleOrigin(Class<?> type) {
        Module module = type.getModule();
        if (module.isNamed()) {
            return module.getName();
        }
        var source = type.getProtectionDomain().getCodeSource();
        return source == null ? "class path" : "class path " + source.getLocation();
    }
}
