package dev.attnlab.api.tensor;

import dev.attnlab.api.ApiStatus;
import java.util.List;

/**
 * The backend-neutral tensor operations that models and graph-level attention strategies are
 * written against, once. Two lowerings implement it: one records an ONNX graph that ONNX Runtime
 * executes; one evaluates eagerly with autograd for training.
 *
 * <p>Semantics follow ONNX (numpy-style broadcasting for elementwise ops, negative axes count from the
 * end). Every method returns a new handle; none mutates its arguments. Methods with a default are
 * compositions of the abstract ones; a backend may override them with a faster fused kernel, which
 * must give the same result to float32 rounding.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public interface TensorOps {

    /** The score given to masked-out keys before the softmax. */
    float MASKED_SCORE = -1.0e30f;

    // ---- graph boundary -------------------------------------------------------------------------

    /** A value supplied by the caller on every run, e.g. {@code input_ids} {@code [batch, seq]}. */
    Tensor input(String name, DType dtype, Dim... dims);

    /** Marks {@code value} as a named result of the computation. */
    void output(String name, Tensor value);

    /**
     * A value carried from one run to the next (KV cache, compressive memory). On the first run it is
     * zeros, with {@code batch} bound to the batch size and other symbols bound to 0; afterwards it is
     * what {@link #stateOutput} with the same name produced last time.
     */
    Tensor stateInput(String name, DType dtype, Dim... dims);

    /** The next value of state {@code name}; every state input needs exactly one state output. */
    void stateOutput(String name, Tensor value);

    /** A weight: loaded from the checkpoint, from a trained-parameter file, or initialised. */
    Tensor parameter(ParameterSpec spec);

    /** Shorthand for a frozen checkpoint weight. */
    default Tensor parameter(String name, long... shape) {
        return parameter(ParameterSpec.weight(name, shape));
    }

    /** Whether the computation being built must expose attention probabilities (see strategies). */
    boolean wantsAttentionProbabilities();

    /**
     * Whether this computation is a training step (the eager lowering with gradients on). A strategy
     * whose inference path is not differentiable (a hard top-k selection) may compute a smooth
     * relaxation instead; the ONNX lowering always answers false.
     */
    default boolean isTraining() {
        return false;
    }

    // ---- constants --------------------------------------------------------------------------------

    Tensor constant(FloatTensor value);

    Tensor constantLongs(long[] values, long... shape);

    default Tensor scalar(float value) {
        return constant(new FloatTensor(new long[0], new float[] {value}));
    }

    default Tensor scalarLong(long value) {
        return constantLongs(new long[] {value});
    }

    // ---- elementwise ------------------------------------------------------------------------------

    Tensor add(Tensor a, Tensor b);

    Tensor sub(Tensor a, Tensor b);

    Tensor mul(Tensor a, Tensor b);

    Tensor div(Tensor a, Tensor b);

    Tensor pow(Tensor a, Tensor exponent);

    Tensor max(Tensor a, Tensor b);

    Tensor min(Tensor a, Tensor b);

    Tensor neg(Tensor x);

    Tensor exp(Tensor x);

    Tensor log(Tensor x);

    Tensor sqrt(Tensor x);

    Tensor tanh(Tensor x);

    Tensor sigmoid(Tensor x);

    Tensor relu(Tensor x);

    Tensor erf(Tensor x);

    Tensor abs(Tensor x);

    Tensor cos(Tensor x);

    Tensor sin(Tensor x);

    default Tensor reciprocal(Tensor x) {
        return div(scalar(1f), x);
    }

    /** ELU with alpha 1: x for x > 0, exp(x) - 1 otherwise. */
    default Tensor elu(Tensor x) {
        Tensor zero = scalar(0f);
        return where(greater(x, zero), x, sub(exp(min(x, zero)), scalar(1f)));
    }

    /** x * sigmoid(x). */
    default Tensor silu(Tensor x) {
        return mul(x, sigmoid(x));
    }

    /** The exact GELU, 0.5 x (1 + erf(x / sqrt 2)). */
    default Tensor gelu(Tensor x) {
        Tensor inner = erf(mul(x, scalar((float) (1 / Math.sqrt(2)))));
        return mul(mul(x, scalar(0.5f)), add(inner, scalar(1f)));
    }

    // ---- comparison and selection ----------------------------------------------------------------

    Tensor less(Tensor a, Tensor b);

    Tensor lessOrEqual(Tensor a, Tensor b);

    Tensor greater(Tensor a, Tensor b);

    Tensor equal(Tensor a, Tensor b);

    Tensor and(Tensor a, Tensor b);

    Tensor not(Tensor x);

    /** Elementwise {@code condition ? a : b}, broadcasting all three. */
    Tensor where(Tensor condition, Tensor a, Tensor b);

    Tensor cast(Tensor x, DType to);

    // ---- reductions and normalisation -----------------------------------------------------------

    Tensor reduceSum(Tensor x, boolean keepDims, int... axes);

    Tensor reduceMean(Tensor x, boolean keepDims, int... axes);

    Tensor reduceMax(Tensor x, boolean keepDims, int... axes);

    Tensor softmax(Tensor x, int axis);

    /** Numpy-style batched matrix product. */
    Tensor matmul(Tensor a, Tensor b);

    // ---- shape ------------------------------------------------------------------------------------

    /** ONNX Reshape: 0 copies the input's dimension, -1 is inferred. */
    Tensor reshape(Tensor x, long... shape);

    /** Reshape to a shape computed in the graph (1-D int64). */
    Tensor reshape(Tensor x, Tensor shape);

    Tensor transpose(Tensor x, int... permutation);

    Tensor concat(int axis, List<Tensor> parts);

    default Tensor concat(int axis, Tensor... parts) {
        return concat(axis, List.of(parts));
    }

    /** Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code axis}; ends clamp. */
    Tensor slice(Tensor x, int axis, long start, long end);

    /** Slice with bounds computed in the graph (int64 scalars or 1-element tensors). */
    Tensor slice(Tensor x, int axis, Tensor start, Tensor end);

    Tensor unsqueeze(Tensor x, int... axes);

    Tensor squeeze(Tensor x, int... axes);

    /** The shape of {@code x} as a 1-D int64 tensor. */
    Tensor shape(Tensor x);

    /** Dimension {@code axis} of {@code x} as a 1-element int64 tensor. */
    default Tensor dim(Tensor x, int axis) {
        int a = axis < 0 ? x.rank() + axis : axis;
        return slice(shape(x), 0, a, a + 1);
    }

    /** int64 values {@code start, start+1, ..., limit-1}, from int64 scalars or 1-element tensors. */
    Tensor range(Tensor start, Tensor limit);

    /** Broadcasts {@code x} to {@code shape} (1-D int64), numpy-style. */
    Tensor expand(Tensor x, Tensor shape);

    // ---- indexing ---------------------------------------------------------------------------------

    /** ONNX Gather: picks entries of {@code x} along {@code axis} at int64 {@code indices}. */
    Tensor gather(Tensor x, Tensor indices, int axis);

    /** ONNX GatherElements: {@code out[i][j] = x[i][indices[i][j]]} for axis 1, and so on. */
    Tensor gatherElements(Tensor x, Tensor indices, int axis);

    /** ONNX ScatterElements without reduction: a copy of {@code x} with {@code updates} placed. */
    Tensor scatterElements(Tensor x, Tensor indices, Tensor updates, int axis);

    /** The {@code k} largest entries along {@code axis}, sorted descending. */
    TopK topK(Tensor x, long k, int axis);

    /** {@link #topK(Tensor, long, int)} with {@code k} computed in the graph (1-element int64). */
    TopK topK(Tensor x, Tensor k, int axis);

    // ---- attention ------------------------------------------------------------------------------

    /**
     * The fused attention primitive: {@code softmax(q k^T * scale + bias) v} over the last two axes.
     *
     * @param q    {@code [..., T, D]}
     * @param k    {@code [..., S, D]}
     * @param v    {@code [..., S, Dv]}
     * @param mask boolean {@code [T, S]} or broadcastable, true where a key may be seen; may be null
     * @return {@code [..., T, Dv]}
     */
    default Tensor attention(Tensor q, Tensor k, Tensor v, Tensor mask, float scale) {
        return matmul(attentionProbabilities(q, k, mask, scale), v);
    }

    /** The attention probabilities {@code softmax(q k^T * scale, masked)}, {@code [..., T, S]}. */
    default Tensor attentionProbabilities(Tensor q, Tensor k, Tensor mask, float scale) {
        int r = k.rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) {
            perm[i] = i;
        }
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        Tensor scores = mul(matmul(q, transpose(k, perm)), scalar(scale));
        if (mask != null) {
            // A large finite value rather than -inf: a fully masked row then stays finite.
            scores = where(mask, scores, scalar(MASKED_SCORE));
        }
        return softmax(scores, -1);
    }

    // ---- plugin-side custom ops -----------------------------------------------------------------

    /** Runs a Java {@link HostOp} on these inputs; returns its outputs (float32). */
    List<Tensor> host(HostOp op, List<Tensor> inputs);
}
