package dev.attnlab.harness.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.harness.lower.djl.DjlOps;
import dev.attnlab.harness.lower.djl.DjlParameters;
import dev.attnlab.harness.model.GraphOptions;
import dev.attnlab.harness.model.ModelDefinition;
import java.util.List;

/** One eager forward pass of a model over a batch of windows on the DJL lowering. */
final class ForwardPass {

    private ForwardPass() {
    }

    /**
     * Runs the model over {@code windows} ({@code [batch, length]} flattened) from an empty state.
     * The returned ops own the arrays; close them after the backward pass.
     */
    static DjlOps run(NDManager manager, DjlParameters parameters, ModelDefinition model, List<LayerAttention> layers,
                      long[] windows, int batch, int length, boolean attention) {
        DjlOps ops = new DjlOps(manager, parameters);
        long[] positions = new long[length];
        for (int i = 0; i < length; i++) {
            positions[i] = i;
        }
        ops.batch(batch).withAttentionProbabilities(attention)
                .feedLongs("input_ids", windows, batch, length)
                .feedLongs("positions", positions, length);
        model.build(ops, layers, new GraphOptions(false, attention, false));
        return ops;
    }

    /** Mean over positions of KL(P || Q) from logits {@code [batch, length, vocab]}; P is not differentiated. */
    static NDArray klDivergence(NDArray referenceLogits, NDArray methodLogits) {
        NDArray logP = referenceLogits.stopGradient().logSoftmax(-1);
        NDArray logQ = methodLogits.logSoftmax(-1);
        return logP.exp().mul(logP.sub(logQ)).sum(new int[] {-1}).mean();
    }

    /** Mean next-token cross-entropy of logits {@code [batch, length, vocab]} against the windows shifted by one. */
    static NDArray nextTokenLoss(NDArray logits, long[] windows, int batch, int length) {
        NDManager m = logits.getManager();
        long[] targets = new long[batch * (length - 1)];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(windows, b * length + 1, targets, b * (length - 1), length - 1);
        }
        NDArray logQ = logits.get(":, :-1, :").logSoftmax(-1);
        NDArray index = m.create(targets, new ai.djl.ndarray.types.Shape(batch, length - 1, 1));
        return logQ.gather(index, 2).neg().mean();
    }
}
