package dev.attnlab.api.tensor;

import dev.attnlab.api.ApiStatus;
import java.util.List;

/**
 * Computation written in plain Java that runs between graph segments: a plugin-side custom op.
 *
 * <p>When a graph uses a host op, the ONNX lowering cuts the graph there: the runtime runs the part
 * before, hands the op's inputs to {@link #compute} as heap arrays, and feeds the results into the
 * part after. The eager lowering calls {@link #compute} directly. Host ops are not differentiated.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public interface HostOp {

    /** A name for logs and graph node names, e.g. {@code "tree-kernel.layer3"}. */
    String name();

    /** The ranks of the float32 outputs {@link #compute} returns, in order. */
    List<Integer> outputRanks();

    /**
     * Computes the outputs. Inputs arrive in the order given to {@link TensorOps#host}; integer and
     * boolean inputs are converted to float32. Must not keep references to the inputs.
     */
    List<FloatTensor> compute(List<FloatTensor> inputs);
}
