package dev.attnlab.harness.train.infini;

import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Dim;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.HostOp;
import dev.attnlab.api.tensor.ParameterSpec;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;
import dev.attnlab.api.tensor.TopK;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The ops of a forward pass as seen by one of several calls of the same layer on the same inputs: every
 * operation goes to the real ops, but state inputs are declared once and shared by all the calls (a
 * lowering may refuse a second declaration), and a probe call answers one named parameter (the gate) with
 * a constant and drops its state outputs. Calling the plugin's layer once with the gate logit at +1e4 and
 * once at -1e4 gives its two branches exactly, A_mem and A_dot (sigmoid rounds to exactly 1 and 0 in
 * float32), without this package knowing how the plugin computes them; the real call, with the real gate,
 * records the next state.
 */
final class GateProbeOps implements TensorOps {

    private final TensorOps ops;
    private final Map<String, Tensor> stateInputs;
    private final String gate;
    private final float value;

    private GateProbeOps(TensorOps ops, Map<String, Tensor> stateInputs, String gate, float value) {
        this.ops = ops;
        this.stateInputs = stateInputs;
        this.gate = gate;
        this.value = value;
    }

    /** A probe call: parameter {@code gate} is the constant {@code value}; state is read, not written. */
    static GateProbeOps probe(TensorOps ops, Map<String, Tensor> stateInputs, String gate, float value) {
        return new GateProbeOps(ops, stateInputs, gate, value);
    }

    /** The real call: only the sharing of state inputs differs from {@code ops}. */
    static GateProbeOps real(TensorOps ops, Map<String, Tensor> stateInputs) {
        return new GateProbeOps(ops, stateInputs, null, 0f);
    }

    @Override
    public Tensor stateInput(String name, DType dtype, Dim... dims) {
        return stateInputs.computeIfAbsent(name, n -> ops.stateInput(n, dtype, dims));
    }

    @Override
    public Tensor parameter(ParameterSpec spec) {
        if (gate == null || !spec.name().equals(gate)) {
            return ops.parameter(spec);
        }
        float[] values = new float[Math.toIntExact(FloatTensor.size(spec.shape()))];
        Arrays.fill(values, value);
        return ops.constant(new FloatTensor(spec.shape(), values));
    }

    @Override
    public void stateOutput(String name, Tensor next) {
        // a probe reads the state the real call also reads; only the real call writes the next state
        if (gate == null) {
            ops.stateOutput(name, next);
        }
    }

    @Override
    public void output(String name, Tensor output) {
        if (gate == null) {
            ops.output(name, output);
        }
    }

