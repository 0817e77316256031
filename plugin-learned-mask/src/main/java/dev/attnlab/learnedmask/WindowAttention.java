package dev.attnlab.learnedmask;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.AttentionMath;
import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.attention.KvCache;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;

/**
 * Causal attention in which a query at position p sees the keys at positions p - window + 1 .. p, and
 * also the first {@code sinks} keys the layer ever saw (attention sinks).
 *
 * <p>The cache kept between runs holds only the sinks and the last {@code window - 1} entries, which
 * is all a later query can see, so decode memory is O(window + sinks) whatever the total length. Within
 * one run (a prefill) the scores of the run's queries against all of the run's keys are computed and
 * masked; the saving there is in what the next run carries.
 */
final class WindowAttention implements LayerAttention {

    private final long window;
    private final long sinks;

    WindowAttention(long window, long sinks) {
        this.window = window;
        this.sinks = sinks;
    }

    @Override
    public AttentionResult attend(TensorOps ops, AttentionInputs in) {
        AttentionContext c = in.context();
        KvCache all = KvCache.load(ops, c).plus(ops, in);
        Tensor keyPositions = all.positions();
        Tensor causal = AttentionMath.causalMask(ops, in.positions(), keyPositions);
        Tensor visible = ops.less(Masks.distance(ops, in.positions(), keyPositions), ops.scalarLong(window));
        Tensor length = ops.dim(keyPositions, 0);
        if (sinks > 0) {
            // sinks are the first entries of the cache, which never drops them
            Tensor isSink = ops.less(ops.range(ops.scalarLong(0), length), ops.scalarLong(sinks));
            visible = Masks.or(ops, visible, ops.unsqueeze(isSink, 0));
        }
        visible = ops.and(causal, visible);
        AttentionResult result = Masks.attend(ops, in, AttentionMath.repeatKv(ops, all.keys(), c),
                AttentionMath.repeatKv(ops, all.values(), c), visible);
        long tail = window - 1;
        new KvCache(Masks.keep(ops, all.keys(), 2, length, sinks, tail),
                Masks.keep(ops, all.values(), 2, length, sinks, tail),
                Masks.keep(ops, keyPositions, 0, length, sinks, tail)).store(ops, c);
        return result;
    }
}
