package dev.attnlab.harness.model;

/**
 * Which variant of a model's graph to record.
 *
 * @param embeddingsInput        read {@code inputs_embeds [batch, seq, dim]} instead of {@code input_ids}
 *                               (soft prompts); token embeddings are then looked up by the caller
 * @param attentionProbabilities also output {@code attention.<layer>} {@code [batch, heads, seq, keys]}
 * @param hiddenStates           also output {@code hidden_states} {@code [batch, seq, dim]} (after the final norm)
 */
public record GraphOptions(boolean embeddingsInput, boolean attentionProbabilities, boolean hiddenStates) {

    public static final GraphOptions LOGITS_ONLY = new GraphOptions(false, false, false);
}
