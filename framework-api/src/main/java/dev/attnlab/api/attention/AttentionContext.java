package dev.attnlab.api.attention;

import dev.attnlab.api.ApiStatus;

/**
 * The geometry of the layer a strategy is made for.
 *
 * @param layer      0-based layer index
 * @param layerCount number of layers in the model
 * @param heads      query heads
 * @param kvHeads    key/value heads (fewer than {@code heads} under grouped-query attention)
 * @param headDim    dimension of one head
 * @param maxContext the longest context the model was built for (its position limit)
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record AttentionContext(int layer, int layerCount, int heads, int kvHeads, int headDim, int maxContext) {

    public AttentionContext {
        if (heads <= 0 || kvHeads <= 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("heads " + heads + " must be a positive multiple of kvHeads " + kvHeads);
        }
        if (layer < 0 || layer >= layerCount) {
            throw new IllegalArgumentException("layer " + layer + " outside 0.." + (layerCount - 1));
        }
    }

    /** The name a strategy gives its own parameter or state, unique per layer: {@code layers.3.attn.<local>}. */
    public String name(String local) {
        return "layers." + layer + ".attn." + local;
    }

    /** 1 / sqrt(headDim), the usual score scale. */
    public float defaultScale() {
        return (float) (1.0 / Math.sqrt(headDim));
    }
}
