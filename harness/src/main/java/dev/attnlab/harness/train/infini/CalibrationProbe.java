package dev.attnlab.harness.train.infini;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.AttentionMath;
import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.attention.KvCache;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.attention.SegmentedAttention;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Dim;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.HostOp;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A gated layer wrapped for calibration: besides its real output it computes, on the same queries, keys,
 * values and state, the layer's two branches (A_mem with the gate fully open, A_dot with it closed; see
 * {@link GateProbeOps}) and full causal attention over every key of the window so far (A_full, from its
 * own KV cache kept as state under {@code layers.<n>.attn.calibration.*}), reduces them to the per-head
 * sums of the least-squares fit and hands those to {@link GateStatistics} through a host op. It returns
 * the layer's real output, so the layers above see what the method computes.
 */
final class CalibrationProbe implements SegmentedAttention {

    private static final String KEYS = "calibration.keys";
    private static final String VALUES = "calibration.values";
    private static final String POSITIONS = "calibration.positions";

    /** A gate logit whose sigmoid rounds to exactly 1 (and its negation to exactly 0) in float32. */
    static final float OPEN = 1e4f;

    private final LayerAttention layer;
    private final String gate;
    private final GateStatistics statistics;

    /**
     * @param layer      the layer under calibration
     * @param gate       the full name of its gate-logit parameter, e.g. {@code layers.2.attn.infini.beta}
     * @param statistics receives the sums of every run
     */
    CalibrationProbe(LayerAttention layer, String gate, GateStatistics statistics) {
        this.layer = layer;
        this.gate = gate;
        this.statistics = statistics;
    }

    @Override
    public int segmentLength() {
        return layer instanceof SegmentedAttention s ? s.segmentLength() : Integer.MAX_VALUE;
    }

    @Override
    public AttentionResult attend(TensorOps ops, AttentionInputs in) {
        Map<String, Tensor> state = new HashMap<>();
        Tensor memory = layer.attend(GateProbeOps.probe(ops, state, gate, OPEN), in).output();
        Tensor local = layer.attend(GateProbeOps.probe(ops, state, gate, -OPEN), in).output();
        Tensor full = fullAttention(ops, in);
        Tensor diff = ops.sub(memory, local);
        Tensor cross = ops.reduceSum(ops.mul(ops.sub(full, local), diff), false, 0, 2, 3);
        Tensor squared = ops.reduceSum(ops.mul(diff, diff), false, 0, 2, 3);
        ops.host(new Accumulate(), List.of(cross, squared));
        return layer.attend(GateProbeOps.real(ops, state), in);
    }

    private static Tensor fullAttention(TensorOps ops, AttentionInputs in) {
        AttentionContext c = in.context();
        Dim past = Dim.symbol("calibration_past_" + c.layer());
        Dim kvHeads = Dim.of(c.kvHeads());
        Dim d = Dim.of(c.headDim());
        KvCache all = new KvCache(ops.stateInput(c.name(KEYS), DType.FLOAT32, Dim.BATCH, kvHeads, past, d),
                ops.stateInput(c.name(VALUES), DType.FLOAT32, Dim.BATCH, kvHeads, past, d),
                ops.stateInput(c.name(POSITIONS), DType.INT64, past)).plus(ops, in);
        ops.stateOutput(c.name(KEYS), all.keys());
        ops.stateOutput(c.name(VALUES), all.values());
        ops.stateOutput(c.name(POSITIONS), all.positions());
        return ops.attention(in.query(), AttentionMath.repeatKv(ops, all.keys(), c),
                AttentionMath.repeatKv(ops, all.values(), c),
                AttentionMath.causalMask(ops, in.positions(), all.positions()), in.scale());
    }

    /** Moves one run's per-head sums into the statistics; it has no outputs. */
    private final class Accumulate implements HostOp {
        @Override
        public String name() {
            return "infini-calibration." + gate;
        }

        @Override
        public List<Integer> outputRanks() {
            return List.of();
        }

        @Override
        public List<FloatTensor> compute(List<FloatTensor> inputs) {
            statistics.add(inputs.get(0).data(), inputs.get(1).data());
            return List.of();
        }
    }
}
