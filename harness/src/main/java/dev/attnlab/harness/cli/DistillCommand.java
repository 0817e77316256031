package dev.attnlab.harness.cli;

import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.SegmentedAttention;
import dev.attnlab.api.plugin.ProviderKind;
import dev.attnlab.harness.config.Experiment;
import dev.attnlab.harness.config.ExperimentLoader;
import dev.attnlab.harness.config.MethodSpec;
import dev.attnlab.harness.experiment.DatasetProvider;
import dev.attnlab.harness.experiment.ModelProvider;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.io.Checkpoints;
import dev.attnlab.harness.plugins.PluginRegistry;
import dev.attnlab.harness.train.DistillationTrainer;
import dev.attnlab.harness.train.TrainConfig;
import dev.attnlab.harness.train.TrainResult;
import dev.attnlab.harness.train.infini.SegmentedDistillation;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code attnlab distill CONFIG.toml --method LABEL --out FILE}: fits a method's trainable parameters
 * (learned-mask score projections, the Infini gate, ...) to full attention on the experiment's model, by
 * next-token KL on the DJL PyTorch lowering. The training tokens come from the experiment's data source
 * with the next seed (or further on in a text file), so they are disjoint from the tokens the experiment
 * evaluates; the result is a safetensors file that the method reads with {@code parameters = "FILE"}.
 */
@Command(name = "distill", aliases = "train",
        description = "Train a method's parameters against full attention (KL) and write "
        + "them as safetensors for the method's 'parameters' key.")
final class DistillCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG.toml", description = "The experiment whose model, data and method to use.")
    String config;

    @Option(names = "--method", required = true, paramLabel = "LABEL", description = "The method's label in the experiment.")
    String method;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the trained parameters.")
    String out;

    @Option(names = "--steps", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    int steps = 200;

    @Option(names = "--window", description = "Tokens per training window (default: ${DEFAULT-VALUE}).")
    int window = 128;

    @Option(names = "--batch", description = "Windows per step (default: ${DEFAULT-VALUE}).")
    int batch = 4;

    @Option(names = "--lr", description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate = 1e-2;

    @Option(names = "--attention-mse", description = "Weight of the attention-probability MSE term (default: ${DEFAULT-VALUE}).")
    double attentionMse;

    private final ExperimentLoader loader;
    private final PluginRegistry registry;
    private final ModelProvider models;
    private final DatasetProvider data;
    private final Console console;

    @Inject
    DistillCommand(ExperimentLoader loader, PluginRegistry registry, ModelProvider models, DatasetProvider data,
                   Console console) {
        this.loader = loader;
        this.registry = registry;
        this.models = models;
        this.data = data;
        this.console = console;
    }

    @Override
    public Integer call() {
        Experiment experiment = loader.load(console.resolve(config));
        MethodSpec spec = ExperimentInputs.method(experiment, method, config);
        if (spec.kind() != ProviderKind.ATTENTION_STRATEGY) {
            throw new UsageException("method '" + method + "' is a compressor; distill trains attention strategies "
                    + "(train an autocompressor's summary tokens with attnlab train-autocompressor)");
        }
        AttentionStrategy strategy = registry.strategy(spec.id());
        if (!strategy.trainable()) {
            throw new UsageException("strategy '" + spec.id() + "' has no trainable parameters");
        }
        ModelDefinition model = Checkpoints.load(experiment.model().checkpoint(), experiment.file().getParent());
        int[] corpus = ExperimentInputs.tokens(models, data, experiment.withHeldOutData());
        Path file = console.resolve(out);
        TrainConfig train = new TrainConfig(steps, window, batch, learningRate, 0.0, attentionMse, experiment.seed(),
                file, Math.max(1, steps / 10));
        boolean segmented = strategy.create(model.attentionContext(0), spec.settings()) instanceof SegmentedAttention;
        TrainResult result = segmented
                ? new SegmentedDistillation(Cli.progress(console), false).distill(model, strategy, spec.settings(),
                        corpus, train)
                : new DistillationTrainer(Cli.progress(console)).distill(model, strategy, spec.settings(), corpus,
                        train);
        double last = result.losses().isEmpty() ? Double.NaN : result.losses().get(result.losses().size() - 1);
        console.out().printf("OK: wrote %s (%d parameters, steps %d..%d, last KL %.4f); use it with "
                + "parameters = \"%s\" in the method's table%n", file, result.parameters().size(), result.firstStep(),
                steps, last, file);
        return ExitCodes.OK;
    }
}
