package dev.attnlab.api.attention;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.tensor.Tensor;

/**
 * What the model hands a strategy for one layer and one run.
 *
 * @param query     {@code [batch, heads, T, headDim]}, rotary embedding applied
 * @param key       the new keys, {@code [batch, kvHeads, T, headDim]}, rotary embedding applied
 * @param value     the new values, {@code [batch, kvHeads, T, headDim]}
 * @param positions absolute positions of the T new tokens, int64 {@code [T]}; a run continues the
 *                  previous one, so on a decode step this is the single next position
 * @param scale     the score scale, normally {@code 1/sqrt(headDim)}
 * @param context   the layer's geometry
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record AttentionInputs(Tensor query, Tensor key, Tensor value, Tensor positions, float scale,
                              AttentionContext context) {
}
