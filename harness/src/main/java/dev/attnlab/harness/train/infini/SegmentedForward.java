package dev.attnlab.harness.train.infini;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.attention.SegmentedAttention;
import dev.attnlab.harness.lower.djl.DjlOps;
import dev.attnlab.harness.lower.djl.DjlParameters;
import dev.attnlab.harness.model.GraphOptions;
import dev.attnlab.harness.model.ModelDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * An eager forward pass over a batch of windows that keeps the segment contract of
 * {@link SegmentedAttention}: the window runs as consecutive runs that end at every multiple of every
 * segmented layer's segment length (and at the window's end), each run fed the state outputs of the one
 * before. Gradients flow through the carried state (the compressive memory, the segment's KV cache) back
 * into earlier runs unless {@code truncate} cuts them at run boundaries.
 *
 * <p>Layers that are not segmented impose no boundaries; with none at all the window is one run, the same
 * pass the plain distillation trainer makes. The passes' arrays stay alive until {@link #close()}, so call
 * it after the backward pass.
 */
final class SegmentedForward implements AutoCloseable {

    private final ModelDefinition model;
    private final List<LayerAttention> layers;
    private final DjlParameters parameters;
    private final boolean truncate;
    private final List<DjlOps> passes = new ArrayList<>();

    SegmentedForward(ModelDefinition model, List<LayerAttention> layers, DjlParameters parameters, boolean truncate) {
        this.model = model;
        this.layers = layers;
        this.parameters = parameters;
        this.truncate = truncate;
    }

    /**
     * Where runs over a window of {@code length} tokens starting at position 0 end (exclusive ends, increasing,
     * the last one {@code length}).
     */
    static int[] runEnds(int length, List<? extends LayerAttention> layers) {
        TreeSet<Integer> ends = new TreeSet<>();
        ends.add(length);
        for (LayerAttention layer : layers) {
            if (layer instanceof SegmentedAttention s) {
                int segment = s.segmentLength();
                if (segment < 1) {
                    throw new IllegalArgumentException("segmented layer " + layer + " reports segment length "
                            + segment + "; it must be at least 1");
                }
                for (int end = segment; end < length; end += segment) {
                    ends.add(end);
                }
            }
        }
        return ends.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Runs the model over {@code windows} ({@code [batch, length]} row-major) from an empty state.
     *
     * @return the logits {@code [batch, length, vocab]}, part of the autograd graph
     */
    NDArray logits(NDManager manager, long[] windows, int batch, int length) {
        if (windows.length != (long) batch * length) {
            throw new IllegalArgumentException("expected " + batch + " x " + length + " token ids, got " + windows.length);
        }
        NDList parts = new NDList();
        DjlOps previous = null;
        int start = 0;
        for (int end : runEnds(length, layers)) {
            int n = end - start;
            long[] ids = new long[batch * n];
            long[] positions = new long[n];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(windows, b * length + start, ids, b * n, n);
            }
            for (int i = 0; i < n; i++) {
                positions[i] = start + i;
            }
            DjlOps ops = new DjlOps(manager, parameters);
            passes.add(ops);
            if (previous != null) {
                previous.stateOutputs().forEach((name, value) -> ops.feedState(name, truncate ? value.stopGradient() : value));
            }
            ops.batch(batch).feedLongs("input_ids", ids, batch, n).feedLongs("positions", positions, n);
            model.build(ops, layers, GraphOptions.LOGITS_ONLY);
            parts.add(ops.output("logits"));
            previous = ops;
            start = end;
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1);
    }

    @Override
    public void close() {
        passes.forEach(DjlOps::close);
        passes.clear();
    }
}
