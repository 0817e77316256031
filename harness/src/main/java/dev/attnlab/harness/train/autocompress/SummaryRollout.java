package dev.attnlab.harness.train.autocompress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.lower.djl.DjlOps;
import dev.attnlab.harness.lower.djl.DjlParameters;
import dev.attnlab.harness.model.GraphOptions;
import dev.attnlab.harness.model.ModelDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * One batch of windows run segment by segment on the DJL lowering, the way the compressor runs at
 * inference: segment j reads [carried summaries ; its token embeddings ; the summary tokens] as
 * {@code inputs_embeds} from position 0, and the final hidden states at the summary tokens are its summary
 * vectors. Segments after the first are scored: the next-token loss of their tokens 1..L-1 given the
 * carried summaries and the segment's own earlier tokens (token 0 is left out so that the same tokens
 * are scored with no context and with the full context).
 */
final class SummaryRollout {

    /**
     * Sums over the scored tokens (live arrays), how many tokens were scored, and per scored segment the
     * logits {@code [batch, len - 1, vocab]} whose row i predicts the segment's token i + 1.
     */
    record Scored(NDArray crossEntropySum, NDArray klSum, long tokens, List<NDArray> segmentLogits) {
    }

    private static final GraphOptions GRAPH = new GraphOptions(true, false, true);

    private final ModelDefinition model;
    private final List<LayerAttention> layers;
    private final DjlParameters parameters;
    private final List<DjlOps> passes = new ArrayList<>();

    SummaryRollout(ModelDefinition model, List<LayerAttention> layers, DjlParameters parameters) {
        this.model = model;
        this.layers = layers;
        this.parameters = parameters;
    }

    /**
     * Rolls {@code windows} ({@code [batch, length]} flattened) through {@code lengths}.
     *
     * @param summaryTokens the summary-token embeddings {@code [kappa, dim]} (trainable or not)
     * @param fullLogits    the full-context model's logits {@code [batch, length, vocab]} for the KL term, or null
     */
    Scored run(NDManager m, int[] windows, int batch, int length, int[] lengths, NDArray summaryTokens,
               boolean accumulate, boolean stopGradient, NDArray fullLogits) {
        return run(m, windows, batch, length, lengths, summaryTokens, accumulate, stopGradient, fullLogits, false);
    }

    /**
     * As above; with {@code otherWindows} every window reads the summaries made from the window before it
     * in the batch (a control: summaries of unrelated text, same count and statistics).
     */
    Scored run(NDManager m, int[] windows, int batch, int length, int[] lengths, NDArray summaryTokens,
               boolean accumulate, boolean stopGradient, NDArray fullLogits, boolean otherWindows) {
        int kappa = (int) summaryTokens.getShape().get(0);
        NDList copies = new NDList();
        for (int b = 0; b < batch; b++) {
            copies.add(summaryTokens.expandDims(0));
        }
        NDArray summaryBatch = NDArrays.concat(copies, 0);
        NDArray carried = null;
        NDArray ce = m.zeros(new Shape());
        NDArray kl = m.zeros(new Shape());
        long scored = 0;
        List<NDArray> segmentLogits = new ArrayList<>();
        int start = 0;
        for (int j = 0; j < lengths.length; j++) {
            int len = lengths[j];
            int prompt = carried == null ? 0 : (int) carried.getShape().get(1);
            NDArray segment = embeddings(m, windows, batch, length, start, len);
            NDList parts = new NDList();
            if (carried != null) {
                parts.add(carried);
            }
            parts.add(segment);
            parts.add(summaryBatch);
            DjlOps ops = forward(m, NDArrays.concat(parts, 1), batch);
            if (carried != null) {
                NDArray logits = ops.output("logits").get(":, " + prompt + ":" + (prompt + len - 1) + ", :");
                segmentLogits.add(logits);
                ce = ce.add(crossEntropySum(logits, windows, batch, length, start + 1, len - 1));
                if (fullLogits != null) {
                    kl = kl.add(klSum(fullLogits.get(":, " + start + ":" + (start + len - 1) + ", :"), logits));
                }
                scored += (long) batch * (len - 1);
            }
            int end = prompt + len + kappa;
            NDArray fresh = ops.output("hidden_states").get(":, " + (prompt + len) + ":" + end + ", :");
            if (accumulate && carried != null) {
                carried = NDArrays.concat(new NDList(stopGradient ? carried.stopGradient() : carried, fresh), 1);
            } else {
                carried = fresh;
            }
            if (otherWindows && batch > 1) {
                NDArray last = carried.get((batch - 1) + ":");
                carried = NDArrays.concat(new NDList(last, carried.get(":" + (batch - 1))), 0);
            }
            start += len;
        }
        return new Scored(ce, kl, scored, segmentLogits);
    }

    /** Logits {@code [batch, n, vocab]} of one pass over {@code embeddings} with no earlier state. */
    NDArray logits(NDManager m, NDArray embeddings, int batch) {
        return forward(m, embeddings, batch).output("logits");
    }

    /** The token embeddings {@code [batch, len, dim]} of tokens {@code start..start+len-1} of every window. */
    NDArray embeddings(NDManager m, int[] windows, int batch, int length, int start, int len) {
        int[] tokens = new int[batch * len];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(windows, b * length + start, tokens, b * len, len);
        }
        FloatTensor rows = model.embed(tokens);
        return m.create(rows.data(), new Shape(batch, len, rows.dim(1)));
    }

    /** Sum of -log p(target) for logits {@code [batch, n, vocab]} against tokens {@code from..from+n-1}. */
    static NDArray crossEntropySum(NDArray logits, int[] windows, int batch, int length, int from, int n) {
        long[] targets = new long[batch * n];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                targets[b * n + i] = windows[b * length + from + i];
            }
        }
        NDArray index = logits.getManager().create(targets, new Shape(batch, n, 1));
        return logits.logSoftmax(-1).gather(index, 2).neg().sum();
    }

    /** Sum over positions of KL(P || Q); P (the reference) is not differentiated. */
    static NDArray klSum(NDArray referenceLogits, NDArray logits) {
        NDArray logP = referenceLogits.stopGradient().logSoftmax(-1);
        NDArray logQ = logits.logSoftmax(-1);
        return logP.exp().mul(logP.sub(logQ)).sum();
    }

    private DjlOps forward(NDManager m, NDArray embeddings, int batch) {
        int n = (int) embeddings.getShape().get(1);
        long[] positions = new long[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
        }
        DjlOps ops = new DjlOps(m, parameters);
        ops.batch(batch).feed("inputs_embeds", embeddings).feedLongs("positions", positions, n);
        model.build(ops, layers, GRAPH);
        passes.add(ops);
        return ops;
    }

    /** Frees the passes' arrays (after the backward pass). */
    void close() {
        passes.forEach(DjlOps::close);
        passes.clear();
    }
}
