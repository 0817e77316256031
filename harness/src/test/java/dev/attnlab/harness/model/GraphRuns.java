package dev.attnlab.harness.model;

import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.testkit.ArrayOps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a model's tensor-op graph eagerly on {@link ArrayOps} with full attention, for tests. */
public final class GraphRuns {

    private GraphRuns() {
    }

    public static Map<String, FloatTensor> weightMap(WeightStore store) {
        Map<String, FloatTensor> map = new LinkedHashMap<>();
        store.names().forEach(n -> map.put(n, store.get(n).orElseThrow()));
        return map;
    }

    public static List<LayerAttention> fullAttention(ModelDefinition model) {
        FullAttentionStrategy full = new FullAttentionStrategy();
        List<LayerAttention> layers = new ArrayList<>();
        for (int i = 0; i < model.info().layers(); i++) {
            layers.add(full.create(model.attentionContext(i), ConfigSchema.EMPTY.defaults()));
        }
        return layers;
    }

    /** Feeds a batch-1 token sequence at positions {@code start..start+T-1} into {@code ops}. */
    public static ArrayOps feedTokens(ArrayOps ops, int[] tokens, int start) {
        long[] ids = new long[tokens.length];
        long[] positions = new long[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            ids[i] = tokens[i];
            positions[i] = start + i;
        }
        return ops.feed("input_ids", ids, 1, tokens.length).feed("positions", positions, tokens.length);
    }

    /** Logits {@code [T, vocab]} of one fresh batch-1 sequence. */
    public static FloatTensor prefill(ModelDefinition model, int[] tokens) {
        ArrayOps ops = feedTokens(new ArrayOps(weightMap(model.weights())), tokens, 0);
        model.build(ops, fullAttention(model), GraphOptions.LOGITS_ONLY);
        return squeezeBatch(ops.outputFloat("logits"));
    }

    /** Drops the leading batch axis of size 1. */
    public static FloatTensor squeezeBatch(FloatTensor t) {
        long[] shape = t.shape();
        if (shape[0] != 1) {
            throw new IllegalArgumentException("batch is " + shape[0]);
        }
        return new FloatTensor(java.util.Arrays.copyOfRange(shape, 1, shape.length), t.data());
    }

    public static float maxAbsDiff(FloatTensor a, FloatTensor b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new AssertionError("shapes differ: " + java.util.Arrays.toString(a.shape()) + " vs "
                    + java.util.Arrays.toString(b.shape()));
        }
        float max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        return max;
    }
}
