package dev.attnlab.api.attention;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.tensor.Tensor;

/**
 * A strategy's output for one layer.
 *
 * @param output        {@code [batch, heads, T, headDim]}
 * @param probabilities the attention probabilities {@code [batch, heads, T, S]} over all S keys the
 *                      queries could see (zeros where the method skipped a key), or null when the
 *                      method cannot expose them; only asked for when
 *                      {@link dev.attnlab.api.tensor.TensorOps#wantsAttentionProbabilities()}
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record AttentionResult(Tensor output, Tensor probabilities) {

    public static AttentionResult of(Tensor output) {
        return new AttentionResult(output, null);
    }
}
