package dev.attnlab.harness.train.infini;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.harness.lower.djl.DjlOps;
import dev.attnlab.harness.lower.djl.DjlParameters;
import dev.attnlab.harness.model.FullAttentionStrategy;
import dev.attnlab.harness.model.GraphOptions;
import dev.attnlab.harness.model.ModelDefinition;
import java.util.SplittableRandom;

/**
 * Token sequences a model writes itself with full attention: each starts at {@code start} and continues by
 * ancestral sampling at temperature 1, decoded a token at a time with the KV cache fed back as state, on
 * the DJL lowering. Sequence {@code i} draws from {@code SplittableRandom(seed + i)}, so the same seed gives
 * the same tokens. Self-sampled text is data on which the full model is, by construction, a good
 * predictor: perplexity and KL then measure how much of that the method keeps.
 */
final class SelfSampler {

    private SelfSampler() {
    }

    /** {@code count} sequences of {@code length} tokens, {@code [count, length]} row-major, sampled as a batch. */
    static long[] sample(ModelDefinition model, int start, int count, int length, long seed) {
        if (length > model.info().maxContext()) {
            throw new IllegalArgumentException("cannot sample " + length + " tokens from " + model.info().name()
                    + ", whose context is " + model.info().maxContext());
        }
        int vocab = model.info().vocabSize();
        long[] out = new long[count * length];
        SplittableRandom[] random = new SplittableRandom[count];
        for (int b = 0; b < count; b++) {
            random[b] = new SplittableRandom(seed + b);
            out[b * length] = start;
        }
        java.util.List<LayerAttention> layers = StrategyLayers.of(model, new FullAttentionStrategy(), null);
        try (NDManager root = Engine.getEngine("PyTorch").newBaseManager();
             DjlParameters params = new DjlParameters(root, model.weights())) {
            // a result of an op lands in the manager of its first operand, so carried state would live in
            // the previous step's manager: copy it into a manager of its own and free each step whole
            NDManager state = root.newSubManager();
            java.util.Map<String, NDArray> carried = java.util.Map.of();
            for (int t = 0; t + 1 < length; t++) {
                long[] ids = new long[count];
                for (int b = 0; b < count; b++) {
                    ids[b] = out[b * length + t];
                }
                NDManager nextState = root.newSubManager();
                java.util.Map<String, NDArray> next = new java.util.HashMap<>();
                try (DjlOps ops = new DjlOps(root, params)) {
                    carried.forEach(ops::feedState);
                    ops.batch(count).feedLongs("input_ids", ids, count, 1).feedLongs("positions", new long[] {t}, 1);
                    model.build(ops, layers, GraphOptions.LOGITS_ONLY);
                    float[] p = ops.output("logits").softmax(-1).toFloatArray();
                    for (int b = 0; b < count; b++) {
                        out[b * length + t + 1] = draw(p, b * vocab, vocab, random[b]);
                    }
                    ops.stateOutputs().forEach((name, value) -> {
                        NDArray copy = value.duplicate();
                        copy.attach(nextState);
                        next.put(name, copy);
                    });
                }
                state.close();
                state = nextState;
                carried = next;
            }
            state.close();
        }
        return out;
    }

    /** Inverse-CDF draw from {@code p[from .. from + n)}; the last token takes any rounding remainder. */
    private static int draw(float[] p, int from, int n, SplittableRandom random) {
        double u = random.nextDouble();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += p[from + i];
            if (u < sum) {
                return i;
            }
        }
        return n - 1;
    }
}
