package dev.attnlab.api.attention;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.plugin.Provider;

/**
 * How one layer's attention core is computed: the service interface of attention methods.
 *
 * <p>The model computes the projections and rotary embedding and hands the strategy the layer's
 * queries and its new keys and values ({@link AttentionInputs}); the strategy returns the attended
 * values. In between it may do anything {@link dev.attnlab.api.tensor.TensorOps} offers (graph level,
 * lowered to ONNX or to eager autograd), keep state across runs (a KV cache, a compressive memory), or
 * call Java code through {@link dev.attnlab.api.tensor.TensorOps#host} (a host op).
 *
 * <p>Register an implementation with {@code provides dev.attnlab.api.attention.AttentionStrategy with
 * ...} in module-info and in {@code META-INF/services/dev.attnlab.api.attention.AttentionStrategy}.
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public interface AttentionStrategy extends Provider {

    /**
     * Makes this strategy's attention for one layer.
     *
     * @param context  the layer's geometry; never null
     * @param settings validated against {@link #configSchema()}; never null
     * @throws dev.attnlab.api.config.ConfigException if the settings do not fit this model
     */
    LayerAttention create(AttentionContext context, Settings settings);

    /**
     * Whether this strategy has parameters that the distillation trainer can fit. Strategies that
     * return true declare them with {@link dev.attnlab.api.tensor.ParameterSpec#trainable}.
     */
    default boolean trainable() {
        return false;
    }
}
