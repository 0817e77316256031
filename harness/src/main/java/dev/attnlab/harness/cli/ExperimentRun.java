package dev.attnlab.harness.cli;

import dev.attnlab.harness.config.Experiment;
import dev.attnlab.harness.config.ExperimentLoader;
import dev.attnlab.harness.experiment.ExperimentRunner;
import dev.attnlab.harness.experiment.RunOptions;
import dev.attnlab.harness.plugins.PluginRegistry;
import dev.attnlab.harness.report.RunResults;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.file.Path;

/** What {@code run} and {@code quickstart} share: load, validate, run, and say where the results are. */
final class ExperimentRun {

    private final ExperimentLoader loader;
    private final Provider<ExperimentRunner> runner;
    private final PluginRegistry registry;
    private final Console console;

    @Inject
    ExperimentRun(ExperimentLoader loader, Provider<ExperimentRunner> runner, PluginRegistry registry, Console console) {
        this.loader = loader;
        this.runner = runner;
        this.registry = registry;
        this.console = console;
    }

    /**
     * @param out    overrides the experiment's output directory, or null
     * @return {@link ExitCodes#OK}, or {@link ExitCodes#RUN_FAILURE} when a cell failed
     */
    int run(Path file, String out, boolean resume, boolean charts) {
        Cli.warnAboutPluginProblems(registry, console);
        Experiment experiment = loader.load(file);
        RunOptions options = RunOptions.defaults().withResume(resume).withCharts(charts)
                .withProgress(Cli.progress(console), console.err());
        if (out != null) {
            options = options.withOutputDir(console.resolve(out));
        }
        RunResults results = runner.get().run(experiment, options);
        Path dir = options.outputDir().orElse(experiment.outputDir());
        int failed = results.failures().size();
        if (failed > 0) {
            console.err().println("error: " + failed + (failed == 1 ? " cell" : " cells") + " failed; see "
                    + dir.resolve("summary.md"));
            return ExitCodes.RUN_FAILURE;
        }
        console.out().println("OK: results in " + dir);
        return ExitCodes.OK;
    }
}
