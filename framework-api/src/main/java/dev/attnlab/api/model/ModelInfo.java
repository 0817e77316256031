package dev.attnlab.api.model;

import dev.attnlab.api.ApiStatus;

/**
 * What a loaded model is.
 *
 * @param name         a display name, e.g. {@code stories260K}
 * @param architecture {@code llama} or {@code gpt2}
 * @param vocabSize    size of the output distribution
 * @param maxContext   the longest sequence the model accepts (its position limit)
 * @param layers       number of transformer blocks
 * @param heads        query heads per layer
 * @param kvHeads      key/value heads per layer
 * @param dim          width of the residual stream (and of soft-prompt vectors)
 * @param contentHash  hex SHA-256 of the weights and configuration; ties derived files to the model
 * @param bosToken     the begin-of-sequence token id, or -1
 * @param eosToken     the end-of-sequence token id, or -1
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record ModelInfo(String name, String architecture, int vocabSize, int maxContext, int layers, int heads,
                        int kvHeads, int dim, String contentHash, int bosToken, int eosToken) {
}
