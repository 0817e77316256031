/**
 * The backend-neutral tensor-op API: models and graph-level attention strategies are written once
 * against {@link dev.attnlab.api.tensor.TensorOps} and lowered to ONNX (inference) or eager autograd
 * (training). {@link dev.attnlab.api.tensor.HostOp} is the escape hatch for computation written in Java.
 */
package dev.attnlab.api.tensor;
