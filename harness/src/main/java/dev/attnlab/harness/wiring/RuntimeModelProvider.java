package dev.attnlab.harness.wiring;

import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.eval.EvaluationContext;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.model.TextTokenizer;
import dev.attnlab.harness.config.Experiment;
import dev.attnlab.harness.config.ExperimentSchema;
import dev.attnlab.harness.config.ModelSpec;
import dev.attnlab.harness.experiment.ModelProvider;
import dev.attnlab.harness.model.FullAttentionStrategy;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.io.Checkpoints;
import dev.attnlab.harness.runtime.ExportedHostOps;
import dev.attnlab.harness.runtime.ModelRuntime;
import dev.attnlab.harness.runtime.RuntimeOptions;
import dev.attnlab.harness.tokenize.Tokenizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Models for the experiment runner: the checkpoint is imported once ({@link Checkpoints}) and built
 * with each strategy on ONNX Runtime ({@link ModelRuntime}); an exported {@code .onnx} is opened as it
 * is. No sweep factory is offered: the scaling evaluator then times the checkpoint's own model and skips
 * lengths above its limit (it says so in its notes).
 */
final class RuntimeModelProvider implements ModelProvider {

    private final ModelRuntime runtime;
    private final Path cacheDir;
    /** The definition of the last checkpoint imported, so that each method does not import it again. */
    private String loadedSpec;
    private ModelDefinition loaded;

    RuntimeModelProvider(ModelRuntime runtime, Path cacheDir) {
        this.runtime = runtime;
        this.cacheDir = cacheDir;
    }

    @Override
    public LanguageModel reference(Experiment experiment) {
        if (exported(experiment)) {
            return runtime.loadExported(Path.of(experiment.model().checkpoint()), options(experiment),
                    ExportedHostOps.none());
        }
        FullAttentionStrategy full = new FullAttentionStrategy();
        return runtime.load(definition(experiment), full, full.configSchema().defaults(), options(experiment));
    }

    @Override
    public LanguageModel withStrategy(Experiment experiment, AttentionStrategy strategy, Settings settings) {
        if (exported(experiment)) {
            throw new IllegalArgumentException("[model] checkpoint " + experiment.model().checkpoint()
                    + " is an exported .onnx with its attention fixed; strategy " + strategy.id()
                    + " needs the original checkpoint (or export it with that strategy: attnlab export)");
        }
        return runtime.load(definition(experiment), strategy, settings, options(experiment));
    }

    @Override
    public Optional<EvaluationContext.ModelFactory> factory(Experiment experiment, AttentionStrategy strategy,
                                                            Settings settings) {
        return Optional.empty();
    }

    @Override
    public Optional<TextTokenizer> tokenizer(Experiment experiment) {
        ModelSpec model = experiment.model();
        Path baseDir = experiment.file().getParent();
        if (model.tokenizer().isPresent()) {
            return Optional.of(Tokenizers.load(model.tokenizer().get(), baseDir));
        }
        String checkpoint = model.checkpoint();
        if (checkpoint.equals(ExperimentSchema.EMBEDDED)) {
            return Optional.of(Tokenizers.load(ExperimentSchema.EMBEDDED, baseDir));
        }
        Path path = baseDir.resolve(checkpoint);
        if (Files.isDirectory(path) && (Files.isRegularFile(path.resolve("tokenizer.json"))
                || Files.isRegularFile(path.resolve("tokenizer.bin")))) {
            return Optional.of(Tokenizers.load(path.toString(), baseDir));
        }
        return Optional.empty();
    }

    private ModelDefinition definition(Experiment experiment) {
        String spec = experiment.model().checkpoint();
        if (!spec.equals(loadedSpec)) {
            loaded = Checkpoints.load(spec, experiment.file().getParent());
            loadedSpec = spec;
        }
        return loaded;
    }

    private static boolean exported(Experiment experiment) {
        return experiment.model().checkpoint().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    private RuntimeOptions options(Experiment experiment) {
        return new RuntimeOptions(experiment.model().device(), experiment.model().threads(), cacheDir);
    }
}
