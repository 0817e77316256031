package dev.attnlab.harness.train;

import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.eval.Progress;
import dev.attnlab.harness.defaults.EmbeddedDefault;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.MapWeightStore;
import dev.attnlab.harness.model.ModelIdentity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains the embedded default model from its random initialisation on the project's own synthetic corpus
 * and writes it where {@link EmbeddedDefault} finds it. This is how the committed
 * {@code default-model.safetensors} was made; the command and settings are stored in the file.
 *
 * <p>Run it with {@code attnlab train-default} (options: steps, window, batch, lr, seed, corpus-tokens, out).
 */
public final class DefaultModelTraining {

    /** The settings that made the committed weights. */
    public record Plan(int steps, int window, int batch, double learningRate, long seed, int corpusTokens, Path out) {

        public static Plan defaults(Path out) {
            return new Plan(800, 256, 4, 3e-3, 20261125L, 400_000, out);
        }

        public String command() {
            return "attnlab train-default --steps " + steps + " --window " + window + " --batch " + batch + " --lr "
                    + learningRate + " --seed " + seed + " --corpus-tokens " + corpusTokens;
        }
    }

    private final Progress progress;

    public DefaultModelTraining(Progress progress) {
        this.progress = progress;
    }

    /** Trains and writes the weights; returns the written file. */
    public Path run(Plan plan) {
        EmbeddedDefault embedded = EmbeddedDefault.fromDirectory(plan.out());
        LlamaModel start = LlamaModel.randomInit(EmbeddedDefault.randomInitConfig(embedded.tokenizer().vocabSize()),
                EmbeddedDefault.RANDOM_INIT_SEED);
        int[] corpus = embedded.corpusTokens(plan.seed(), plan.corpusTokens());
        Path checkpoint = plan.out().resolve("default-model.partial.safetensors");
        TrainResult result = new DistillationTrainer(progress).pretrain(start, corpus, new TrainConfig(plan.steps(),
                plan.window(), plan.batch(), plan.learningRate(), 0.01, 0.0, plan.seed(), checkpoint, 100));
        Map<String, FloatTensor> weights = new LinkedHashMap<>(result.parameters());
        LlamaModel trained = new LlamaModel(start.config(), new MapWeightStore(weights, "trained default model"),
                new ModelIdentity("attnlab-default (trained)", 1, 2));
        Path file = EmbeddedDefault.writeTrained(trained, plan.out(), plan.command());
        try {
            java.nio.file.Files.deleteIfExists(checkpoint);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }
}
