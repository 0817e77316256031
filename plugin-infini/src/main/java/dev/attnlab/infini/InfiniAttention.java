package dev.attnlab.infini;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.AttentionMath;
import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.attention.KvCache;
import dev.attnlab.api.attention.SegmentedAttention;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Dim;
import dev.attnlab.api.tensor.ParameterSpec;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;

/**
 * One layer of Infini-attention; see {@link InfiniStrategy} for the method.
 *
 * <p>State, all constant in the total length: the compressive memory {@code M [B, Hkv, D, D]} and its
 * normaliser {@code z [B, Hkv, D]} as of the end of the previous segment; the pending contribution of the
 * current segment's tokens so far ({@code Mp}, {@code zp}, same shapes); and the current segment's KV cache
 * (at most one segment long). Shapes: B batch, H query heads, Hkv key/value heads, T run length, D head
 * dimension.
 *
 * <p>Both update rules read only the memory as it was before the segment, so a segment's contribution is
 * a sum over its tokens and can be accumulated run by run ({@code Mp}); when the run ends the segment,
 * it is added to {@code M} and the cache is emptied. Each run thus costs O(T D^2) for the memory, not
 * O(segment D^2).
 */
final class InfiniAttention implements SegmentedAttention {

    static final String MEMORY = "infini.memory";
    static final String NORMALIZER = "infini.normalizer";
    static final String PENDING_MEMORY = "infini.pending.memory";
    static final String PENDING_NORMALIZER = "infini.pending.normalizer";
    static final String BETA = "infini.beta";

    /**
     * Added to every normaliser {@code sigma(q) z} before dividing. With an empty memory (first segment)
     * both numerator and normaliser are 0 and retrieval gives 0 instead of NaN; otherwise the normaliser
     * is a sum of positive terms, each sigma(k).sigma(q) &gt; 0, and 1e-6 is far below float32 resolution
     * of it in practice.
     */
    static final float EPSILON = 1e-6f;

    private final int segment;
    private final MemoryUpdate update;
    private final float betaInit;

    InfiniAttention(int segment, MemoryUpdate update, float betaInit) {
        this.segment = segment;
        this.update = update;
        this.betaInit = betaInit;
    }

    @Override
    public int segmentLength() {
        return segment;
    }

    /** The per-head gate logit: {@code sigmoid(beta)} is the weight of memory retrieval. */
    static ParameterSpec beta(AttentionContext c, float init) {
        return ParameterSpec.trainable(c.name(BETA), ParameterSpec.Initializer.constant(init), c.heads());
    }

