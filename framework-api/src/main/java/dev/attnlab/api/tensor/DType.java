package dev.attnlab.api.tensor;

import dev.attnlab.api.ApiStatus;

/** Element types of tensors in the tensor-op API. */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public enum DType {
    FLOAT32,
    INT64,
    BOOL
}
