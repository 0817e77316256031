package dev.attnlab.harness.lower.djl;

import ai.djl.ndarray.NDArray;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Tensor;

/** A tensor handle of the eager DJL lowering: a live NDArray with attnlab's element type. */
record DjlTensor(NDArray array, DType dtype) implements Tensor {

    @Override
    public int rank() {
        return array.getShape().dimension();
    }
}
