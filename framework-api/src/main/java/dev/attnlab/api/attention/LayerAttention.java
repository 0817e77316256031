package dev.attnlab.api.attention;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.tensor.TensorOps;

/** A strategy made for one layer; see {@link AttentionStrategy}. */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
@FunctionalInterface
public interface LayerAttention {

    /**
     * Computes the layer's attention core for the new tokens. Queries may only see keys at positions
     * at or before their own (causal). Keys of earlier runs are the strategy's own business: keep them
     * as state (see {@link KvCache}) or summarise them.
     */
    AttentionResult attend(TensorOps ops, AttentionInputs inputs);
}
