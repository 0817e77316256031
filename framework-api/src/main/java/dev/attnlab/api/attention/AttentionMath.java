package dev.attnlab.api.attention;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;

/** Building blocks that most strategies share, written in tensor ops. */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public final class AttentionMath {

    private AttentionMath() {
    }

    /**
     * Repeats each key/value head {@code heads / kvHeads} times so that {@code [B, kvHeads, S, D]}
     * becomes {@code [B, heads, S, D]} (grouped-query attention); the identity when they are equal.
     */
    public static Tensor repeatKv(TensorOps ops, Tensor kv, AttentionContext context) {
        int groups = context.heads() / context.kvHeads();
        if (groups == 1) {
            return kv;
        }
        // [B, Hkv, S, D] -> [B, Hkv, 1, S, D] -> [B, Hkv, g, S, D] -> [B, H, S, D]
        Tensor expanded = ops.unsqueeze(kv, 2);
        Tensor shape = ops.shape(expanded);
        Tensor target = ops.concat(0,
                ops.slice(shape, 0, 0, 2), ops.constantLongs(new long[] {groups}, 1), ops.slice(shape, 0, 3, 5));
        Tensor tiled = ops.expand(expanded, target);
        return ops.reshape(tiled, 0, context.heads(), -1, context.headDim());
    }

    /**
     * The causal visibility mask: boolean {@code [T, S]}, true where key position {@code <=} query
     * position.
     */
    public static Tensor causalMask(TensorOps ops, Tensor queryPositions, Tensor keyPositions) {
        return ops.lessOrEqual(ops.unsqueeze(keyPositions, 0), ops.unsqueeze(queryPositions, 1));
    }

    /**
     * Plain causal softmax attention of queries over the given keys (GQA heads repeated here), with
     * the probabilities attached when the ops ask for them.
     */
    public static AttentionResult causalAttention(TensorOps ops, AttentionInputs in, Tensor keys, Tensor values,
                                                  Tensor keyPositions) {
        Tensor k = repeatKv(ops, keys, in.context());
        Tensor v = repeatKv(ops, values, in.context());
        Tensor mask = causalMask(ops, in.positions(), keyPositions);
        if (ops.wantsAttentionProbabilities()) {
            Tensor p = ops.attentionProbabilities(in.query(), k, mask, in.scale());
            return new AttentionResult(ops.matmul(p, v), p);
        }
        return AttentionResult.of(ops.attention(in.query(), k, v, mask, in.scale()));
    }
}
