package dev.attnlab.api.tensor;

import dev.attnlab.api.ApiStatus;

/** The result of {@link TensorOps#topK}: the largest values and their int64 indices. */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record TopK(Tensor values, Tensor indices) {
}
