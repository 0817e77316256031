package dev.attnlab.harness.train.infini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.eval.Progress;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.FullAttentionStrategy;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.io.SafetensorsFile;
import dev.attnlab.harness.train.TrainConfig;
import dev.attnlab.harness.train.TrainResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Infini-attention gate trained by segment-aware distillation on a small random model. The gate starts
 * almost fully open (beta 3, memory weight 0.95), far from what full attention wants on a model whose
 * layers never learnt to read a compressive memory; the KL against full attention on held-out windows,
 * measured the same way before and after, must fall by a tenth, and the gates must move.
 */
class SegmentedDistillationTest {

    private static final LlamaConfig CONFIG = LlamaConfig.llama2c(32, 64, 2, 4, 2, 40, 64, true);

    @Test
    void distillationLowersTheKlAndMovesTheGate(@TempDir Path dir) {
        LlamaModel model = LlamaModel.randomInit(CONFIG, 3);
        AttentionStrategy infini = InfiniPlugin.strategy();
        Settings settings = InfiniPlugin.settings(infini, 8, "delta", 3.0);
        long[] heldOut = SegmentedDistillation.windows(corpus(3000, 11), 32, 99, 0, 4);
        WindowScores before = SegmentedEvaluation.score(model, StrategyLayers.of(model, infini, settings),
                model.weights(), heldOut, 32, 4);

        TrainConfig config = new TrainConfig(8, 32, 2, 0.3, 0.0, 0.0, 1, dir.resolve("gates.safetensors"), 4);
        TrainResult result = new SegmentedDistillation(Progress.NONE, false)
                .distill(model, infini, settings, corpus(3000, 5), config);

        Map<String, FloatTensor> gates = result.parameters();
        assertThat(gates).containsOnlyKeys("layers.0.attn.infini.beta", "layers.1.attn.infini.beta");
        float[] beta = gates.get("layers.0.attn.infini.beta").data();
        assertThat(beta).hasSize(4);
        assertThat(beta[0] + beta[1] + beta[2] + beta[3]).as("the layer-0 gates closed from 4 x 3")
                .isLessThan(11f);
        WindowScores after = SegmentedEvaluation.score(model, StrategyLayers.of(model, infini, settings),
                SegmentedDistillation.overlay(model.weights(), gates), heldOut, 32, 4);
        assertThat(after.klNats()).as("held-out KL after vs before (%s)", before.klNats())
                .isLessThan(before.klNats() * 0.9);
        assertThat(SafetensorsFile.open(config.checkpoint()).read("layers.1.attn.infini.beta").data())
                .containsExactly(gates.get("layers.1.attn.infini.beta").data());
    }

    @Test
    void truncatedGradientsStillTrainTheGate() {
        LlamaModel model = LlamaModel.randomInit(CONFIG, 3);
        AttentionStrategy infini = InfiniPlugin.strategy();
        TrainResult result = new SegmentedDistillation(Progress.NONE, true).distill(model, infini,
                InfiniPlugin.settings(infini, 8, "linear", 0.0), corpus(2000, 5),
                new TrainConfig(3, 16, 1, 0.2, 0.0, 0.0, 1, null, 4));
        assertThat(result.losses()).hasSize(3).allMatch(l -> l > 0 && Double.isFinite(l));
        assertThat(result.parameters().get("layers.1.attn.infini.beta").data()[0]).isNotEqualTo(0f);
    }

    @Test
    void refusesAStrategyWithoutTrainableParameters() {
        LlamaModel model = LlamaModel.randomInit(CONFIG, 3);
        FullAttentionStrategy full = new FullAttentionStrategy();
        assertThatThrownBy(() -> new SegmentedDistillation(Progress.NONE, false).distill(model, full,
                full.configSchema().defaults(), corpus(100, 1), new TrainConfig(1, 16, 1, 0.1, 0, 0, 1, null, 1)))
                .hasMessageContaining("'full' has no trainable parameters");
    }

    static int[] corpus(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = random.nextInt(CONFIG.vocabSize());
        }
        return out;
    }
}
