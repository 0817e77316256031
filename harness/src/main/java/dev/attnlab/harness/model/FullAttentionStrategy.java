package dev.attnlab.harness.model;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionMath;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.KvCache;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.Settings;

/** Full causal softmax attention over every earlier key, with a KV cache: the reference every method meets. */
public final class FullAttentionStrategy implements AttentionStrategy {

    public static final String ID = "full";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Full causal softmax attention with a KV cache (the baseline)";
    }

    @Override
    public ApiStatus.Status stability() {
        return ApiStatus.Status.STABLE;
    }

    @Override
    public LayerAttention create(AttentionContext context, Settings settings) {
        return (ops, in) -> {
            KvCache all = KvCache.append(ops, in);
            return AttentionMath.causalAttention(ops, in, all.keys(), all.values(), all.positions());
        };
    }
}
