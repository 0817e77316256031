package dev.attnlab.api.compress;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.plugin.Provider;

/**
 * Shortens or encodes a context before the model reads it: token ids in, fewer token ids or
 * soft-prompt vectors out. The service interface of context-compression methods.
 *
 * <p>Register with {@code provides dev.attnlab.api.compress.Compressor with ...} and in
 * {@code META-INF/services/dev.attnlab.api.compress.Compressor}.
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public interface Compressor extends Provider {

    /**
     * Prepares this compressor for one model (loading or building what it needs, e.g. a dictionary).
     *
     * @param context  the model and where to keep files; never null
     * @param settings validated against {@link #configSchema()}; never null
     */
    ContextCompressor create(CompressionContext context, Settings settings);
}
