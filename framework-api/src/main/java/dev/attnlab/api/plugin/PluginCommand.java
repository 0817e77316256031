package dev.attnlab.api.plugin;

import dev.attnlab.api.ApiStatus;
import java.util.List;

/**
 * A command-line tool a plugin adds to {@code attnlab}, e.g. {@code attnlab kernel-analysis ...} or
 * {@code attnlab truncation build-dictionary ...}. Discovered with ServiceLoader like the providers.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public interface PluginCommand {

    /** The command words, e.g. {@code "kernel-analysis"} or {@code "truncation build-dictionary"}. */
    String name();

    /** One line for {@code attnlab --help}. */
    String description();

    /** Usage text listing the options, shown for {@code --help} and on bad arguments. */
    String usage();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command words
     * @return the process exit code (0 on success, 2 for bad arguments)
     */
    int run(CommandContext context, List<String> args);
}
