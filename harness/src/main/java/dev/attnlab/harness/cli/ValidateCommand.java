package dev.attnlab.harness.cli;

import dev.attnlab.harness.config.Experiment;
import dev.attnlab.harness.config.ExperimentLoader;
import dev.attnlab.harness.config.MethodSpec;
import dev.attnlab.harness.plugins.PluginRegistry;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code attnlab validate CONFIG.toml}: one OK line, or every problem in the file and exit code 2. */
@Command(name = "validate", description = "Check an experiment file; print OK or every problem (file:line: key: message).")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG.toml", description = "The experiment file.")
    String config;

    private final ExperimentLoader loader;
    private final PluginRegistry registry;
    private final Console console;

    @Inject
    ValidateCommand(ExperimentLoader loader, PluginRegistry registry, Console console) {
        this.loader = loader;
        this.registry = registry;
        this.console = console;
    }

    @Override
    public Integer call() {
        Cli.warnAboutPluginProblems(registry, console);
        Experiment e = loader.load(console.resolve(config));
        console.out().println("OK: " + e.file() + ": experiment '" + e.name() + "', " + e.methods().size()
                + (e.methods().size() == 1 ? " method" : " methods")
                + (e.methods().isEmpty() ? "" : " (" + String.join(", ", e.methods().stream().map(MethodSpec::label).toList()) + ")")
                + ", " + e.evaluators().size() + (e.evaluators().size() == 1 ? " evaluator" : " evaluators"));
        return ExitCodes.OK;
    }
}
