package dev.attnlab.harness.cli;

import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code attnlab quickstart}: {@code run examples/quickstart.toml} of the attnlab checkout. */
@Command(name = "quickstart", description = "Run examples/quickstart.toml (the embedded model, a few methods, a few evaluators).")
final class QuickstartCommand implements Callable<Integer> {

    /** Set by ./attnlab to the checkout's root, so that quickstart works from any directory. */
    static final String HOME_PROPERTY = "attnlab.home";
    static final String EXAMPLE = "examples/quickstart.toml";

    @Option(names = "--out", paramLabel = "DIR", description = "Write results here instead of the example's output.")
    String out;

    private final ExperimentRun run;
    private final Console console;

    @Inject
    QuickstartCommand(ExperimentRun run, Console console) {
        this.run = run;
        this.console = console;
    }

    @Override
    public Integer call() {
        String home = System.getProperty(HOME_PROPERTY);
        Path root = home == null ? console.workingDirectory() : Path.of(home);
        Path file = root.resolve(EXAMPLE).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new UsageException("cannot find " + file + "; run ./attnlab from an attnlab checkout");
        }
        return run.run(file, out, false, true);
    }
}
