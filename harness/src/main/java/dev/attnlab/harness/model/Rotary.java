package dev.attnlab.harness.model;

import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;

/**
 * Rotary position embedding in the graph: cos/sin tables {@code [maxSeqLen, headDim/2]} stored as
 * constants and gathered at the run's positions, applied to {@code [B, heads, T, headDim]}.
 */
final class Rotary {

    private final Tensor cos;
    private final Tensor sin;
    private final int headDim;
    private final RopeLayout layout;

    /** Cos and sin of every position and pair, {@code [maxSeqLen, headDim/2]} each. */
    record Tables(FloatTensor cos, FloatTensor sin) {
    }

    private Rotary(Tensor cos, Tensor sin, int headDim, RopeLayout layout) {
        this.cos = cos;
        this.sin = sin;
        this.headDim = headDim;
        this.layout = layout;
    }

    /** The cos and sin tables {@code [maxSeqLen, headDim/2]} of {@code config}, computed in double. */
    static Tables tables(LlamaConfig config) {
        int half = config.headDim() / 2;
        int rows = config.maxSeqLen();
        float[] cos = new float[rows * half];
        float[] sin = new float[rows * half];
        for (int p = 0; p < rows; p++) {
            for (int j = 0; j < half; j++) {
                double angle = p * Math.pow(config.ropeTheta(), -2.0 * j / config.headDim());
                cos[p * half + j] = (float) Math.cos(angle);
                sin[p * half + j] = (float) Math.sin(angle);
            }
        }
        long[] shape = {rows, half};
        return new Tables(new FloatTensor(shape, cos), new FloatTensor(shape, sin));
    }

    /** {@code tables} (from {@link #tables}) gathered at int64 {@code positions [T]}: cos/sin {@code [T, headDim/2]}. */
    static Rotary at(TensorOps ops, LlamaConfig config, Tables tables, Tensor positions) {
        return new Rotary(ops.gather(ops.constant(tables.cos()), positions, 0), ops.gather(ops.constant(tables.sin()), positions, 0),
                config.headDim(), config.ropeLayout());
    }

    /** Rotates each pair (a, b) to (a cos - b sin, b cos + a sin). */
    Tensor apply(TensorOps ops, Tensor x) {
        int half = headDim / 2;
        if (layout == RopeLayout.HALF) {
            Tensor a = ops.slice(x, 3, 0, half);
            Tensor b = ops.slice(x, 3, half, headDim);
            return ops.concat(3, rotateA(ops, a, b, cos, sin), rotateB(ops, a, b, cos, sin));
        }
        // [B, H, T, Dh] -> [B, H, T, Dh/2, 2]: the last axis holds one pair
        Tensor pairs = ops.reshape(x, 0, 0, 0, half, 2);
        Tensor a = ops.slice(pairs, 4, 0, 1);
        Tensor b = ops.slice(pairs, 4, 1, 2);
        Tensor c = ops.unsqueeze(cos, 2);
        Tensor s = ops.unsqueeze(sin, 2);
        return ops.reshape(ops.concat(4, rotateA(ops, a, b, c, s), rotateB(ops, a, b, c, s)), 0, 0, 0, headDim);
    }

    private static Tensor rotateA(TensorOps ops, Tensor a, Tensor b, Tensor c, Tensor s) {
        return ops.sub(ops.mul(a, c), ops.mul(b, s));
    }

    private static Tensor rotateB(TensorOps ops, Tensor a, Tensor b, Tensor c, Tensor s) {
        return ops.add(ops.mul(b, c), ops.mul(a, s));
    }
}
