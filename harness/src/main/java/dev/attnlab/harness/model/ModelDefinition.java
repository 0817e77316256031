package dev.attnlab.harness.model;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.model.ModelInfo;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.TensorOps;
import java.util.List;

/**
 * A model family's forward pass written once against {@link TensorOps}, with its weights.
 *
 * <p>The graph contract (also in docs/export-contract.md): inputs {@code input_ids} int64
 * {@code [batch, seq]} (or {@code inputs_embeds} float {@code [batch, seq, dim]}) and {@code positions}
 * int64 {@code [seq]} (absolute positions, continuing earlier runs); output {@code logits}
 * {@code [batch, seq, vocab]}; optional outputs per {@link GraphOptions}; per-layer state as the
 * layers' strategies declare it.
 */
public interface ModelDefinition {

    ModelInfo info();

    WeightStore weights();

    /** The attention geometry of layer {@code layer}, for creating its strategy. */
    AttentionContext attentionContext(int layer);

    /** Records the forward pass into {@code ops}, with {@code layers.get(i)} as layer i's attention core. */
    void build(TensorOps ops, List<LayerAttention> layers, GraphOptions options);

    /** Token embeddings {@code [tokens.length, dim]} as the graph would look them up (for soft prompts). */
    FloatTensor embed(int[] tokens);

    /**
     * The weights that map tokens to vectors and back (embedding and classifier tables), by name: what a
     * trainer that feeds {@link #embed} results from outside the graph must keep frozen.
     */
    default java.util.Set<String> tokenTables() {
        return java.util.Set.of();
    }
}
