package dev.attnlab.harness.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.testkit.ArrayOps;
import dev.attnlab.harness.model.io.Llama2cLoader;
import dev.attnlab.harness.model.io.TestAssets;
import dev.attnlab.harness.reference.LlamaReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The Llama graph, run eagerly on ArrayOps, against the independent float-loop {@link LlamaReference}.
 * Tolerance 1e-4 max abs error on logits (the parity bound): the graph computes in float32,
 * the reference keeps activations in double.
 */
class LlamaModelTest {

    private static final int[] TOKENS = {1, 403, 261, 288, 46, 511, 0, 370, 3, 300, 428, 14, 260, 1, 99, 77,
        508, 2, 265, 333, 31, 290, 11, 400};

    @Test
    void stories260KGraphLogitsMatchTheReferenceWithin1e4() {
        LlamaModel model = Llama2cLoader.load(TestAssets.stories260K());
        FloatTensor graph = GraphRuns.prefill(model, TOKENS);
        FloatTensor reference = new LlamaReference(model.config(), model.weights()).logits(TOKENS);
        assertThat(graph.shape()).containsExactly(TOKENS.length, 512);
        assertThat(GraphRuns.maxAbsDiff(graph, reference)).isLessThanOrEqualTo(1e-4f);
        assertThat(spread(reference)).as("logits are far from constant, so the comparison has power").isGreaterThan(5f);
    }

    @Test
    void randomGqaModelWithHalfRopeAndBiasesMatchesTheReference() {
        LlamaConfig config = new LlamaConfig(32, 48, 2, 4, 2, 50, 64, 1e-5f, 500f, RopeLayout.HALF, false, true);
        LlamaModel model = LlamaModel.randomInit(config, 7);
        int[] tokens = {3, 17, 49, 0, 22, 22, 8, 31, 5, 40, 12, 1};
        FloatTensor reference = new LlamaReference(config, model.weights()).logits(tokens);
        assertThat(GraphRuns.maxAbsDiff(GraphRuns.prefill(model, tokens), reference)).isLessThanOrEqualTo(1e-4f);
        assertThat(spread(reference)).isGreaterThan(1f);
    }

