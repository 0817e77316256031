package dev.attnlab.harness.cli;

import dev.attnlab.api.plugin.ProviderKind;
import dev.attnlab.harness.plugins.CommandEntry;
import dev.attnlab.harness.plugins.PluginEntry;
import dev.attnlab.harness.plugins.PluginProblem;
import dev.attnlab.harness.plugins.PluginRegistry;
import dev.attnlab.harness.wiring.AttnlabOptions;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code attnlab plugins}: every discovered provider and plugin command, and every plugin problem. */
@Command(name = "plugins", description = "List every discovered provider (kind, id, version, origin, description) and plugin problems.")
final class PluginsCommand implements Callable<Integer> {

    private final PluginRegistry registry;
    private final AttnlabOptions options;
    private final Console console;

    @Inject
    PluginsCommand(PluginRegistry registry, AttnlabOptions options, Console console) {
        this.registry = registry;
        this.options = options;
        this.console = console;
    }

    @Override
    public Integer call() {
        TextTable providers = new TextTable("KIND", "ID", "VERSION", "STABILITY", "ORIGIN", "DESCRIPTION");
        for (ProviderKind kind : ProviderKind.values()) {
            for (PluginEntry e : registry.entries(kind)) {
                providers.row(kind.label(), e.id(), e.version(), e.stability().name().toLowerCase(Locale.ROOT),
                        e.origin(), e.description());
            }
        }
        console.out().print(providers.render(""));
        if (!registry.commands().isEmpty()) {
            TextTable commands = new TextTable("COMMAND", "ORIGIN", "DESCRIPTION");
            for (CommandEntry c : registry.commands()) {
                commands.row(c.name(), c.origin(), c.description());
            }
            console.out().println();
            console.out().print(commands.render(""));
        }
        console.out().println();
        console.out().println("Plugins directory: " + options.pluginsDir()
                + (Files.isDirectory(options.pluginsDir()) ? "" : " (absent)"));
        if (!registry.problems().isEmpty()) {
            console.out().println();
            console.out().println("Problems (" + registry.problems().size() + "):");
            for (PluginProblem p : registry.problems()) {
                console.out().println("  " + p);
            }
        }
        return ExitCodes.OK;
    }
}
