package dev.attnlab.harness.lower.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Dim;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.HostOp;
import dev.attnlab.api.tensor.ParameterSpec;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;
import dev.attnlab.api.tensor.TopK;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The eager lowering of the tensor-op API on DJL's PyTorch engine: every call computes at once, and
 * autograd records it, so the same model and strategy code that is exported to ONNX can be trained.
 *
 * <p>One instance is one forward pass: feed inputs and state, call the model's build method, read the
 * outputs. Arrays live in this instance's manager and are freed by {@link #close()}; weights live in
 * the {@link DjlParameters} shared across passes.
 */
public final class DjlOps implements TensorOps, AutoCloseable {

    private final NDManager manager;
    private final DjlParameters parameters;
    private final Map<String, NDArray> inputs = new LinkedHashMap<>();
    private final Map<String, NDArray> stateIn = new LinkedHashMap<>();
    private final Map<String, NDArray> outputs = new LinkedHashMap<>();
    private final Map<String, NDArray> stateOut = new LinkedHashMap<>();
    private long batch = 1;
    private boolean attentionProbabilities;

    public DjlOps(NDManager parent, DjlParameters parameters) {
        this.manager = parent.newSubManager();
        this.parameters = parameters;
    }

    public NDManager manager() {
        return manager;
    }

    // ---- feeding and reading ---------------------------------------------------------------------

    public DjlOps feedLongs(String name, long[] values, long... shape) {
        inputs.put(name, manager.create(values, new Shape(shape)));
        return this;
    }

    public DjlOps feed(String name, FloatTensor value) {
        inputs.put(name, manager.create(value.data(), new Shape(value.shape())));
        return this;
    }

    /** Feeds an array already on the engine (e.g. embeddings that need gradients). */
    public DjlOps feed(String name, NDArray value) {
        inputs.put(name, value);
        return this;
    }

    public DjlOps feedState(String name, NDArray value) {
        stateIn.put(name, value);
        return this;
    }

    public DjlOps batch(long size) {
        this.batch = size;
        return this;
    }

    public DjlOps withAttentionProbabilities(boolean want) {
        this.attentionProbabilities = want;
        return this;
    }

