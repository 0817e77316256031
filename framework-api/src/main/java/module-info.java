/**
 * The attnlab framework API: the three service-provider interfaces a method plugs in through
 * ({@link dev.attnlab.api.attention.AttentionStrategy}, {@link dev.attnlab.api.compress.Compressor},
 * {@link dev.attnlab.api.eval.Evaluator}), the backend-neutral tensor-op API that models and
 * graph-level strategies are written against ({@link dev.attnlab.api.tensor.TensorOps}), and the small
 * value types these speak.
 *
 * <p>This module depends on the JDK only. A plugin requires it and nothing else; its module-info
 * states {@code provides dev.attnlab.api.attention.AttentionStrategy with ...} (and ships the same
 * provider in {@code META-INF/services} so that the jar also works on a class path).
 */
module dev.attnlab.api {
    exports dev.attnlab.api;
    exports dev.attnlab.api.plugin;
    exports dev.attnlab.api.config;
    exports dev.attnlab.api.tensor;
    exports dev.attnlab.api.attention;
    exports dev.attnlab.api.compress;
    exports dev.attnlab.api.eval;
    exports dev.attnlab.api.model;
    exports dev.attnlab.api.testkit;
}
