package dev.attnlab.learnedmask;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;

/**
 * {@code window}: each query sees the last {@code window} keys plus the first {@code sinks} tokens of the
 * sequence, which stay visible to every query ("attention sinks": models put much attention mass on the
 * first tokens, and dropping them hurts far more than dropping any other key). The KV cache keeps the
 * sinks and the last window entries, so decode memory is O(window + sinks).
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class WindowStrategy implements AttentionStrategy {

    public static final String ID = "window";
    static final String SINKS = "sinks";

    private static final ConfigSchema SCHEMA = ConfigSchema.of(
            ConfigOption.integer(SlidingWindowStrategy.WINDOW, 10, 1, Integer.MAX_VALUE,
                    "Most recent keys each query sees, itself included."),
            ConfigOption.integer(SINKS, 4, 0, Integer.MAX_VALUE,
                    "First tokens of the sequence every query also sees (0 turns this into sliding-window)."));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Last-k window plus the first `sinks` tokens (attention sinks); the cache keeps only those";
    }

    @Override
    public ConfigSchema configSchema() {
        return SCHEMA;
    }

    @Override
    public LayerAttention create(AttentionContext context, Settings settings) {
        // the schema's ranges (window >= 1, sinks >= 0) were checked when the settings were validated
        return new WindowAttention(settings.getLong(SlidingWindowStrategy.WINDOW), settings.getLong(SINKS));
    }
}