    @Override public Tensor input(String name, DType dtype, Dim... dims) { return ops.input(name, dtype, dims); }
    @Override public boolean wantsAttentionProbabilities() { return gate == null && ops.wantsAttentionProbabilities(); }
    @Override public boolean isTraining() { return ops.isTraining(); }
    @Override public Tensor constant(FloatTensor v) { return ops.constant(v); }
    @Override public Tensor constantLongs(long[] values, long... shape) { return ops.constantLongs(values, shape); }
    @Override public Tensor add(Tensor a, Tensor b) { return ops.add(a, b); }
    @Override public Tensor sub(Tensor a, Tensor b) { return ops.sub(a, b); }
    @Override public Tensor mul(Tensor a, Tensor b) { return ops.mul(a, b); }
    @Override public Tensor div(Tensor a, Tensor b) { return ops.div(a, b); }
    @Override public Tensor pow(Tensor a, Tensor e) { return ops.pow(a, e); }
    @Override public Tensor max(Tensor a, Tensor b) { return ops.max(a, b); }
    @Override public Tensor min(Tensor a, Tensor b) { return ops.min(a, b); }
    @Override public Tensor neg(Tensor x) { return ops.neg(x); }
    @Override public Tensor exp(Tensor x) { return ops.exp(x); }
    @Override public Tensor log(Tensor x) { return ops.log(x); }
    @Override public Tensor sqrt(Tensor x) { return ops.sqrt(x); }
    @Override public Tensor tanh(Tensor x) { return ops.tanh(x); }
    @Override public Tensor sigmoid(Tensor x) { return ops.sigmoid(x); }
    @Override public Tensor relu(Tensor x) { return ops.relu(x); }
    @Override public Tensor erf(Tensor x) { return ops.erf(x); }
    @Override public Tensor abs(Tensor x) { return ops.abs(x); }
    @Override public Tensor cos(Tensor x) { return ops.cos(x); }
    @Override public Tensor sin(Tensor x) { return ops.sin(x); }
    @Override public Tensor reciprocal(Tensor x) { return ops.reciprocal(x); }
    @Override public Tensor elu(Tensor x) { return ops.elu(x); }
    @Override public Tensor silu(Tensor x) { return ops.silu(x); }
    @Override public Tensor gelu(Tensor x) { return ops.gelu(x); }
    @Override public Tensor less(Tensor a, Tensor b) { return ops.less(a, b); }
    @Override public Tensor lessOrEqual(Tensor a, Tensor b) { return ops.lessOrEqual(a, b); }
    @Override public Tensor greater(Tensor a, Tensor b) { return ops.greater(a, b); }
    @Override public Tensor equal(Tensor a, Tensor b) { return ops.equal(a, b); }
    @Override public Tensor and(Tensor a, Tensor b) { return ops.and(a, b); }
    @Override public Tensor not(Tensor x) { return ops.not(x); }
    @Override public Tensor where(Tensor c, Tensor a, Tensor b) { return ops.where(c, a, b); }
    @Override public Tensor cast(Tensor x, DType to) { return ops.cast(x, to); }
    @Override public Tensor reduceSum(Tensor x, boolean keep, int... axes) { return ops.reduceSum(x, keep, axes); }
    @Override public Tensor reduceMean(Tensor x, boolean keep, int... axes) { return ops.reduceMean(x, keep, axes); }
    @Override public Tensor reduceMax(Tensor x, boolean keep, int... axes) { return ops.reduceMax(x, keep, axes); }
    @Override public Tensor softmax(Tensor x, int axis) { return ops.softmax(x, axis); }
    @Override public Tensor matmul(Tensor a, Tensor b) { return ops.matmul(a, b); }
    @Override public Tensor reshape(Tensor x, long... shape) { return ops.reshape(x, shape); }
    @Override public Tensor reshape(Tensor x, Tensor shape) { return ops.reshape(x, shape); }
    @Override public Tensor transpose(Tensor x, int... perm) { return ops.transpose(x, perm); }
    @Override public Tensor concat(int axis, List<Tensor> parts) { return ops.concat(axis, parts); }
    @Override public Tensor slice(Tensor x, int axis, long start, long end) { return ops.slice(x, axis, start, end); }
    @Override public Tensor slice(Tensor x, int axis, Tensor start, Tensor end) { return ops.slice(x, axis, start, end); }
    @Override public Tensor unsqueeze(Tensor x, int... axes) { return ops.unsqueeze(x, axes); }
    @Override public Tensor squeeze(Tensor x, int... axes) { return ops.squeeze(x, axes); }
    @Override public Tensor shape(Tensor x) { return ops.shape(x); }
    @Override public Tensor dim(Tensor x, int axis) { return ops.dim(x, axis); }
    @Override public Tensor range(Tensor start, Tensor limit) { return ops.range(start, limit); }
    @Override public Tensor expand(Tensor x, Tensor shape) { return ops.expand(x, shape); }
    @Override public Tensor gather(Tensor x, Tensor idx, int axis) { return ops.gather(x, idx, axis); }
    @Override public Tensor gatherElements(Tensor x, Tensor idx, int axis) { return ops.gatherElements(x, idx, axis); }
    @Override public Tensor scatterElements(Tensor x, Tensor idx, Tensor u, int axis) {
        return ops.scatterElements(x, idx, u, axis);
    }
    @Override public TopK topK(Tensor x, long k, int axis) { return ops.topK(x, k, axis); }
    @Override public TopK topK(Tensor x, Tensor k, int axis) { return ops.topK(x, k, axis); }
    @Override public Tensor attention(Tensor q, Tensor k, Tensor v, Tensor mask, float scale) {
        return ops.attention(q, k, v, mask, scale);
    }
    @Override public Tensor attentionProbabilities(Tensor q, Tensor k, Tensor mask, float scale) {
        return ops.attentionProbabilities(q, k, mask, scale);
    }
    @Override public List<Tensor> host(HostOp op, List<Tensor> inputs) { return ops.host(op, inputs); }
}
