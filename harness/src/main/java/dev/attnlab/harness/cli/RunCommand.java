package dev.attnlab.harness.cli;

import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code attnlab run CONFIG.toml}: every method beside full attention, every evaluator on each. */
@Command(name = "run", description = "Run an experiment: every method beside full attention, with every evaluator.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG.toml", description = "The experiment file.")
    String config;

    @Option(names = "--out", paramLabel = "DIR", description = "Write results here instead of [experiment] output.")
    String out;

    @Option(names = "--resume", description = "Keep the finished cells of an earlier run of the same file in the output directory.")
    boolean resume;

    @Option(names = "--no-charts", description = "Do not draw charts.")
    boolean noCharts;

    private final ExperimentRun run;
    private final Console console;

    @Inject
    RunCommand(ExperimentRun run, Console console) {
        this.run = run;
        this.console = console;
    }

    @Override
    public Integer call() {
        return run.run(console.resolve(config), out, resume, !noCharts);
    }
}
