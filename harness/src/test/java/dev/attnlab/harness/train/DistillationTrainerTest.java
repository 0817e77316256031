package dev.attnlab.harness.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.AttentionMath;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.KvCache;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.eval.Progress;
import dev.attnlab.api.tensor.ParameterSpec;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.harness.model.FullAttentionStrategy;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.io.SafetensorsFile;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistillationTrainerTest {

    private static final LlamaConfig CONFIG = LlamaConfig.llama2c(32, 64, 2, 4, 2, 40, 64, true);

    /**
     * Full attention whose queries are multiplied by a trainable per-head factor that starts at 0.2:
     * only a factor of 1 reproduces the full model, so distillation must move it towards 1.
     */
    static final class ScaledQueryStrategy implements AttentionStrategy {
        @Override
        public String id() {
            return "scaled-query";
        }

        @Override
        public String description() {
            return "test strategy";
        }

        @Override
        public boolean trainable() {
            return true;
        }

        @Override
        public LayerAttention create(AttentionContext context, Settings settings) {
            return (ops, in) -> {
                Tensor factor = ops.parameter(ParameterSpec.trainable(context.name("factor"),
                        ParameterSpec.Initializer.constant(0.2f), 1, context.heads(), 1, 1));
                AttentionInputs scaled = new AttentionInputs(ops.mul(in.query(), factor), in.key(), in.value(),
                        in.positions(), in.scale(), in.context());
                KvCache all = KvCache.append(ops, scaled);
                return AttentionMath.causalAttention(ops, scaled, all.keys(), all.values(), all.positions());
            };
        }
    }

    @Test
    void distillationLowersTheKlAndMovesTheParameterTowardsFullAttention(@TempDir Path dir) {
        LlamaModel model = LlamaModel.randomInit(CONFIG, 3);
        int[] corpus = corpus(2000, 5);
        TrainConfig config = new TrainConfig(16, 16, 2, 0.1, 0.0, 0.0, 1, dir.resolve("scaled.safetensors"), 8);
        TrainResult result = new DistillationTrainer(Progress.NONE)
                .distill(model, new ScaledQueryStrategy(), new ScaledQueryStrategy().configSchema().defaults(),
                        corpus, config);

        double first = (result.losses().get(0) + result.losses().get(1)) / 2;
        double last = (result.losses().get(14) + result.losses().get(15)) / 2;
        assertThat(last).as("KL after training vs before").isLessThan(first * 0.5);
        float factor = result.parameters().get("layers.0.attn.factor").data()[0];
        assertThat(factor).as("learned query factor").isGreaterThan(0.5f);
        assertThat(SafetensorsFile.open(config.checkpoint()).metadata()).containsEntry("attnlab.step", "16");
    }

    @Test
    void resumesFromItsCheckpoint(@TempDir Path dir) {
        LlamaModel model = LlamaModel.randomInit(CONFIG, 3);
        int[] corpus = corpus(2000, 5);
        Path checkpoint = dir.resolve("resume.safetensors");
        Settings defaults = new ScaledQueryStrategy().configSchema().defaults();
        DistillationTrainer trainer = new DistillationTrainer(Progress.NONE);
        trainer.distill(model, new ScaledQueryStrategy(), defaults, corpus,
                new TrainConfig(3, 8, 1, 0.05, 0.0, 0.0, 1, checkpoint, 3));
        TrainResult resumed = trainer.distill(model, new ScaledQueryStrategy(), defaults, corpus,
                new TrainConfig(5, 8, 1, 0.05, 0.0, 0.0, 1, checkpoint, 3));
        assertThat(resumed.firstStep()).isEqualTo(3);
        assertThat(resumed.losses()).hasSize(2);
    }

    @Test
    void pretrainingLowersTheNextTokenLoss() {
        LlamaModel model = LlamaModel.randomInit(CONFIG, 9);
        // A corpus with structure to learn: a repeating pattern of period 5.
        int[] corpus = new int[3000];
        for (int i = 0; i < corpus.length; i++) {
            corpus[i] = (i % 5) * 3 + 1;
        }
        TrainResult result = new DistillationTrainer(Progress.NONE)
                .pretrain(model, corpus, new TrainConfig(15, 16, 2, 0.02, 0.0, 0.0, 2, null, 100));
        assertThat(result.losses().get(14)).isLessThan(result.losses().get(0) * 0.5);
        assertThat(result.parameters()).containsKey("model.embed_tokens.weight");
    }

    @Test
    void refusesAStrategyWithoutTrainableParameters() {
        LlamaModel model = LlamaModel.randomInit(CONFIG, 3);
        FullAttentionStrategy full = new FullAttentionStrategy();
        assertThatThrownBy(() -> new DistillationTrainer(Progress.NONE).distill(model, full,
                full.configSchema().defaults(), corpus(100, 1), new TrainConfig(1, 16, 1, 0.1, 0, 0, 1, null, 1)))
                .hasMessageContaining("'full' has no trainable parameters");
    }

    private static int[] corpus(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = random.nextInt(CONFIG.vocabSize());
        }
        return out;
    }
}
