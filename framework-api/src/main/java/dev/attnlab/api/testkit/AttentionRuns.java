package dev.attnlab.api.testkit;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.AttentionMath;
import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.attention.KvCache;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.ApiStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Drives one layer's attention over a sequence in consecutive runs on {@link ArrayOps}, feeding each run's
 * state outputs back as the next run's state inputs: how strategy tests check that decoding step by step
 * (or in chunks) equals one prefill, against {@link #full()} as the reference.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class AttentionRuns {

    /** What the runs produced: outputs joined along the token axis, and each run's probabilities and state. */
    public record Result(FloatTensor output, List<FloatTensor> probabilities, List<Map<String, ArrayTensor>> states) {
    }

    private AttentionRuns() {
    }

    /** Full causal attention with a complete KV cache: the reference (what the harness's {@code full} strategy does). */
    public static LayerAttention full() {
        return (ops, in) -> {
            KvCache all = KvCache.append(ops, in);
            return AttentionMath.causalAttention(ops, in, all.keys(), all.values(), all.positions());
        };
    }

    /** Uniform values in [-2, 2) from a seeded generator. */
    public static FloatTensor random(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] data = new float[(int) FloatTensor.size(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return FloatTensor.of(data, shape);
    }

    /**
     * Runs {@code layer} over queries {@code [1, H, N, D]} and keys/values {@code [1, Hkv, N, D]}, split
     * into runs of the given lengths (summing to N).
     */
    public static Result run(LayerAttention layer, AttentionContext c, FloatTensor q, FloatTensor k, FloatTensor v,
                      boolean probabilities, int... runLengths) {
        ArrayOps ops = new ArrayOps().setWantsAttentionProbabilities(probabilities);
        List<FloatTensor> outputs = new ArrayList<>();
        List<FloatTensor> probs = new ArrayList<>();
        List<Map<String, ArrayTensor>> states = new ArrayList<>();
        int from = 0;
        for (int length : runLengths) {
            int to = from + length;
            long[] positions = new long[length];
            for (int i = 0; i < length; i++) {
                positions[i] = from + i;
            }
            AttentionInputs in = new AttentionInputs(part(ops, q, from, to), part(ops, k, from, to),
                    part(ops, v, from, to), ops.constantLongs(positions, length), c.defaultScale(), c);
            AttentionResult result = layer.attend(ops, in);
            outputs.add(ArrayOps.values(result.output()));
            probs.add(result.probabilities() == null ? null : ArrayOps.values(result.probabilities()));
            if (!ops.unmatchedStates().isEmpty()) {
                throw new AssertionError("state inputs without state output: " + ops.unmatchedStates());
            }
            states.add(ops.stateOutputs());
            ops = ops.next();
            from = to;
        }
        List<Tensor> parts = new ArrayList<>();
        outputs.forEach(o -> parts.add(new ArrayOps().constant(o)));
        return new Result(ArrayOps.values(new ArrayOps().concat(2, parts)), probs, states);
    }

    private static Tensor part(ArrayOps ops, FloatTensor x, int from, int to) {
        return ops.slice(ops.constant(x), 2, from, to);
    }
}
