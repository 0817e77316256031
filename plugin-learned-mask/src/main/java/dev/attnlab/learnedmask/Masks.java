package dev.attnlab.learnedmask;

import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;

/** Small tensor-op building blocks the strategies of this module share. */
final class Masks {

    private Masks() {
    }

    /** Elementwise logical or, from and/not (the op API has no or). */
    static Tensor or(TensorOps ops, Tensor a, Tensor b) {
        return ops.not(ops.and(ops.not(a), ops.not(b)));
    }

    /** {@code query position - key position}, int64 {@code [T, S]}. */
    static Tensor distance(TensorOps ops, Tensor queryPositions, Tensor keyPositions) {
        return ops.sub(ops.unsqueeze(queryPositions, 1), ops.unsqueeze(keyPositions, 0));
    }

    /** Softmax attention of the inputs' queries over {@code k, v} (already repeated to all heads) under {@code mask}. */
    static AttentionResult attend(TensorOps ops, AttentionInputs in, Tensor k, Tensor v, Tensor mask) {
        if (ops.wantsAttentionProbabilities()) {
            Tensor p = ops.attentionProbabilities(in.query(), k, mask, in.scale());
            return new AttentionResult(ops.matmul(p, v), p);
        }
        return AttentionResult.of(ops.attention(in.query(), k, v, mask, in.scale()));
    }

    /**
     * Entries along {@code axis} that a window cache keeps: the first {@code head} and the last
     * {@code tail}, never one twice. Works for any length known only at run time.
     */
    static Tensor keep(TensorOps ops, Tensor x, int axis, Tensor length, long head, long tail) {
        Tensor tailStart = ops.max(ops.sub(length, ops.constantLongs(new long[] {tail}, 1)),
                ops.constantLongs(new long[] {head}, 1));
        Tensor last = ops.slice(x, axis, tailStart, ops.constantLongs(new long[] {Long.MAX_VALUE}, 1));
        if (head == 0) {
            return last;
        }
        return ops.concat(axis, ops.slice(x, axis, 0, head), last);
    }
}
