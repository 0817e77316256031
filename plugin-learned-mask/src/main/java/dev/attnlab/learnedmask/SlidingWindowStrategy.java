package dev.attnlab.learnedmask;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;

/**
 * {@code sliding-window}: each query sees only the last {@code window} keys, itself included. The KV
 * cache carried between runs keeps only those, so memory while decoding is O(window).
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class SlidingWindowStrategy implements AttentionStrategy {

    public static final String ID = "sliding-window";
    static final String WINDOW = "window";

    private static final ConfigSchema SCHEMA = ConfigSchema.of(
            ConfigOption.integer(WINDOW, 10, 1, Integer.MAX_VALUE,
                    "Keys each query sees: itself and the window - 1 before it (10 is the seed method's baseline)."));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Causal attention over the last `window` keys only; the KV cache keeps just those";
    }

    @Override
    public ConfigSchema configSchema() {
        return SCHEMA;
    }

    @Override
    public LayerAttention create(AttentionContext context, Settings settings) {
        return new WindowAttention(settings.getLong(WINDOW), 0);
    }
}
