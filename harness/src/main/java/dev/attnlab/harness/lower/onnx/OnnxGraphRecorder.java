package dev.attnlab.harness.lower.onnx;

import ai.onnx.proto.OnnxMl;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Dim;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.HostOp;
import dev.attnlab.api.tensor.ParameterSpec;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;
import dev.attnlab.api.tensor.TopK;
import dev.attnlab.harness.model.WeightStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records {@link TensorOps} calls as an ONNX graph (opset {@value #OPSET}, standard domain only).
 *
 * <p>Weights become initializers, read from a {@link WeightStore}; a trainable parameter absent from the
 * store starts from its initializer, a frozen one absent from the store is an error. {@link #stateInput}
 * becomes graph input {@code state_in.<name>} and {@link #stateOutput} graph output {@code state_out.<name>}.
 *
 * <p>Each {@link #host} call cuts the graph: the nodes recorded so far form one segment, the host op runs
 * after it, and later nodes go to the next segment. A value made in one step and used in a later one is
 * made an output of the earlier segment and an input of the later one automatically, so model code never
 * sees the cut. Call {@link #finish()} once, after the model is recorded.
 *
 * <p>The fused {@link #attention} stays the default composition (MatMul, Mul, Where, Softmax, MatMul): ORT's
 * fused CPU op com.microsoft.MultiHeadAttention gave identical values but was not faster (0.96x to 3.6x the
 * time; measurement in docs/export-contract.md).
 */
public final class OnnxGraphRecorder implements TensorOps {

    /** The standard ONNX opset the recorded graphs import. */
    public static final int OPSET = 17;
    static final long IR_VERSION = 8;
    /** Written as the producer version of recorded models and part of export cache keys. */
    public static final String ATTNLAB_VERSION = "0.1.0";

    private final WeightStore weights;
    private final boolean attentionProbabilities;
    private final List<SegmentBuilder> segments = new ArrayList<>();
    private final List<ProgramStep.Host> hostSteps = new ArrayList<>();
    private final Map<String, GraphValue> parameters = new HashMap<>();
    private final Map<String, OnnxMl.TensorProto> constants = new HashMap<>();
    private final Map<String, InputSpec> inputs = new LinkedHashMap<>();
    private final Map<String, StateSpec> states = new LinkedHashMap<>();
    private final Map<String, Boolean> stateWritten = new LinkedHashMap<>();
    private final List<String> outputs = new ArrayList<>();
    private SegmentBuilder current;
    private int counter;
    private boolean finished;

    /**
     * @param weights                where {@link #parameter} finds weights
     * @param attentionProbabilities what {@link #wantsAttentionProbabilities()} answers
     */
    public OnnxGraphRecorder(WeightStore weights, boolean attentionProbabilities) {
        this.weights = Objects.requireNonNull(weights, "weights");
        this.attentionProbabilities = attentionProbabilities;
        this.current = new SegmentBuilder(0);
        segments.add(current);
    }

    /** Ends recording; returns the segments and host ops in execution order. */
    public RecordedProgram finish() {
        checkOpen();
        finished = true;
        for (Map.Entry<String, Boolean> e : stateWritten.entrySet()) {
            if (!e.getValue()) {
                throw new IllegalStateException("state '" + e.getKey() + "' is read with stateInput but never "
                        + "written with stateOutput; every state input needs exactly one state output");
            }
        }
        List<ProgramStep> steps = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).producesSomething()) {
                steps.add(segments.get(i).build());
            }
            if (i < hostSteps.size()) {
                steps.add(hostSteps.get(i));
            }
        }
        return new RecordedProgram(steps, List.copyOf(inputs.values()), List.copyOf(states.values()), outputs);
    }

    // ---- graph boundary -------------------------------------------------------------------------

    @Override
    public Tensor input(String name, DType dtype, Dim... dims) {
        checkOpen();
        if (inputs.containsKey(name) || name.startsWith(StateSpec.INPUT_PREFIX)) {
            throw new IllegalArgumentException("graph input '" + name + "' declared twice or uses the reserved prefix "
                    + StateSpec.INPUT_PREFIX);
        }
        InputSpec spec = new InputSpec(name, dtype, List.of(dims));
        inputs.put(name, spec);
        return new GraphValue(name, dtype, declaredDims(dims), GraphValue.OUTSIDE, this);
    }

    @Override
    public void output(String name, Tensor value) {
        checkOpen();
        if (outputs.contains(name)) {
            throw new IllegalArgumentException("graph output '" + name + "' declared twice");
        }
        exposeAs(name, value);
        outputs.add(name);
    }

    @Override
    public Tensor stateInput(String name, DType dtype, Dim... dims) {
        checkOpen();
        if (states.containsKey(name)) {
            throw new IllegalArgumentException("state '" + name + "' read twice; read it once and reuse the tensor");
        }
        StateSpec spec = new StateSpec(name, new InputSpec(StateSpec.INPUT_PREFIX + name, dtype, List.of(dims)));
        states.put(name, spec);
        stateWritten.put(name, false);
        return new GraphValue(spec.inputName(), dtype, declaredDims(dims), GraphValue.OUTSIDE, this);
    }

    @Override
    public void stateOutput(String name, Tensor value) {
        checkOpen();
        StateSpec spec = states.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("stateOutput('" + name + "') without a stateInput of that name; "
                    + "known states: " + states.keySet());
        }
        if (stateWritten.put(name, true)) {
            throw new IllegalArgumentException("state '" + name + "' written twice");
        }
        GraphValue v = value(value);
        if (v.dtype() != spec.input().dtype() || v.rank() != spec.input().dims().size()) {
            throw new IllegalArgumentException("state '" + name + "' is read as " + spec.input().dtype() + " rank "
                    + spec.input().dims().size() + " but written as " + v.dtype() + " rank " + v.rank());
        }
        exposeAs(spec.outputName(), v);
    }

    @Override
    public Tensor parameter(ParameterSpec spec) {
        checkOpen();
        GraphValue known = parameters.get(spec.name());
        if (known != null) {
            if (!Arrays.equals(known.dims(), spec.shape())) {
                throw new IllegalArgumentException("parameter '" + spec.name() + "' asked for with shape "
                        + Arrays.toString(spec.shape()) + " and earlier with " + Arrays.toString(known.dims()));
            }
            return known;
        }
        float[] data = weights.get(spec.name()).map(t -> {
            if (!Arrays.equals(t.shape(), spec.shape())) {
                throw new IllegalArgumentException("weight '" + spec.name() + "' in " + weights.source() + " has shape "
                        + Arrays.toString(t.shape()) + " but the model expects " + Arrays.toString(spec.shape()));
            }
            return t.data();
        }).orElseGet(() -> {
            if (spec.initializer() == null) {
                throw new IllegalArgumentException("weight '" + spec.name() + "' " + Arrays.toString(spec.shape())
                        + " is missing from " + weights.source() + "; check that the checkpoint matches the model "
                        + "architecture (or that the strategy's trained-parameter file is given)");
            }
            return spec.initializer().values(spec.shape());
        });
        String name = spec.name();
        constants.put(name, OnnxProtos.floats(name, spec.shape(), data));
        GraphValue v = new GraphValue(name, DType.FLOAT32, spec.shape(), GraphValue.CONSTANT, this);
        parameters.put(name, v);
        return v;
    }

    @Override
    public boolean wantsAttentionProbabilities() {
        return attentionProbabilities;
    }

    // ---- constants --------------------------------------------------------------------------------

    @Override
    public Tensor constant(FloatTensor value) {
        checkOpen();
        String name = fresh("const");
        constants.put(name, OnnxProtos.floats(name, value.shape(), value.data()));
        return new GraphValue(name, DType.FLOAT32, value.shape(), GraphValue.CONSTANT, this);
    }

    @Override
    public Tensor constantLongs(long[] values, long... shape) {
        checkOpen();
        if (FloatTensor.size(shape) != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + FloatTensor.size(shape)
                    + " values, got " + values.length);
        }
        String name = fresh("const");
        constants.put(name, OnnxProtos.longs(name, shape, values));
        return new GraphValue(name, DType.INT64, shape.clone(), GraphValue.CONSTANT, this);
    }

    private GraphValue longs(long... values) {
        return (GraphValue) constantLongs(values, values.length);
    }

    // ---- elementwise ------------------------------------------------------------------------------

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return binary(OnnxOp.ADD, a, b);
    }

    @Override
    public Tensor sub(Tensor a, Tensor b) {
        return binary(OnnxOp.SUB, a, b);
    }

    @Override
    public Tensor mul(Tensor a, Tensor b) {
        return binary(OnnxOp.MUL, a, b);
    }

    @Override
    public Tensor div(Tensor a, Tensor b) {
        return binary(OnnxOp.DIV, a, b);
    }

    @Override
    public Tensor pow(Tensor a, Tensor exponent) {
        return binary(OnnxOp.POW, a, exponent);
    }

    @Override
    public Tensor max(Tensor a, Tensor b) {
        return binary(OnnxOp.MAX, a, b);
    }

    @Override
    public Tensor min(Tensor a, Tensor b) {
        return binary(OnnxOp.MIN, a, b);
    }

    @Override
    public Tensor neg(Tensor x) {
        return unary(OnnxOp.NEG, x);
    }

    @Override
    public Tensor exp(Tensor x) {
        return unary(OnnxOp.EXP, x);
    }

    @Override
    public Tensor log(Tensor x) {
        return unary(OnnxOp.LOG, x);
    }

    @Override
    public Tensor sqrt(Tensor x) {
        return unary(OnnxOp.SQRT, x);
    }

    @Override
    public Tensor tanh(Tensor x) {
        return unary(OnnxOp.TANH, x);
    }

    @Override
    public Tensor sigmoid(Tensor x) {
        return unary(OnnxOp.SIGMOID, x);
    }

    @Override
    public Tensor relu(Tensor x) {
        return unary(OnnxOp.RELU, x);
    }

    @Override
    public Tensor erf(Tensor x) {
        return unary(OnnxOp.ERF, x);
    }

    @Override
    public Tensor abs(Tensor x) {
        return unary(OnnxOp.ABS, x);
    }

    @Override
    public Tensor cos(Tensor x) {
        return unary(OnnxOp.COS, x);
    }

    @Override
    public Tensor sin(Tensor x) {
        return unary(OnnxOp.SIN, x);
    }

    @Override
    public Tensor reciprocal(Tensor x) {
        return unary(OnnxOp.RECIPROCAL, x);
    }

    @Override
    public Tensor elu(Tensor x) {
        GraphValue v = value(x);
        return node(OnnxOp.ELU, List.of(v), v.dtype(), v.dims(), OnnxProtos.floatAttr("alpha", 1f));
    }

    // ---- comparison and selection ----------------------------------------------------------------

    @Override
    public Tensor less(Tensor a, Tensor b) {
        return compare(OnnxOp.LESS, a, b);
    }

    @Override
    public Tensor lessOrEqual(Tensor a, Tensor b) {
        return compare(OnnxOp.LESS_OR_EQUAL, a, b);
    }

    @Override
    public Tensor greater(Tensor a, Tensor b) {
        return compare(OnnxOp.GREATER, a, b);
    }

    @Override
    public Tensor equal(Tensor a, Tensor b) {
        return compare(OnnxOp.EQUAL, a, b);
    }

    @Override
    public Tensor and(Tensor a, Tensor b) {
        return compare(OnnxOp.AND, a, b);
    }

    @Override
    public Tensor not(Tensor x) {
        GraphValue v = value(x);
        return node(OnnxOp.NOT, List.of(v), DType.BOOL, v.dims());
    }

    @Override
    public Tensor where(Tensor condition, Tensor a, Tensor b) {
        GraphValue c = value(condition);
        GraphValue va = value(a);
        GraphValue vb = value(b);
        return node(OnnxOp.WHERE, List.of(c, va, vb), va.dtype(), Shapes.broadcast(c.dims(), va.dims(), vb.dims()));
    }

    @Override
    public Tensor cast(Tensor x, DType to) {
        GraphValue v = value(x);
        return node(OnnxOp.CAST, List.of(v), to, v.dims(), OnnxProtos.intAttr("to", OnnxProtos.elemType(to)));
    }

    // ---- reductions and normalisation -----------------------------------------------------------

    @Override
    public Tensor reduceSum(Tensor x, boolean keepDims, int... axes) {
        GraphValue v = value(x);
        // Opset 13+ ReduceSum takes its axes as an input.
        return node(OnnxOp.REDUCE_SUM, List.of(v, longs(toLongs(axes))), v.dtype(), Shapes.reduce(v.dims(), keepDims, axes),
                OnnxProtos.intAttr("keepdims", keepDims ? 1 : 0));
    }

    @Override
    public Tensor reduceMean(Tensor x, boolean keepDims, int... axes) {
        return reduceWithAttribute(OnnxOp.REDUCE_MEAN, x, keepDims, axes);
    }

    @Override
    public Tensor reduceMax(Tensor x, boolean keepDims, int... axes) {
        return reduceWithAttribute(OnnxOp.REDUCE_MAX, x, keepDims, axes);
    }

    private Tensor reduceWithAttribute(OnnxOp op, Tensor x, boolean keepDims, int... axes) {
        GraphValue v = value(x);
        if (axes.length == 0) {
            return node(op, List.of(v), v.dtype(), Shapes.reduce(v.dims(), keepDims, axes),
                    OnnxProtos.intAttr("keepdims", keepDims ? 1 : 0));
        }
        return node(op, List.of(v), v.dtype(), Shapes.reduce(v.dims(), keepDims, axes),
                OnnxProtos.intsAttr("axes", toLongs(axes)), OnnxProtos.intAttr("keepdims", keepDims ? 1 : 0));
    }

    @Override
    public Tensor softmax(Tensor x, int axis) {
        GraphValue v = value(x);
        return node(OnnxOp.SOFTMAX, List.of(v), v.dtype(), v.dims(), OnnxProtos.intAttr("axis", axis));
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        GraphValue va = value(a);
        GraphValue vb = value(b);
        return node(OnnxOp.MATMUL, List.of(va, vb), va.dtype(), Shapes.matmul(va.dims(), vb.dims()));
    }

    // ---- shape ------------------------------------------------------------------------------------

    @Override
    public Tensor reshape(Tensor x, long... shape) {
        GraphValue v = value(x);
        return node(OnnxOp.RESHAPE, List.of(v, longs(shape)), v.dtype(), Shapes.reshape(v.dims(), shape));
    }

    @Override
    public Tensor reshape(Tensor x, Tensor shape) {
        GraphValue v = value(x);
        GraphValue s = value(shape);
        long[] dims = new long[Shapes.staticLength(s, "reshape target shape")];
        Arrays.fill(dims, -1);
        return node(OnnxOp.RESHAPE, List.of(v, s), v.dtype(), dims);
    }

    @Override
    public Tensor transpose(Tensor x, int... permutation) {
        GraphValue v = value(x);
        if (permutation.length != v.rank()) {
            throw new IllegalArgumentException("transpose of rank-" + v.rank() + " tensor needs " + v.rank()
                    + " axes, got " + Arrays.toString(permutation));
        }
        long[] dims = new long[permutation.length];
        for (int i = 0; i < permutation.length; i++) {
            dims[i] = v.dims()[Shapes.axis(permutation[i], v.rank())];
        }
        return node(OnnxOp.TRANSPOSE, List.of(v), v.dtype(), dims, OnnxProtos.intsAttr("perm", toLongs(permutation)));
    }

    @Override
    public Tensor concat(int axis, List<Tensor> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat of nothing");
        }
        List<GraphValue> values = parts.stream().map(this::value).toList();
        GraphValue first = values.get(0);
        int a = Shapes.axis(axis, first.rank());
        long[] dims = first.dims().clone();
        for (GraphValue p : values.subList(1, values.size())) {
            dims[a] = dims[a] < 0 || p.dims()[a] < 0 ? -1 : dims[a] + p.dims()[a];
        }
        return node(OnnxOp.CONCAT, values, first.dtype(), dims, OnnxProtos.intAttr("axis", axis));
    }

    @Override
    public Tensor slice(Tensor x, int axis, long start, long end) {
        GraphValue v = value(x);
        int a = Shapes.axis(axis, v.rank());
        long[] dims = v.dims().clone();
        dims[a] = Shapes.sliceLength(dims[a], start, end);
        return node(OnnxOp.SLICE, List.of(v, longs(start), longs(end), longs(axis)), v.dtype(), dims);
    }

    @Override
    public Tensor slice(Tensor x, int axis, Tensor start, Tensor end) {
        GraphValue v = value(x);
        long[] dims = v.dims().clone();
        dims[Shapes.axis(axis, v.rank())] = -1;
        return node(OnnxOp.SLICE, List.of(v, asVector(start), asVector(end), longs(axis)), v.dtype(), dims);
    }

    @Override
    public Tensor unsqueeze(Tensor x, int... axes) {
        GraphValue v = value(x);
        return node(OnnxOp.UNSQUEEZE, List.of(v, longs(toLongs(axes))), v.dtype(), Shapes.unsqueeze(v.dims(), axes));
    }

    @Override
    public Tensor squeeze(Tensor x, int... axes) {
        GraphValue v = value(x);
        if (axes.length == 0) {
            throw new IllegalArgumentException("squeeze needs explicit axes (the rank must be known when recording)");
        }
        return node(OnnxOp.SQUEEZE, List.of(v, longs(toLongs(axes))), v.dtype(), Shapes.squeeze(v.dims(), axes));
    }

    @Override
    public Tensor shape(Tensor x) {
        GraphValue v = value(x);
        return node(OnnxOp.SHAPE, List.of(v), DType.INT64, new long[] {v.rank()});
    }

    @Override
    public Tensor range(Tensor start, Tensor limit) {
        GraphValue s = asScalar(start);
        GraphValue l = asScalar(limit);
        return node(OnnxOp.RANGE, List.of(s, l, (GraphValue) scalarLong(1)), s.dtype(), new long[] {-1});
    }

    @Override
    public Tensor expand(Tensor x, Tensor shape) {
        GraphValue v = value(x);
        GraphValue s = value(shape);
        long[] dims = new long[Math.max(v.rank(), Shapes.staticLength(s, "expand target shape"))];
        Arrays.fill(dims, -1);
        return node(OnnxOp.EXPAND, List.of(v, s), v.dtype(), dims);
    }

    // ---- indexing ---------------------------------------------------------------------------------

    @Override
    public Tensor gather(Tensor x, Tensor indices, int axis) {
        GraphValue v = value(x);
        GraphValue i = value(indices);
        int a = Shapes.axis(axis, v.rank());
        long[] dims = new long[v.rank() - 1 + i.rank()];
        System.arraycopy(v.dims(), 0, dims, 0, a);
        System.arraycopy(i.dims(), 0, dims, a, i.rank());
        System.arraycopy(v.dims(), a + 1, dims, a + i.rank(), v.rank() - a - 1);
        return node(OnnxOp.GATHER, List.of(v, i), v.dtype(), dims, OnnxProtos.intAttr("axis", axis));
    }

    @Override
    public Tensor gatherElements(Tensor x, Tensor indices, int axis) {
        GraphValue v = value(x);
        GraphValue i = value(indices);
        return node(OnnxOp.GATHER_ELEMENTS, List.of(v, i), v.dtype(), i.dims(), OnnxProtos.intAttr("axis", axis));
    }

    @Override
    public Tensor scatterElements(Tensor x, Tensor indices, Tensor updates, int axis) {
        GraphValue v = value(x);
        return node(OnnxOp.SCATTER_ELEMENTS, List.of(v, value(indices), value(updates)), v.dtype(), v.dims(),
                OnnxProtos.intAttr("axis", axis));
    }

    @Override
    public TopK topK(Tensor x, long k, int axis) {
        GraphValue v = value(x);
        long[] dims = v.dims().clone();
        int a = Shapes.axis(axis, v.rank());
        dims[a] = dims[a] < 0 ? k : Math.min(k, dims[a]);
        return topK(v, longs(k), axis, dims);
    }

    @Override
    public TopK topK(Tensor x, Tensor k, int axis) {
        GraphValue v = value(x);
        long[] dims = v.dims().clone();
        dims[Shapes.axis(axis, v.rank())] = -1;
        return topK(v, asVector(k), axis, dims);
    }

    private TopK topK(GraphValue v, GraphValue k, int axis, long[] dims) {
        List<GraphValue> out = nodeMulti(OnnxOp.TOPK, List.of(v, k), List.of(v.dtype(), DType.INT64),
                List.of(dims, dims), OnnxProtos.intAttr("axis", axis), OnnxProtos.intAttr("largest", 1),
                OnnxProtos.intAttr("sorted", 1));
        return new TopK(out.get(0), out.get(1));
    }

    // ---- plugin-side custom ops -----------------------------------------------------------------

    @Override
    public List<Tensor> host(HostOp op, List<Tensor> hostInputs) {
        checkOpen();
        List<String> names = new ArrayList<>();
        List<DType> types = new ArrayList<>();
        for (Tensor t : hostInputs) {
            GraphValue v = value(t);
            if (v.producer() == GraphValue.CONSTANT) {
                // Constants live inside segments; give the host op a real value to read.
                v = (GraphValue) unary(OnnxOp.IDENTITY, v);
            }
            if (v.producer() >= 0) {
                expose(segments.get(v.producer()), v);
            }
            names.add(v.name());
            types.add(v.dtype());
        }
        List<Tensor> results = new ArrayList<>();
        List<String> outNames = new ArrayList<>();
        String base = sanitize(op.name());
        for (int rank : op.outputRanks()) {
            String name = fresh(base);
            long[] dims = new long[rank];
            Arrays.fill(dims, -1);
            results.add(new GraphValue(name, DType.FLOAT32, dims, GraphValue.OUTSIDE, this));
            outNames.add(name);
        }
        hostSteps.add(new ProgramStep.Host(op, names, types, outNames));
        current = new SegmentBuilder(segments.size());
        segments.add(current);
        return results;
    }

    // ---- recording machinery --------------------------------------------------------------------

    private Tensor unary(OnnxOp op, Tensor x) {
        GraphValue v = value(x);
        return node(op, List.of(v), v.dtype(), v.dims());
    }

    private Tensor binary(OnnxOp op, Tensor a, Tensor b) {
        GraphValue va = value(a);
        GraphValue vb = value(b);
        if (va.dtype() != vb.dtype()) {
            throw new IllegalArgumentException(op.opType() + " of " + va.dtype() + " and " + vb.dtype()
                    + "; cast one side first");
        }
        return node(op, List.of(va, vb), va.dtype(), Shapes.broadcast(va.dims(), vb.dims()));
    }

    private Tensor compare(OnnxOp op, Tensor a, Tensor b) {
        GraphValue va = value(a);
        GraphValue vb = value(b);
        return node(op, List.of(va, vb), DType.BOOL, Shapes.broadcast(va.dims(), vb.dims()));
    }

    private GraphValue node(OnnxOp op, List<GraphValue> in, DType dtype, long[] dims,
                            OnnxMl.AttributeProto... attributes) {
        return nodeMulti(op, in, List.of(dtype), List.of(dims), attributes).get(0);
    }

    private List<GraphValue> nodeMulti(OnnxOp op, List<GraphValue> in, List<DType> dtypes, List<long[]> dims,
                                       OnnxMl.AttributeProto... attributes) {
        checkOpen();
        OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setOpType(op.opType()).setDomain(op.domain())
                .setName(fresh(op.opType()));
        for (GraphValue v : in) {
            node.addInput(use(v));
        }
        List<GraphValue> out = new ArrayList<>();
        for (int i = 0; i < dtypes.size(); i++) {
            GraphValue v = new GraphValue(fresh(op.opType().toLowerCase(java.util.Locale.ROOT)), dtypes.get(i),
                    dims.get(i).clone(), current.index(), this);
            node.addOutput(v.name());
            out.add(v);
        }
        node.addAllAttribute(List.of(attributes));
        current.nodes.add(node.build());
        return out;
    }

    /** Makes {@code v} readable in the current segment; returns its name there. */
    private String use(GraphValue v) {
        if (v.producer() == GraphValue.CONSTANT) {
            current.initializers.computeIfAbsent(v.name(), constants::get);
        } else if (v.producer() != current.index()) {
            if (v.producer() >= 0) {
                expose(segments.get(v.producer()), v);
            }
            current.inputs.computeIfAbsent(v.name(), n -> inputInfo(v));
        }
        return v.name();
    }

    private OnnxMl.ValueInfoProto inputInfo(GraphValue v) {
        InputSpec declared = inputs.get(v.name());
        if (declared == null && v.name().startsWith(StateSpec.INPUT_PREFIX)) {
            declared = states.get(v.name().substring(StateSpec.INPUT_PREFIX.length())).input();
        }
        return declared != null ? OnnxProtos.valueInfo(v.name(), v.dtype(), declared.dims())
                : OnnxProtos.valueInfo(v.name(), v.dtype(), v.rank());
    }

    private static void expose(SegmentBuilder segment, GraphValue v) {
        segment.outputs.computeIfAbsent(v.name(), n -> OnnxProtos.valueInfo(n, v.dtype(), v.rank()));
    }

    /** Publishes {@code value} under {@code name} from the current segment. */
    private void exposeAs(String name, Tensor value) {
        GraphValue v = value(value);
        OnnxMl.NodeProto node = OnnxMl.NodeProto.newBuilder().setOpType(OnnxOp.IDENTITY.opType())
                .setName(fresh("Identity")).addInput(use(v)).addOutput(name).build();
        current.nodes.add(node);
        current.outputs.put(name, OnnxProtos.valueInfo(name, v.dtype(), v.rank()));
    }

    /** A 1-element int64 vector from a scalar or 1-element tensor (Slice and TopK want 1-D). */
    private GraphValue asVector(Tensor t) {
        GraphValue v = value(t);
        return v.rank() == 1 ? v : node(OnnxOp.RESHAPE, List.of(v, longs(1)), v.dtype(), new long[] {1});
    }

    /** A scalar from a scalar or 1-element tensor (Range wants scalars). */
    private GraphValue asScalar(Tensor t) {
        GraphValue v = value(t);
        return v.rank() == 0 ? v
                : node(OnnxOp.RESHAPE, List.of(v, (GraphValue) constantLongs(new long[0], 0)), v.dtype(), new long[0]);
    }

    private GraphValue value(Tensor t) {
        if (t instanceof GraphValue v && v.owner() == this) {
            return v;
        }
        throw new IllegalArgumentException("tensor " + t + " was not made by this ONNX graph recorder");
    }

    private String fresh(String hint) {
        return hint + "_" + counter++;
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("the recorder is finished; start a new one");
        }
    }

    private static long[] declaredDims(Dim... dims) {
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[i].isSymbolic() ? -1 : dims[i].size();
        }
        return out;
    }

    private static long[] toLongs(int[] values) {
        return Arrays.stream(values).asLongStream().toArray();
    }

    private static String sanitize(String name) {
        return "host." + name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
