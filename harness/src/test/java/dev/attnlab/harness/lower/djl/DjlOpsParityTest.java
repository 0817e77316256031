package dev.attnlab.harness.lower.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.testkit.ArrayOps;
import dev.attnlab.harness.model.FullAttentionStrategy;
import dev.attnlab.harness.model.GraphOptions;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The eager DJL lowering against the plain-Java reference lowering (ArrayOps) on the same model code and
 * weights: the standing "two lowerings agree" check. Tolerance 1e-4 on logits (float32, different
 * summation orders).
 */
class DjlOpsParityTest {

    private static final LlamaConfig CONFIG = LlamaConfig.llama2c(32, 64, 2, 4, 2, 50, 64, true);

    @Test
    void llamaLogitsEqualTheReferenceLowering() {
        LlamaModel model = LlamaModel.randomInit(CONFIG, 7);
        List<LayerAttention> layers = fullLayers(model);
        long[] ids = {1, 5, 9, 3, 3, 42, 17, 0, 8, 11};
        long[] positions = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            positions[i] = i;
        }
        ArrayOps reference = new ArrayOps(weights(model)).feed("input_ids", ids, 1, ids.length)
                .feed("positions", positions, ids.length);
        model.build(reference, layers, GraphOptions.LOGITS_ONLY);
        FloatTensor expected = reference.outputFloat("logits");

        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
             DjlParameters parameters = new DjlParameters(manager, model.weights());
             DjlOps ops = new DjlOps(manager, parameters)) {
            ops.feedLongs("input_ids", ids, 1, ids.length).feedLongs("positions", positions, ids.length);
            model.build(ops, layers, GraphOptions.LOGITS_ONLY);
            FloatTensor actual = DjlOps.toFloatTensor(ops.output("logits"));
            assertThat(actual.shape()).containsExactly(expected.shape());
            assertThat(maxAbsDiff(actual.data(), expected.data())).isLessThan(1e-4f);
        }
    }

    @Test
    void decodingWithStateFedBackEqualsPrefill() {
        LlamaModel model = LlamaModel.randomInit(CONFIG, 11);
        List<LayerAttention> layers = fullLayers(model);
        long[] ids = {2, 4, 6, 8, 10, 12};
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
             DjlParameters parameters = new DjlParameters(manager, model.weights())) {
            DjlOps prefill = new DjlOps(manager, parameters);
            prefill.feedLongs("input_ids", ids, 1, ids.length).feedLongs("positions", new long[] {0, 1, 2, 3, 4, 5}, 6);
            model.build(prefill, layers, GraphOptions.LOGITS_ONLY);
            float[] all = DjlOps.toFloatTensor(prefill.output("logits")).data();

            DjlOps step = null;
            List<float[]> rows = new ArrayList<>();
            for (int i = 0; i < ids.length; i++) {
                DjlOps next = new DjlOps(manager, parameters);
                if (step != null) {
                    step.stateOutputs().forEach(next::feedState);
                }
                next.feedLongs("input_ids", new long[] {ids[i]}, 1, 1).feedLongs("positions", new long[] {i}, 1);
                model.build(next, layers, GraphOptions.LOGITS_ONLY);
                rows.add(DjlOps.toFloatTensor(next.output("logits")).data());
                step = next;
            }
            int vocab = CONFIG.vocabSize();
            for (int i = 0; i < ids.length; i++) {
                float[] expected = java.util.Arrays.copyOfRange(all, i * vocab, (i + 1) * vocab);
                assertThat(maxAbsDiff(rows.get(i), expected)).as("position %d", i).isLessThan(1e-4f);
            }
        }
    }

    @Test
    void integerDivisionTruncatesLikeOnnx() {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
             DjlParameters parameters = new DjlParameters(manager, new dev.attnlab.harness.model.MapWeightStore(
                     java.util.Map.of(), "none"));
             DjlOps ops = new DjlOps(manager, parameters)) {
            dev.attnlab.api.tensor.Tensor q = ops.div(ops.constantLongs(new long[] {7, -7, 9, 64}, 4),
                    ops.constantLongs(new long[] {2, 2, 3, 32}, 4));
            ops.output("q", q);
            assertThat(q.dtype()).isEqualTo(dev.attnlab.api.tensor.DType.INT64);
            assertThat(ops.output("q").toLongArray()).containsExactly(3, -3, 3, 2);
        }
    }

    static List<LayerAttention> fullLayers(LlamaModel model) {
        FullAttentionStrategy full = new FullAttentionStrategy();
        List<LayerAttention> layers = new ArrayList<>();
        for (int i = 0; i < model.info().layers(); i++) {
            layers.add(full.create(model.attentionContext(i), full.configSchema().defaults()));
        }
        return layers;
    }

    static java.util.Map<String, FloatTensor> weights(LlamaModel model) {
        java.util.Map<String, FloatTensor> map = new java.util.LinkedHashMap<>();
        for (String name : model.weights().names()) {
            map.put(name, model.weights().get(name).orElseThrow());
        }
        return map;
    }

    static float maxAbsDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
