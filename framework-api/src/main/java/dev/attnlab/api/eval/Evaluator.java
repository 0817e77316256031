package dev.attnlab.api.eval;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.plugin.Provider;

/**
 * A metric over a model, a method and data: the service interface of evaluators.
 *
 * <p>The harness calls {@link #evaluate} once per method with the same reference and the same tokens;
 * an evaluator must be deterministic given the context's seed. Register with {@code provides
 * dev.attnlab.api.eval.Evaluator with ...} and in {@code META-INF/services/dev.attnlab.api.eval.Evaluator}.
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public interface Evaluator extends Provider {

    /**
     * Measures the method.
     *
     * @throws dev.attnlab.api.config.ConfigException for settings that do not fit the model or data
     */
    EvaluationResult evaluate(EvaluationContext context, Settings settings);

    /** Whether this evaluator can measure a compressor (false: attention strategies only). */
    default boolean supportsCompressors() {
        return true;
    }
}
