package dev.attnlab.api.model;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.tensor.FloatTensor;

/**
 * One forward pass over a fresh sequence (no earlier state).
 *
 * @param tokens          token ids, at least one unless a soft prompt is given
 * @param softPrompt      {@code [P, dim]} embeddings placed before the tokens, or null
 * @param attention       whether to return per-layer attention probabilities (short inputs only)
 * @param hiddenStates    whether to return the final hidden states
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record ForwardRequest(int[] tokens, FloatTensor softPrompt, boolean attention, boolean hiddenStates) {

    public static ForwardRequest of(int[] tokens) {
        return new ForwardRequest(tokens, null, false, false);
    }

    public ForwardRequest withAttention() {
        return new ForwardRequest(tokens, softPrompt, true, hiddenStates);
    }

    public ForwardRequest withHiddenStates() {
        return new ForwardRequest(tokens, softPrompt, attention, true);
    }

    public ForwardRequest withSoftPrompt(FloatTensor prompt) {
        return new ForwardRequest(tokens, prompt, attention, hiddenStates);
    }
}
