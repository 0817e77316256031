package dev.attnlab.api.testkit;

import dev.attnlab.api.ApiStatus;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The reference lowering of {@link TensorOps}: every op evaluated at once on plain Java arrays
 * (float32, int64, bool), with ONNX semantics. It lets models and strategies be unit-tested without
 * ONNX Runtime and is what the ONNX lowering is cross-checked against. Nothing here is fast.
 *
 * <p>One instance is one run. Feed the inputs and (optionally) state before building; build by calling
 * the model or strategy code with this instance; then read what it marked with {@link #output} and
 * {@link #stateOutput}. For the next run of a decode loop, {@link #next()} gives a fresh instance with
 * the same weights and settings whose state inputs are this run's state outputs:
 * <pre>{@code
 * ArrayOps run = new ArrayOps(weights).feed("input_ids", new long[] {1, 2, 3}, 1, 3);
 * model.build(run);
 * ArrayOps step = run.next().feed("input_ids", new long[] {4}, 1, 1);
 * model.build(step);
 * FloatTensor logits = step.outputFloat("logits");
 * }</pre>
 *
 * <p>State inputs that were not fed start as zeros: symbol {@code "batch"} bound to {@link #batch(long)}
 * (else to the batch size an input bound it to, else 1), every other symbol to 0, as {@link Dim} says.
 * Shape or type mismatches throw {@link IllegalArgumentException} naming the op and the shapes.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class ArrayOps implements TensorOps {

    private final Map<String, FloatTensor> weights;
    private final Map<String, ArrayTensor> inputs = new HashMap<>();
    private final Map<String, ArrayTensor> states = new HashMap<>();
    private final Map<String, ArrayTensor> outputs = new LinkedHashMap<>();
    private final Map<String, ArrayTensor> stateOutputs = new LinkedHashMap<>();
    private final Set<String> stateInputNames = new LinkedHashSet<>();
    private final Map<String, Long> symbols = new HashMap<>();
    private final List<ParameterSpec> parameters = new ArrayList<>();
    private long batch = -1;
    private boolean wantsProbabilities;
    private boolean training;

    /** An instance with no checkpoint weights: parameters come from their initializers. */
    public ArrayOps() {
        this(Map.of());
    }

    /** An instance whose {@link #parameter} finds weights by name in {@code weights}. */
    public ArrayOps(Map<String, FloatTensor> weights) {
        this.weights = Map.copyOf(Objects.requireNonNull(weights, "weights"));
    }

    // ---- set-up -----------------------------------------------------------------------------------

    /** Supplies float input {@code name}. */
    public ArrayOps feed(String name, FloatTensor value) {
        inputs.put(name, ArrayTensor.of(value));
        return this;
    }

    /** Supplies int64 input {@code name}. */
    public ArrayOps feed(String name, long[] values, long... shape) {
        inputs.put(name, ArrayTensor.ofLongs(values.clone(), shape));
        return this;
    }

    /** Supplies boolean input {@code name}. */
    public ArrayOps feed(String name, boolean[] values, long... shape) {
        inputs.put(name, ArrayTensor.ofBools(values.clone(), shape));
        return this;
    }

    /** Supplies the value state {@code name} starts from, instead of zeros. */
    public ArrayOps feedState(String name, ArrayTensor value) {
        states.put(name, value);
        return this;
    }

    public ArrayOps feedState(String name, FloatTensor value) {
        return feedState(name, ArrayTensor.of(value));
    }

    public ArrayOps feedState(String name, long[] values, long... shape) {
        return feedState(name, ArrayTensor.ofLongs(values.clone(), shape));
    }

    /** Supplies every state in {@code values}, e.g. the {@link #stateOutputs()} of the previous run. */
    public ArrayOps feedStates(Map<String, ArrayTensor> values) {
        states.putAll(values);
        return this;
    }

    /** Binds symbol {@code "batch"} of initial (zero) states. */
    public ArrayOps batch(long size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + size);
        }
        this.batch = size;
        return this;
    }

    /** Sets what {@link #wantsAttentionProbabilities()} answers. */
    public ArrayOps setWantsAttentionProbabilities(boolean wants) {
        this.wantsProbabilities = wants;
        return this;
    }

    /**
     * Sets what {@link #isTraining()} answers, so that a strategy's training relaxation can be evaluated
     * (forward values only: this lowering has no gradients).
     */
    public ArrayOps setTraining(boolean training) {
        this.training = training;
        return this;
    }

    /** A fresh instance for the next run: same weights, batch and flags, state fed from this run's state outputs. */
    public ArrayOps next() {
        ArrayOps next = new ArrayOps(weights).feedStates(stateOutputs).setWantsAttentionProbabilities(wantsProbabilities)
                .setTraining(training);
        next.batch = batch;
        return next;
    }

    // ---- results ----------------------------------------------------------------------------------

    /** Output {@code name} as marked by {@link #output}; fails naming the outputs there are. */
    public ArrayTensor outputValue(String name) {
        ArrayTensor value = outputs.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no output '" + name + "'; outputs: " + outputs.keySet());
        }
        return value;
    }

    public FloatTensor outputFloat(String name) {
        return outputValue(name).toFloatTensor();
    }

    public long[] outputLongs(String name) {
        return longs(outputValue(name));
    }

    /** Every output by name, in the order marked. */
    public Map<String, ArrayTensor> outputs() {
        return Collections.unmodifiableMap(outputs);
    }

    /** Every state output by name, in the order marked. */
    public Map<String, ArrayTensor> stateOutputs() {
        return Collections.unmodifiableMap(stateOutputs);
    }

    /** The state inputs that got no state output (each needs exactly one); empty when the build is complete. */
    public Set<String> unmatchedStates() {
        Set<String> missing = new LinkedHashSet<>(stateInputNames);
        missing.removeAll(stateOutputs.keySet());
        return missing;
    }

    /** The parameters asked for so far, in order. */
    public List<ParameterSpec> parameters() {
        return List.copyOf(parameters);
    }

    /** The value of a handle made by an {@link ArrayOps}, as float32 (fails for other types). */
    public static FloatTensor values(Tensor tensor) {
        return array(tensor).toFloatTensor();
    }

    /** The int64 data of a handle made by an {@link ArrayOps}. */
    public static long[] longs(Tensor tensor) {
        ArrayTensor t = array(tensor);
        if (t.dtype() != DType.INT64) {
            throw new IllegalArgumentException("expected an INT64 tensor, found " + t.describe());
        }
        return t.longs().clone();
    }

    /** The boolean data of a handle made by an {@link ArrayOps}. */
    public static boolean[] booleans(Tensor tensor) {
        ArrayTensor t = array(tensor);
        if (t.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("expected a BOOL tensor, found " + t.describe());
        }
        return t.bools().clone();
    }

    /** The shape of a handle made by an {@link ArrayOps}. */
    public static long[] shapeOf(Tensor tensor) {
        return array(tensor).shape();
    }

    /** The handle as the array value it is; fails for handles of other backends. */
    public static ArrayTensor array(Tensor tensor) {
        if (tensor instanceof ArrayTensor t) {
            return t;
        }
        throw new IllegalArgumentException("not an ArrayOps tensor: " + (tensor == null ? "null"
                : tensor.getClass().getName() + " (handles only work with the backend that made them)"));
    }

    // ---- graph boundary -----------------------------------------------------------------------

    @Override
    public Tensor input(String name, DType dtype, Dim... dims) {
        ArrayTensor value = inputs.get(name);
        if (value == null) {
            throw new IllegalArgumentException("input '" + name + "' was not fed; call feed(\"" + name
                    + "\", ...) before building (fed: " + inputs.keySet() + ")");
        }
        check("input", name, value, dtype, dims);
        return value;
    }

    @Override
    public void output(String name, Tensor value) {
        if (outputs.putIfAbsent(name, array(value)) != null) {
            throw new IllegalArgumentException("output '" + name + "' marked twice");
        }
    }

    @Override
    public Tensor stateInput(String name, DType dtype, Dim... dims) {
        if (!stateInputNames.add(name)) {
            throw new IllegalArgumentException("state input '" + name + "' declared twice");
        }
        ArrayTensor fed = states.get(name);
        if (fed != null) {
            check("state", name, fed, dtype, dims);
            return fed;
        }
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            Dim d = dims[i];
            if (!d.isSymbolic()) {
                shape[i] = d.size();
            } else if (d.symbol().equals(Dim.BATCH.symbol())) {
                shape[i] = batch > 0 ? batch : symbols.getOrDefault(d.symbol(), 1L);
            } else {
                shape[i] = 0;
            }
        }
        ArrayTensor zeros = ArrayTensor.zeros(dtype, shape);
        check("state", name, zeros, dtype, dims);
        return zeros;
    }

    @Override
    public void stateOutput(String name, Tensor value) {
        if (stateOutputs.putIfAbsent(name, array(value)) != null) {
            throw new IllegalArgumentException("state output '" + name + "' marked twice");
        }
    }

    @Override
    public Tensor parameter(ParameterSpec spec) {
        parameters.add(spec);
        FloatTensor weight = weights.get(spec.name());
        if (weight != null) {
            if (!Arrays.equals(weight.shape(), spec.shape())) {
                throw new IllegalArgumentException("parameter '" + spec.name() + "' has shape "
                        + Arrays.toString(weight.shape()) + " in the weights but " + Arrays.toString(spec.shape())
                        + " was asked for");
            }
            return ArrayTensor.of(weight);
        }
        if (spec.initializer() == null) {
            throw new IllegalArgumentException("parameter '" + spec.name() + "' " + Arrays.toString(spec.shape())
                    + " is not in the weights and has no initializer (" + weights.size() + " weights given)");
        }
        return ArrayTensor.ofFloats(spec.initializer().values(spec.shape()), spec.shape());
    }

    @Override
    public boolean wantsAttentionProbabilities() {
        return wantsProbabilities;
    }

    @Override
    public boolean isTraining() {
        return training;
    }

    private void check(String kind, String name, ArrayTensor value, DType dtype, Dim[] dims) {
        String expected = dtype + Arrays.toString(dims);
        if (value.dtype() != dtype || value.rank() != dims.length) {
            throw new IllegalArgumentException(kind + " '" + name + "': expected " + expected + ", got " + value.describe());
        }
        long[] shape = value.shape();
        for (int i = 0; i < dims.length; i++) {
            Dim d = dims[i];
            if (!d.isSymbolic()) {
                if (shape[i] != d.size()) {
                    throw new IllegalArgumentException(kind + " '" + name + "': expected " + expected + ", got "
                            + value.describe() + " (axis " + i + ")");
                }
                continue;
            }
            Long bound = symbols.putIfAbsent(d.symbol(), shape[i]);
            if (bound != null && bound != shape[i]) {
                throw new IllegalArgumentException(kind + " '" + name + "': symbol '" + d.symbol() + "' is " + shape[i]
                        + " here but was bound to " + bound + " by an earlier input or state");
            }
        }
    }

    // ---- constants --------------------------------------------------------------------------------

    @Override
    public Tensor constant(FloatTensor value) {
        return ArrayTensor.of(value);
    }

    @Override
    public Tensor constantLongs(long[] values, long... shape) {
        return ArrayTensor.ofLongs(values.clone(), shape);
    }

    // ---- elementwise ------------------------------------------------------------------------------

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return Elementwise.binary("add", array(a), array(b), Double::sum, Long::sum);
    }

    @Override
    public Tensor sub(Tensor a, Tensor b) {
        return Elementwise.binary("sub", array(a), array(b), (x, y) -> x - y, (x, y) -> x - y);
    }

    @Override
    public Tensor mul(Tensor a, Tensor b) {
        return Elementwise.binary("mul", array(a), array(b), (x, y) -> x * y, (x, y) -> x * y);
    }

    @Override
    public Tensor div(Tensor a, Tensor b) {
        return Elementwise.binary("div", array(a), array(b), (x, y) -> x / y, Elementwise::divide);
    }

    @Override
    public Tensor pow(Tensor a, Tensor exponent) {
        return Elementwise.binary("pow", array(a), array(exponent), Math::pow, null);
    }

    @Override
    public Tensor max(Tensor a, Tensor b) {
        return Elementwise.binary("max", array(a), array(b), Math::max, Math::max);
    }

    @Override
    public Tensor min(Tensor a, Tensor b) {
        return Elementwise.binary("min", array(a), array(b), Math::min, Math::min);
    }

    @Override
    public Tensor neg(Tensor x) {
        return Elementwise.unary("neg", array(x), v -> -v, v -> -v);
    }

    @Override
    public Tensor exp(Tensor x) {
        return Elementwise.unary("exp", array(x), Math::exp, null);
    }

    @Override
    public Tensor log(Tensor x) {
        return Elementwise.unary("log", array(x), Math::log, null);
    }

    @Override
    public Tensor sqrt(Tensor x) {
        return Elementwise.unary("sqrt", array(x), Math::sqrt, null);
    }

    @Override
    public Tensor tanh(Tensor x) {
        return Elementwise.unary("tanh", array(x), Math::tanh, null);
    }

    @Override
    public Tensor sigmoid(Tensor x) {
        return Elementwise.unary("sigmoid", array(x), v -> 1 / (1 + Math.exp(-v)), null);
    }

    @Override
    public Tensor relu(Tensor x) {
        return Elementwise.unary("relu", array(x), v -> Math.max(v, 0), v -> Math.max(v, 0));
    }

    @Override
    public Tensor erf(Tensor x) {
        return Elementwise.unary("erf", array(x), Erf::erf, null);
    }

    @Override
    public Tensor abs(Tensor x) {
        return Elementwise.unary("abs", array(x), Math::abs, Math::abs);
    }

    @Override
    public Tensor cos(Tensor x) {
        return Elementwise.unary("cos", array(x), Math::cos, null);
    }

    @Override
    public Tensor sin(Tensor x) {
        return Elementwise.unary("sin", array(x), Math::sin, null);
    }

    // ---- comparison and selection ----------------------------------------------------------------

    @Override
    public Tensor less(Tensor a, Tensor b) {
        return Elementwise.compare("less", array(a), array(b), new Elementwise.Comparison() {
            public boolean floats(double x, double y) {
                return x < y;
            }

            public boolean longs(long x, long y) {
                return x < y;
            }
        });
    }

    @Override
    public Tensor lessOrEqual(Tensor a, Tensor b) {
        return Elementwise.compare("lessOrEqual", array(a), array(b), new Elementwise.Comparison() {
            public boolean floats(double x, double y) {
                return x <= y;
            }

            public boolean longs(long x, long y) {
                return x <= y;
            }
        });
    }

    @Override
    public Tensor greater(Tensor a, Tensor b) {
        return Elementwise.compare("greater", array(a), array(b), new Elementwise.Comparison() {
            public boolean floats(double x, double y) {
                return x > y;
            }

            public boolean longs(long x, long y) {
                return x > y;
            }
        });
    }

    @Override
    public Tensor equal(Tensor a, Tensor b) {
        return Elementwise.compare("equal", array(a), array(b), new Elementwise.Comparison() {
            public boolean floats(double x, double y) {
                return x == y;
            }

            public boolean longs(long x, long y) {
                return x == y;
            }
        });
    }

    @Override
    public Tensor and(Tensor a, Tensor b) {
        return Elementwise.and(array(a), array(b));
    }

    @Override
    public Tensor not(Tensor x) {
        return Elementwise.not(array(x));
    }

    @Override
    public Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Elementwise.where(array(condition), array(a), array(b));
    }

    @Override
    public Tensor cast(Tensor x, DType to) {
        return Elementwise.cast(array(x), to);
    }

    // ---- reductions and normalisation -----------------------------------------------------------

    @Override
    public Tensor reduceSum(Tensor x, boolean keepDims, int... axes) {
        return Reductions.reduce("reduceSum", Reductions.Kind.SUM, array(x), keepDims, axes);
    }

    @Override
    public Tensor reduceMean(Tensor x, boolean keepDims, int... axes) {
        return Reductions.reduce("reduceMean", Reductions.Kind.MEAN, array(x), keepDims, axes);
    }

    @Override
    public Tensor reduceMax(Tensor x, boolean keepDims, int... axes) {
        return Reductions.reduce("reduceMax", Reductions.Kind.MAX, array(x), keepDims, axes);
    }

    @Override
    public Tensor softmax(Tensor x, int axis) {
        return Reductions.softmax(array(x), axis);
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        return Reductions.matmul(array(a), array(b));
    }

    // ---- shape ------------------------------------------------------------------------------------

    @Override
    public Tensor reshape(Tensor x, long... shape) {
        return Indexing.reshape(array(x), shape);
    }

    @Override
    public Tensor reshape(Tensor x, Tensor shape) {
        return Indexing.reshape(array(x), vector("reshape (shape)", shape));
    }

    @Override
    public Tensor transpose(Tensor x, int... permutation) {
        return Indexing.transpose(array(x), permutation);
    }

    @Override
    public Tensor concat(int axis, List<Tensor> parts) {
        List<ArrayTensor> arrays = new ArrayList<>(parts.size());
        parts.forEach(p -> arrays.add(array(p)));
        return Indexing.concat(axis, arrays);
    }

    @Override
    public Tensor slice(Tensor x, int axis, long start, long end) {
        return Indexing.slice(array(x), axis, start, end);
    }

    @Override
    public Tensor slice(Tensor x, int axis, Tensor start, Tensor end) {
        return Indexing.slice(array(x), axis, scalarValue("slice (start)", start), scalarValue("slice (end)", end));
    }

    @Override
    public Tensor unsqueeze(Tensor x, int... axes) {
        return Indexing.unsqueeze(array(x), axes);
    }

    @Override
    public Tensor squeeze(Tensor x, int... axes) {
        return Indexing.squeeze(array(x), axes);
    }

    @Override
    public Tensor shape(Tensor x) {
        long[] shape = array(x).shape();
        return ArrayTensor.ofLongs(shape, shape.length);
    }

    @Override
    public Tensor range(Tensor start, Tensor limit) {
        return Indexing.range(scalarValue("range (start)", start), scalarValue("range (limit)", limit));
    }

    @Override
    public Tensor expand(Tensor x, Tensor shape) {
        return Indexing.expand(array(x), vector("expand (shape)", shape));
    }

    // ---- indexing ---------------------------------------------------------------------------------

    @Override
    public Tensor gather(Tensor x, Tensor indices, int axis) {
        return Indexing.gather(array(x), array(indices), axis);
    }

    @Override
    public Tensor gatherElements(Tensor x, Tensor indices, int axis) {
        return Indexing.gatherElements(array(x), array(indices), axis);
    }

    @Override
    public Tensor scatterElements(Tensor x, Tensor indices, Tensor updates, int axis) {
        return Indexing.scatterElements(array(x), array(indices), array(updates), axis);
    }

    @Override
    public TopK topK(Tensor x, long k, int axis) {
        ArrayTensor[] result = Indexing.topK(array(x), k, axis);
        return new TopK(result[0], result[1]);
    }

    @Override
    public TopK topK(Tensor x, Tensor k, int axis) {
        return topK(x, scalarValue("topK (k)", k), axis);
    }

    // ---- plugin-side custom ops -----------------------------------------------------------------

    @Override
    public List<Tensor> host(HostOp op, List<Tensor> inputs) {
        List<FloatTensor> converted = new ArrayList<>(inputs.size());
        inputs.forEach(t -> converted.add(array(t).asFloats()));
        List<FloatTensor> results = op.compute(converted);
        List<Integer> ranks = op.outputRanks();
        if (results == null || results.size() != ranks.size()) {
            throw new IllegalArgumentException("host op " + op.name() + " returned "
                    + (results == null ? "null" : results.size() + " outputs") + " but declares ranks " + ranks);
        }
        List<Tensor> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            FloatTensor r = results.get(i);
            if (r.rank() != ranks.get(i)) {
                throw new IllegalArgumentException("host op " + op.name() + " output " + i + " has shape "
                        + Arrays.toString(r.shape()) + " but declares rank " + ranks.get(i));
            }
            out.add(ArrayTensor.of(r));
        }
        return out;
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** The single int64 value of a scalar or 1-element tensor. */
    private static long scalarValue(String op, Tensor t) {
        ArrayTensor a = array(t);
        if (a.dtype() != DType.INT64 || a.size() != 1 || a.rank() > 1) {
            throw new IllegalArgumentException(op + " needs an INT64 scalar or 1-element tensor, found " + a.describe());
        }
        return a.longs()[0];
    }

    private static long[] vector(String op, Tensor t) {
        ArrayTensor a = array(t);
        if (a.dtype() != DType.INT64 || a.rank() != 1) {
            throw new IllegalArgumentException(op + " needs a 1-D INT64 tensor, found " + a.describe());
        }
        return a.longs().clone();
    }
}