    /** The output called {@code name}, as a live array (part of the autograd graph). */
    public NDArray output(String name) {
        NDArray array = outputs.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no output '" + name + "'; outputs: " + outputs.keySet());
        }
        return array;
    }

    public Map<String, NDArray> stateOutputs() {
        return java.util.Collections.unmodifiableMap(stateOut);
    }

    public static FloatTensor toFloatTensor(NDArray array) {
        NDArray f = array.getDataType() == DataType.FLOAT32 ? array : array.toType(DataType.FLOAT32, false);
        return new FloatTensor(array.getShape().getShape(), f.toFloatArray());
    }

    @Override
    public void close() {
        manager.close();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static NDArray a(Tensor t) {
        if (!(t instanceof DjlTensor d)) {
            throw new IllegalArgumentException("tensor " + t + " does not belong to the DJL lowering");
        }
        return d.array();
    }

    /**
     * Wraps an op's result, moving it into this pass's manager: DJL attaches a result to its first
     * operand's manager, which for {@code weight * x} is the long-lived parameter manager, so without
     * this every step would leak its activations until the parameters are closed.
     */
    private DjlTensor t(NDArray array, DType dtype) {
        if (array.getManager() != manager) {
            array.attach(manager);
        }
        return new DjlTensor(array, dtype);
    }

    private DjlTensor f(NDArray array) {
        return t(array, DType.FLOAT32);
    }

    private DjlTensor b(NDArray array) {
        return t(array, DType.BOOL);
    }

    private static DataType djl(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> DataType.FLOAT32;
            case INT64 -> DataType.INT64;
            case BOOL -> DataType.BOOLEAN;
        };
    }

    private static DType same(Tensor x) {
        return x.dtype();
    }

    private static int[] axes(int rank, int... axes) {
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
        }
        return out;
    }

    private static long scalarValue(Tensor x) {
        long[] values = a(x).toType(DataType.INT64, false).toLongArray();
        if (values.length != 1) {
            throw new IllegalArgumentException("expected a single int64 value, got shape " + a(x).getShape());
        }
        return values[0];
    }

    // ---- graph boundary --------------------------------------------------------------------------

    @Override
    public Tensor input(String name, DType dtype, Dim... dims) {
        NDArray array = inputs.get(name);
        if (array == null) {
            throw new IllegalArgumentException("input '" + name + "' was not fed; fed: " + inputs.keySet());
        }
        // A fed array may belong to the caller (e.g. a soft prompt that carries gradients): do not move it.
        return array.getDataType() == djl(dtype) ? new DjlTensor(array, dtype)
                : t(array.toType(djl(dtype), false), dtype);
    }

    @Override
    public void output(String name, Tensor value) {
        outputs.put(name, a(value));
    }

    @Override
    public Tensor stateInput(String name, DType dtype, Dim... dims) {
        NDArray fed = stateIn.get(name);
        if (fed != null) {
            return new DjlTensor(fed, dtype);
        }
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            Dim d = dims[i];
            shape[i] = !d.isSymbolic() ? d.size() : "batch".equals(d.symbol()) ? batch : 0;
        }
        return t(manager.zeros(new Shape(shape), djl(dtype)), dtype);
    }

    @Override
    public void stateOutput(String name, Tensor value) {
        stateOut.put(name, a(value));
    }

    @Override
    public Tensor parameter(ParameterSpec spec) {
        // Parameters live across passes in their own manager: wrap them without moving them here.
        return new DjlTensor(parameters.get(spec), DType.FLOAT32);
    }

    @Override
    public boolean wantsAttentionProbabilities() {
        return attentionProbabilities;
    }

    @Override
    public boolean isTraining() {
        return parameters.trainingEnabled();
    }

    // ---- constants -------------------------------------------------------------------------------

    @Override
    public Tensor constant(FloatTensor value) {
        return f(manager.create(value.data(), new Shape(value.shape())));
    }

    @Override
    public Tensor constantLongs(long[] values, long... shape) {
        return t(manager.create(values, new Shape(shape)), DType.INT64);
    }

    // ---- elementwise -----------------------------------------------------------------------------

    @Override public Tensor add(Tensor x, Tensor y) { return t(a(x).add(a(y)), same(x)); }
    @Override public Tensor sub(Tensor x, Tensor y) { return t(a(x).sub(a(y)), same(x)); }
    @Override public Tensor mul(Tensor x, Tensor y) { return t(a(x).mul(a(y)), same(x)); }
    @Override
    public Tensor div(Tensor x, Tensor y) {
        NDArray quotient = a(x).div(a(y));
        // ONNX divides integers with truncation; torch's div of int64 is true division.
        return x.dtype() == DType.INT64 ? t(quotient.toType(DataType.INT64, false), DType.INT64) : t(quotient, same(x));
    }
    @Override public Tensor pow(Tensor x, Tensor e) { return t(a(x).pow(a(e)), same(x)); }
    @Override public Tensor max(Tensor x, Tensor y) { return t(a(x).maximum(a(y)), same(x)); }
    @Override public Tensor min(Tensor x, Tensor y) { return t(a(x).minimum(a(y)), same(x)); }
    @Override public Tensor neg(Tensor x) { return t(a(x).neg(), same(x)); }
    @Override public Tensor exp(Tensor x) { return f(a(x).exp()); }
    @Override public Tensor log(Tensor x) { return f(a(x).log()); }
    @Override public Tensor sqrt(Tensor x) { return f(a(x).sqrt()); }
    @Override public Tensor tanh(Tensor x) { return f(a(x).tanh()); }
    @Override public Tensor sigmoid(Tensor x) { return f(ai.djl.nn.Activation.sigmoid(a(x))); }
    @Override public Tensor relu(Tensor x) { return f(ai.djl.nn.Activation.relu(a(x))); }
    @Override public Tensor erf(Tensor x) { return f(a(x).erf()); }
    @Override public Tensor abs(Tensor x) { return t(a(x).abs(), same(x)); }
    @Override public Tensor cos(Tensor x) { return f(a(x).cos()); }
    @Override public Tensor sin(Tensor x) { return f(a(x).sin()); }

    // ---- comparison and selection ----------------------------------------------------------------

    @Override public Tensor less(Tensor x, Tensor y) { return b(a(x).lt(a(y))); }
    @Override public Tensor lessOrEqual(Tensor x, Tensor y) { return b(a(x).lte(a(y))); }
    @Override public Tensor greater(Tensor x, Tensor y) { return b(a(x).gt(a(y))); }
    @Override public Tensor equal(Tensor x, Tensor y) { return b(a(x).eq(a(y))); }
    @Override public Tensor and(Tensor x, Tensor y) { return b(a(x).logicalAnd(a(y))); }
    @Override public Tensor not(Tensor x) { return b(a(x).logicalNot()); }

    @Override
    public Tensor where(Tensor condition, Tensor x, Tensor y) {
        NDArray cond = a(condition);
        NDArray left = a(x);
        NDArray right = a(y);
        // torch.where broadcasts, but DJL's wrapper requires equal shapes: broadcast explicitly.
        Shape target = broadcastShape(broadcastShape(cond.getShape(), left.getShape()), right.getShape());
        return t(NDArrays.where(cond.broadcast(target), left.broadcast(target), right.broadcast(target)), same(x));
    }

    @Override
    public Tensor cast(Tensor x, DType to) {
        return t(a(x).toType(djl(to), false), to);
    }

    // ---- reductions ------------------------------------------------------------------------------

    @Override
    public Tensor reduceSum(Tensor x, boolean keepDims, int... ax) {
        return t(a(x).sum(axes(x.rank(), ax), keepDims), same(x));
    }

    @Override
    public Tensor reduceMean(Tensor x, boolean keepDims, int... ax) {
        return f(a(x).mean(axes(x.rank(), ax), keepDims));
    }

    @Override
    public Tensor reduceMax(Tensor x, boolean keepDims, int... ax) {
        return t(a(x).max(axes(x.rank(), ax), keepDims), same(x));
    }

    @Override
    public Tensor softmax(Tensor x, int axis) {
        return f(a(x).softmax(axes(x.rank(), axis)[0]));
    }

    @Override
    public Tensor matmul(Tensor x, Tensor y) {
        return f(a(x).matMul(a(y)));
    }

    // ---- shape -----------------------------------------------------------------------------------

    @Override
    public Tensor reshape(Tensor x, long... shape) {
        long[] in = a(x).getShape().getShape();
        long[] target = shape.clone();
        for (int i = 0; i < target.length; i++) {
            if (target[i] == 0) {
                target[i] = in[i];
            }
        }
        return t(a(x).reshape(target), same(x));
    }

    @Override
    public Tensor reshape(Tensor x, Tensor shape) {
        return reshape(x, a(shape).toType(DataType.INT64, false).toLongArray());
    }

    @Override
    public Tensor transpose(Tensor x, int... permutation) {
        return t(a(x).transpose(permutation), same(x));
    }

    @Override
    public Tensor concat(int axis, List<Tensor> parts) {
        NDList list = new NDList();
        parts.forEach(p -> list.add(a(p)));
        int ax = axes(parts.get(0).rank(), axis)[0];
        return t(NDArrays.concat(list, ax), same(parts.get(0)));
    }

    @Override
    public Tensor slice(Tensor x, int axis, long start, long end) {
        NDArray array = a(x);
        int ax = axes(x.rank(), axis)[0];
        long size = array.getShape().get(ax);
        long s = clamp(start < 0 ? start + size : start, size);
        long e = clamp(end < 0 ? end + size : end, size);
        e = Math.max(s, e);
        StringBuilder index = new StringBuilder();
        for (int i = 0; i < ax; i++) {
            index.append(":,");
        }
        index.append(s).append(':').append(e);
        return t(array.get(index.toString()), same(x));
    }

    private static long clamp(long v, long size) {
        return Math.max(0, Math.min(size, v));
    }

    @Override
    public Tensor slice(Tensor x, int axis, Tensor start, Tensor end) {
        return slice(x, axis, scalarValue(start), scalarValue(end));
    }

    @Override
    public Tensor unsqueeze(Tensor x, int... ax) {
        NDArray array = a(x);
        int rank = x.rank() + ax.length;
        int[] sorted = axes(rank, ax);
        Arrays.sort(sorted);
        for (int axis : sorted) {
            array = array.expandDims(axis);
        }
        return t(array, same(x));
    }

    @Override
    public Tensor squeeze(Tensor x, int... ax) {
        return t(a(x).squeeze(axes(x.rank(), ax)), same(x));
    }

    @Override
    public Tensor shape(Tensor x) {
        long[] shape = a(x).getShape().getShape();
        return t(manager.create(shape, new Shape(shape.length)), DType.INT64);
    }

    @Override
    public Tensor range(Tensor start, Tensor limit) {
        long s = scalarValue(start);
        long l = scalarValue(limit);
        long n = Math.max(0, l - s);
        long[] values = new long[(int) n];
        for (int i = 0; i < n; i++) {
            values[i] = s + i;
        }
        return t(manager.create(values, new Shape(n)), DType.INT64);
    }

    @Override
    public Tensor expand(Tensor x, Tensor shape) {
        long[] wanted = a(shape).toType(DataType.INT64, false).toLongArray();
        Shape target = broadcastShape(a(x).getShape(), new Shape(wanted));
        return t(a(x).broadcast(target), same(x));
    }

    static Shape broadcastShape(Shape x, Shape y) {
        int rank = Math.max(x.dimension(), y.dimension());
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long dx = i < rank - x.dimension() ? 1 : x.get(i - (rank - x.dimension()));
            long dy = i < rank - y.dimension() ? 1 : y.get(i - (rank - y.dimension()));
            if (dx != dy && dx != 1 && dy != 1) {
                throw new IllegalArgumentException("shapes " + x + " and " + y + " do not broadcast");
            }
            out[i] = dx == 1 ? dy : dx;
        }
        return new Shape(out);
    }

    // ---- indexing --------------------------------------------------------------------------------

    @Override
    public Tensor gather(Tensor x, Tensor indices, int axis) {
        // ONNX Gather through torch.gather: bring the axis to the front, flatten the rest, gather rows.
        NDArray array = a(x);
        NDArray index = a(indices).toType(DataType.INT64, false);
        int rank = x.rank();
        int ax = axes(rank, axis)[0];
        long size = array.getShape().get(ax);
        index = NDArrays.where(index.lt(0), index.add(size), index);
        int[] toFront = new int[rank];
        toFront[0] = ax;
        for (int i = 0, j = 1; i < rank; i++) {
            if (i != ax) {
                toFront[j++] = i;
            }
        }
        NDArray front = array.transpose(toFront);
        long[] frontShape = front.getShape().getShape();
        long rest = 1;
        for (int i = 1; i < frontShape.length; i++) {
            rest *= frontShape[i];
        }
        NDArray flat = front.reshape(size, rest);
        long n = index.size();
        NDArray rows = index.reshape(n, 1).broadcast(n, rest);
        NDArray picked = flat.gather(rows, 0);
        long[] indexShape = index.getShape().getShape();
        long[] outFront = new long[indexShape.length + frontShape.length - 1];
        System.arraycopy(indexShape, 0, outFront, 0, indexShape.length);
        System.arraycopy(frontShape, 1, outFront, indexShape.length, frontShape.length - 1);
        NDArray shaped = picked.reshape(outFront);
        // shaped dims: [idx..., pre (ax dims), post]; ONNX wants [pre, idx..., post].
        int q = indexShape.length;
        int[] perm = new int[outFront.length];
        int p = 0;
        for (int i = 0; i < ax; i++) {
            perm[p++] = q + i;
        }
        for (int i = 0; i < q; i++) {
            perm[p++] = i;
        }
        for (int i = q + ax; i < outFront.length; i++) {
            perm[p++] = i;
        }
        return t(perm.length == 0 ? shaped : shaped.transpose(perm), same(x));
    }

    @Override
    public Tensor gatherElements(Tensor x, Tensor indices, int axis) {
        return t(a(x).gather(a(indices).toType(DataType.INT64, false), axes(x.rank(), axis)[0]), same(x));
    }

    @Override
    public Tensor scatterElements(Tensor x, Tensor indices, Tensor updates, int axis) {
        return t(a(x).scatter(a(indices).toType(DataType.INT64, false), a(updates), axes(x.rank(), axis)[0]),
                same(x));
    }

    @Override
    public TopK topK(Tensor x, long k, int axis) {
        NDList result = a(x).topK((int) k, axes(x.rank(), axis)[0], true, true);
        return new TopK(t(result.get(0), same(x)), t(result.get(1).toType(DataType.INT64, false), DType.INT64));
    }

    @Override
    public TopK topK(Tensor x, Tensor k, int axis) {
        return topK(x, scalarValue(k), axis);
    }

    // ---- host ops --------------------------------------------------------------------------------

    @Override
    public List<Tensor> host(HostOp op, List<Tensor> in) {
        List<FloatTensor> values = new ArrayList<>(in.size());
        for (Tensor tensor : in) {
            values.add(toFloatTensor(a(tensor)));
        }
        List<FloatTensor> results = op.compute(values);
        if (results.size() != op.outputRanks().size()) {
            throw new IllegalStateException("host op " + op.name() + " returned " + results.size()
                    + " outputs but declares " + op.outputRanks().size());
        }
        List<Tensor> out = new ArrayList<>(results.size());
        for (FloatTensor r : results) {
            out.add(f(manager.create(r.data(), new Shape(r.shape()))));
        }
        return out;
    }
}