    @Test
    void decodingThroughTheKvCacheStateEqualsPrefill() {
        LlamaConfig config = LlamaConfig.llama2c(32, 48, 2, 4, 1, 40, 32, true);
        LlamaModel model = LlamaModel.randomInit(config, 11);
        int[] tokens = {1, 5, 9, 33, 2, 17, 17, 30, 4, 12};
        FloatTensor full = GraphRuns.prefill(model, tokens);

        ArrayOps run = GraphRuns.feedTokens(new ArrayOps(GraphRuns.weightMap(model.weights())),
                Arrays.copyOf(tokens, 6), 0);
        model.build(run, GraphRuns.fullAttention(model), GraphOptions.LOGITS_ONLY);
        assertThat(run.unmatchedStates()).isEmpty();
        for (int t = 6; t < tokens.length; t++) {
            run = GraphRuns.feedTokens(run.next(), new int[] {tokens[t]}, t);
            model.build(run, GraphRuns.fullAttention(model), GraphOptions.LOGITS_ONLY);
            float[] step = run.outputFloat("logits").data();
            float[] expected = full.row(t);
            for (int v = 0; v < expected.length; v++) {
                assertThat(step[v]).as("token %d, logit %d", t, v).isCloseTo(expected[v], Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void embeddingsInputGivesTheSameLogitsAsTokenIds() {
        LlamaModel model = LlamaModel.randomInit(LlamaConfig.llama2c(16, 24, 1, 2, 2, 20, 16, true), 3);
        int[] tokens = {4, 0, 19, 7};
        FloatTensor embeds = model.embed(tokens);
        ArrayOps ops = new ArrayOps(GraphRuns.weightMap(model.weights()))
                .feed("inputs_embeds", new FloatTensor(new long[] {1, 4, 16}, embeds.data()))
                .feed("positions", new long[] {0, 1, 2, 3}, 4);
        model.build(ops, GraphRuns.fullAttention(model), new GraphOptions(true, false, false));
        assertThat(GraphRuns.maxAbsDiff(GraphRuns.squeezeBatch(ops.outputFloat("logits")),
                GraphRuns.prefill(model, tokens))).isEqualTo(0f);
    }

    @Test
    void outputsHiddenStatesAndCausalAttentionProbabilitiesWhenAsked() {
        LlamaModel model = LlamaModel.randomInit(LlamaConfig.llama2c(16, 24, 2, 2, 1, 20, 16, true), 5);
        ArrayOps ops = GraphRuns.feedTokens(new ArrayOps(GraphRuns.weightMap(model.weights())), new int[] {1, 2, 3}, 0)
                .setWantsAttentionProbabilities(true);
        model.build(ops, GraphRuns.fullAttention(model), new GraphOptions(false, true, true));
        assertThat(ops.outputFloat("hidden_states").shape()).containsExactly(1, 3, 16);
        FloatTensor probs = ops.outputFloat("attention.1");
        assertThat(probs.shape()).containsExactly(1, 2, 3, 3);
        for (int h = 0; h < 2; h++) {
            for (int q = 0; q < 3; q++) {
                float sum = 0;
                for (int k = 0; k < 3; k++) {
                    sum += probs.get(0, h, q, k);
                    if (k > q) {
                        assertThat(probs.get(0, h, q, k)).as("future key %d of query %d", k, q).isEqualTo(0f);
                    }
                }
                assertThat(sum).isCloseTo(1f, Offset.offset(1e-6f));
            }
        }
    }

    @Test
    void refusesAttentionOutputsWhenAStrategyCannotExposeProbabilities() {
        LlamaModel model = LlamaModel.randomInit(LlamaConfig.llama2c(16, 24, 2, 2, 1, 20, 16, true), 5);
        ArrayOps ops = GraphRuns.feedTokens(new ArrayOps(GraphRuns.weightMap(model.weights())), new int[] {1, 2}, 0)
                .setWantsAttentionProbabilities(true);
        List<LayerAttention> layers = new ArrayList<>(GraphRuns.fullAttention(model));
        LayerAttention full = layers.get(1);
        layers.set(1, (o, in) -> AttentionResult.of(full.attend(o, in).output()));
        assertThatThrownBy(() -> model.build(ops, layers, new GraphOptions(false, true, false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("layer 1");
    }

    @Test
    void rejectsAWeightWithTheWrongShapeNamingItAndTheSource() {
        LlamaConfig config = LlamaConfig.llama2c(16, 24, 1, 2, 2, 20, 16, true);
        Map<String, FloatTensor> weights = new LinkedHashMap<>(GraphRuns.weightMap(LlamaModel.randomInit(config, 1).weights()));
        weights.put("model.layers.0.mlp.up_proj.weight", FloatTensor.zeros(16, 24));
        assertThatThrownBy(() -> new LlamaModel(config, new MapWeightStore(weights, "test.bin"), ModelIdentity.llama2c("t")))
                .hasMessageContaining("model.layers.0.mlp.up_proj.weight")
                .hasMessageContaining("test.bin")
                .hasMessageContaining("[24, 16]");
    }

    @Test
    void randomInitIsDeterministicAndTheContentHashTracksWeightsAndConfig() {
        LlamaConfig config = LlamaConfig.llama2c(16, 24, 1, 2, 2, 20, 16, true);
        LlamaModel a = LlamaModel.randomInit(config, 42);
        LlamaModel b = LlamaModel.randomInit(config, 42);
        assertThat(GraphRuns.weightMap(a.weights())).isEqualTo(GraphRuns.weightMap(b.weights()));
        assertThat(a.info().contentHash()).hasSize(64).isEqualTo(b.info().contentHash());
        assertThat(LlamaModel.randomInit(config, 43).info().contentHash()).isNotEqualTo(a.info().contentHash());
        LlamaConfig otherEps = new LlamaConfig(16, 24, 1, 2, 2, 20, 16, 1e-6f, 10000f, RopeLayout.INTERLEAVED, true, false);
        assertThat(new LlamaModel(otherEps, a.weights(), ModelIdentity.llama2c("x")).info().contentHash())
                .isNotEqualTo(a.info().contentHash());
        Map<String, FloatTensor> nudged = new LinkedHashMap<>(GraphRuns.weightMap(a.weights()));
        float[] norm = nudged.get(LlamaNames.FINAL_NORM).data().clone();
        norm[3] = Math.nextUp(norm[3]);
        nudged.put(LlamaNames.FINAL_NORM, FloatTensor.of(norm, 16));
        assertThat(new LlamaModel(config, new MapWeightStore(nudged, "nudged"), ModelIdentity.llama2c("x")).info()
                .contentHash()).as("one float changed by one ulp").isNotEqualTo(a.info().contentHash());
    }

    private static float spread(FloatTensor t) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : t.data()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max - min;
    }
}