    @Override
    public AttentionResult attend(TensorOps ops, AttentionInputs in) {
        AttentionContext c = in.context();
        KvCache seg = KvCache.load(ops, c).plus(ops, in);
        Tensor local = localAttention(ops, in, seg);

        Dim kvHeads = Dim.of(c.kvHeads());
        Dim d = Dim.of(c.headDim());
        Tensor memory = ops.stateInput(c.name(MEMORY), DType.FLOAT32, Dim.BATCH, kvHeads, d, d);
        Tensor normalizer = ops.stateInput(c.name(NORMALIZER), DType.FLOAT32, Dim.BATCH, kvHeads, d);
        Tensor pendingMemory = ops.stateInput(c.name(PENDING_MEMORY), DType.FLOAT32, Dim.BATCH, kvHeads, d, d);
        Tensor pendingNormalizer = ops.stateInput(c.name(PENDING_NORMALIZER), DType.FLOAT32, Dim.BATCH, kvHeads, d);

        Tensor retrieved = retrieve(ops, c, sigma(ops, in.query()), memory, normalizer);
        Tensor gate = ops.sigmoid(ops.reshape(ops.parameter(beta(c, betaInit)), 1, c.heads(), 1, 1));
        Tensor output = ops.add(ops.mul(gate, retrieved), ops.mul(ops.sub(ops.scalar(1f), gate), local));

        // this run's tokens' share of the segment's memory update, against the memory before the segment
        Tensor sigmaK = sigma(ops, in.key());
        Tensor written = update == MemoryUpdate.LINEAR ? in.value()
                : ops.sub(in.value(), ops.div(ops.matmul(sigmaK, memory),
                        ops.add(ops.matmul(sigmaK, ops.unsqueeze(normalizer, 3)), ops.scalar(EPSILON))));
        Tensor runMemory = ops.add(pendingMemory, ops.matmul(ops.transpose(sigmaK, 0, 1, 3, 2), written));
        Tensor runNormalizer = ops.add(pendingNormalizer, ops.reduceSum(sigmaK, false, 2));

        Tensor ends = endsSegment(ops, in.positions());
        Tensor zero = ops.scalar(0f);
        ops.stateOutput(c.name(MEMORY), ops.where(ends, ops.add(memory, runMemory), memory));
        ops.stateOutput(c.name(NORMALIZER), ops.where(ends, ops.add(normalizer, runNormalizer), normalizer));
        ops.stateOutput(c.name(PENDING_MEMORY), ops.where(ends, zero, runMemory));
        ops.stateOutput(c.name(PENDING_NORMALIZER), ops.where(ends, zero, runNormalizer));
        // the segment's cache empties when the segment is complete: keep entries from 0 or from its length
        Tensor keepFrom = ops.mul(ops.cast(ends, DType.INT64), ops.dim(seg.positions(), 0));
        Tensor end = ops.constantLongs(new long[] {Long.MAX_VALUE}, 1);
        new KvCache(ops.slice(seg.keys(), 2, keepFrom, end), ops.slice(seg.values(), 2, keepFrom, end),
                ops.slice(seg.positions(), 0, keepFrom, end)).store(ops, c);
        // memory retrieval has no per-key probabilities to report
        return AttentionResult.of(output);
    }

    /** Causal softmax attention over the current segment's keys (cached ones and this run's): A_dot. */
    private static Tensor localAttention(TensorOps ops, AttentionInputs in, KvCache seg) {
        AttentionContext c = in.context();
        Tensor mask = AttentionMath.causalMask(ops, in.positions(), seg.positions());
        return ops.attention(in.query(), AttentionMath.repeatKv(ops, seg.keys(), c),
                AttentionMath.repeatKv(ops, seg.values(), c), mask, in.scale());
    }

    /** A_mem = sigma(Q) M / (sigma(Q) z + eps), with the memory of each kv head shared by its query heads. */
    private static Tensor retrieve(TensorOps ops, AttentionContext c, Tensor sigmaQ, Tensor memory, Tensor normalizer) {
        Tensor m = AttentionMath.repeatKv(ops, memory, c);
        Tensor z = AttentionMath.repeatKv(ops, ops.unsqueeze(normalizer, 3), withHeadDim(c, 1));
        return ops.div(ops.matmul(sigmaQ, m), ops.add(ops.matmul(sigmaQ, z), ops.scalar(EPSILON)));
    }

    /** The same heads with another last dimension, for repeating {@code [B, Hkv, D, 1]} tensors. */
    private static AttentionContext withHeadDim(AttentionContext c, int headDim) {
        return new AttentionContext(c.layer(), c.layerCount(), c.heads(), c.kvHeads(), headDim, c.maxContext());
    }

    /** sigma = ELU + 1, positive everywhere, the feature map of the memory. */
    private static Tensor sigma(TensorOps ops, Tensor x) {
        return ops.add(ops.elu(x), ops.scalar(1f));
    }

    /** Boolean {@code [1]}: whether the run's last position is the last of a segment. */
    private Tensor endsSegment(TensorOps ops, Tensor positions) {
        Tensor next = ops.add(ops.slice(positions, 0, -1, Long.MAX_VALUE), ops.scalarLong(1));
        Tensor length = ops.scalarLong(segment);
        return ops.equal(ops.mul(ops.div(next, length), length), next);
    }
}
