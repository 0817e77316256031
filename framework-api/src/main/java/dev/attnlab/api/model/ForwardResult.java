package dev.attnlab.api.model;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.List;

/**
 * The outputs of a forward pass. Positions cover the soft prompt (if any) followed by the tokens.
 *
 * @param logits       {@code [P + T, vocab]}
 * @param attention    per layer {@code [heads, P + T, P + T]}; empty unless requested
 * @param hiddenStates {@code [P + T, dim]} after the final norm; null unless requested
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record ForwardResult(FloatTensor logits, List<FloatTensor> attention, FloatTensor hiddenStates) {
}
