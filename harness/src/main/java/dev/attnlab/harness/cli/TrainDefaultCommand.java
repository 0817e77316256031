package dev.attnlab.harness.cli;

import dev.attnlab.harness.train.DefaultModelTraining;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code attnlab train-default}: trains the embedded default model on the project's synthetic corpus
 * (DJL PyTorch lowering, CPU) and writes {@code default-model.safetensors}. The defaults of the options
 * are the settings of the committed weights; by default the file goes where the build packs it.
 */
@Command(name = "train-default", description = "Train the embedded default model on the synthetic corpus "
        + "and write default-model.safetensors (the committed weights were made with the defaults).")
final class TrainDefaultCommand implements Callable<Integer> {

    static final String RESOURCES = "harness/src/main/resources/dev/attnlab/harness/defaults";
    /** The settings of the committed weights; the output folder is chosen in {@link #call()}. */
    private static final DefaultModelTraining.Plan DEFAULTS = DefaultModelTraining.Plan.defaults(Path.of(RESOURCES));

    @Option(names = "--steps", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    int steps = DEFAULTS.steps();

    @Option(names = "--window", description = "Tokens per training window (default: ${DEFAULT-VALUE}).")
    int window = DEFAULTS.window();

    @Option(names = "--batch", description = "Windows per step (default: ${DEFAULT-VALUE}).")
    int batch = DEFAULTS.batch();

    @Option(names = "--lr", description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate = DEFAULTS.learningRate();

    @Option(names = "--seed", description = "Seed of the corpus and the windows (default: ${DEFAULT-VALUE}).")
    long seed = DEFAULTS.seed();

    @Option(names = "--corpus-tokens", description = "Tokens of synthetic corpus to train on (default: ${DEFAULT-VALUE}).")
    int corpusTokens = DEFAULTS.corpusTokens();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory for default-model.safetensors (default: " + RESOURCES + " of the checkout).")
    String out;

    private final Console console;

    @Inject
    TrainDefaultCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if (steps < 1 || window < 2 || batch < 1 || !(learningRate > 0) || corpusTokens < window) {
            throw new UsageException("need --steps >= 1, --window >= 2, --batch >= 1, --lr > 0 and "
                    + "--corpus-tokens >= --window");
        }
        Path dir;
        if (out != null) {
            dir = console.resolve(out);
        } else {
            String home = System.getProperty(QuickstartCommand.HOME_PROPERTY);
            dir = (home == null ? console.workingDirectory() : Path.of(home)).resolve(RESOURCES);
        }
        DefaultModelTraining.Plan plan = new DefaultModelTraining.Plan(steps, window, batch, learningRate, seed,
                corpusTokens, dir);
        Path file = new DefaultModelTraining(Cli.progress(console)).run(plan);
        console.out().println("OK: wrote " + file + " (rebuild to pack it: mvn -DskipTests package)");
        return ExitCodes.OK;
    }
}
