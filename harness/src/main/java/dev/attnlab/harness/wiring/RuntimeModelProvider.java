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
import dev.attnlab.harness.model.Gpt2Config;
import dev.attnlab.harness.model.Gpt2Model;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
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
 * is. For sweeps (the scaling evaluator) the factory builds random-init models of the checkpoint's
 * geometry with as many positions as a length needs; an exported {@code .onnx} offers none.
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
    public LanguageModel withStrategy(Experiment experiment, AttentionStrategy strategy, Settings settings,
                                      Optional<Path> parameters) {
        if (parameters.isEmpty()) {
            return withStrategy(experiment, strategy, settings);
        }
        return runtime.load(TrainedParameters.load(definition(experiment), parameters.get()), strategy, settings,
                options(experiment));
    }

    @Override
    public Optional<EvaluationContext.ModelFactory> factory(Experiment experiment, AttentionStrategy strategy,
                                                            Settings settings) {
        if (exported(experiment)) {
            return Optional.empty();
        }
        ModelDefinition own = definition(experiment);
        if (!(own instanceof LlamaModel) && !(own instanceof Gpt2Model)) {
            return Optional.empty();
        }
        FullAttentionStrategy full = new FullAttentionStrategy();
        AttentionStrategy method = strategy == null ? full : strategy;
        Settings methodSettings = strategy == null ? full.configSchema().defaults() : settings;
        return Optional.of(new EvaluationContext.ModelFactory() {
            @Override
            public LanguageModel methodModel(int maxContext) {
                return runtime.load(geometry(own, maxContext), method, methodSettings, options(experiment));
            }

            @Override
            public LanguageModel referenceModel(int maxContext) {
                return runtime.load(geometry(own, maxContext), full, full.configSchema().defaults(),
                        options(experiment));
            }

            @Override
            public boolean randomInit() {
                return true;
            }
        });
    }

    /**
     * A random-init model of the checkpoint's geometry with room for {@code maxContext} positions: time and
     * memory do not depend on the weights' values, and the checkpoint's own position limit no longer caps
     * the sweep.
     */
    private static ModelDefinition geometry(ModelDefinition own, int maxContext) {
        if (own instanceof LlamaModel llama) {
            LlamaConfig c = llama.config();
            return LlamaModel.randomInit(new LlamaConfig(c.dim(), c.hiddenDim(), c.layers(), c.heads(), c.kvHeads(),
                    c.vocabSize(), Math.max(maxContext, c.maxSeqLen()), c.normEps(), c.ropeTheta(), c.ropeLayout(),
                    c.sharedClassifier(), c.attentionBias()), SWEEP_SEED);
        }
        Gpt2Config c = ((Gpt2Model) own).config();
        return Gpt2Model.randomInit(new Gpt2Config(c.dim(), c.hiddenDim(), c.layers(), c.heads(), c.vocabSize(),
                Math.max(maxContext, c.maxSeqLen()), c.normEps()), SWEEP_SEED);
    }

    /** Seed of the random-init sweep models; fixed so that runs are comparable. */
    private static final long SWEEP_SEED = 17L;

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
