package com.example.uniform;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionMath;
import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.KvCache;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;

/**
 * Uniform causal attention: each query averages the values of every earlier key (and its own),
 * ignoring the scores altogether. Not a good method; a small, honest example of a strategy written
 * against the tensor-op API, and a floor that any real method should beat.
 *
 * <p>With {@code max-keys = n > 0} a query averages only the last {@code n} positions, and the cache
 * keeps only those, so memory stays bounded.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "1.0.0")
public final class UniformCausalStrategy implements AttentionStrategy {

    /** The id experiments use: {@code strategy = "uniform-causal"}. */
    public static final String ID = "uniform-causal";

    private static final ConfigSchema SCHEMA = ConfigSchema.of(
            ConfigOption.integer("max-keys", 0, 0, 1 << 24,
                    "Average over at most this many most recent positions; 0 = all earlier positions"));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Each query averages the values of all earlier keys, uniformly (example third-party plugin)";
    }

    @Override
    public ConfigSchema configSchema() {
        return SCHEMA;
    }

    @Override
    public LayerAttention create(AttentionContext context, Settings settings) {
        long maxKeys = settings.getLong("max-keys");
        return (ops, in) -> {
            KvCache all = KvCache.load(ops, context).plus(ops, in);
            (maxKeys > 0 ? all.lastEntries(ops, maxKeys) : all).store(ops, context);
            Tensor visible = AttentionMath.causalMask(ops, in.positions(), all.positions()); // [T, S]
            if (maxKeys > 0) {
                // key position > query position - maxKeys
                Tensor oldest = ops.sub(ops.unsqueeze(in.positions(), 1), ops.scalarLong(maxKeys));
                visible = ops.and(visible, ops.greater(ops.unsqueeze(all.positions(), 0), oldest));
            }
            Tensor weights = ops.cast(visible, DType.FLOAT32);
            Tensor probabilities = ops.div(weights, ops.reduceSum(weights, true, -1)); // rows sum to 1
            Tensor p = ops.unsqueeze(probabilities, 0, 1); // [1, 1, T, S]
            Tensor values = AttentionMath.repeatKv(ops, all.values(), context); // [B, H, S, D]
            Tensor output = ops.matmul(p, values);
            if (!ops.wantsAttentionProbabilities()) {
                return AttentionResult.of(output);
            }
            return new AttentionResult(output, perHead(ops, p, in.query()));
        };
    }

    /** The [1, 1, T, S] probabilities broadcast to [B, H, T, S], as the harness asks for them. */
    private static Tensor perHead(TensorOps ops, Tensor p, Tensor query) {
        Tensor target = ops.concat(0, ops.slice(ops.shape(query), 0, 0, 3), ops.slice(ops.shape(p), 0, 3, 4));
        return ops.expand(p, target);
    }
}
