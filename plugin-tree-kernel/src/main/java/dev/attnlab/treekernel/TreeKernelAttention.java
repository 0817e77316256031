package dev.attnlab.treekernel;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.AttentionMath;
import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.attention.KvCache;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;
import dev.attnlab.treekernel.tree.TraversalOptions;
import dev.attnlab.treekernel.tree.TraversalStats;
import java.io.PrintStream;
import java.util.List;

/**
 * One layer of tree-kernel attention: keeps the full KV cache as state and computes the core in a
 * {@link TreeKernelOp}. Attention probabilities are not exposed (the result's probabilities are null).
 *
 * <p>{@link #statistics()} counts, over every run of this layer, the score computations done against
 * those full attention would have done; a caller that wants them keeps a reference to this object
 * (e.g. {@code if (layer instanceof TreeKernelAttention t) t.statistics()}).
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class TreeKernelAttention implements LayerAttention {

    private final AttentionContext context;
    private final TraversalOptions options;
    private final TraversalStats stats = new TraversalStats();
    private final PrintStream verbose;

    public TreeKernelAttention(AttentionContext context, TraversalOptions options, PrintStream verbose) {
        this.context = context;
        this.options = options;
        this.verbose = verbose;
    }

    @Override
    public AttentionResult attend(TensorOps ops, AttentionInputs in) {
        KvCache all = KvCache.append(ops, in);
        Tensor keys = AttentionMath.repeatKv(ops, all.keys(), context);
        Tensor values = AttentionMath.repeatKv(ops, all.values(), context);
        Tensor queryPositions = ops.cast(in.positions(), DType.FLOAT32);
        Tensor keyPositions = ops.cast(all.positions(), DType.FLOAT32);
        TreeKernelOp op = new TreeKernelOp(context.layer(), context.heads(), context.headDim(), in.scale(), options,
                stats, verbose);
        List<Tensor> out = ops.host(op, List.of(in.query(), keys, values, queryPositions, keyPositions));
        return AttentionResult.of(out.get(0));
    }

    /** The work counters of this layer, accumulated over all its runs. */
    public TraversalStats statistics() {
        return stats;
    }

    public TraversalOptions options() {
        return options;
    }
}
