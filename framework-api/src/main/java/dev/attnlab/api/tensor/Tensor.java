package dev.attnlab.api.tensor;

import dev.attnlab.api.ApiStatus;

/**
 * An opaque handle to a tensor value inside one {@link TensorOps} backend: a named value in a graph
 * being recorded (ONNX lowering) or a live array (eager lowering). Handles are only valid with the
 * backend that made them.
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public interface Tensor {

    DType dtype();

    /** The number of dimensions; known statically in every backend. */
    int rank();
}
