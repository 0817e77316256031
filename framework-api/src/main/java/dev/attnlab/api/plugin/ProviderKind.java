package dev.attnlab.api.plugin;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.compress.Compressor;
import dev.attnlab.api.eval.Evaluator;

/** The three kinds of provider attnlab discovers, each with its service interface. */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public enum ProviderKind {
    ATTENTION_STRATEGY("strategy", AttentionStrategy.class),
    COMPRESSOR("compressor", Compressor.class),
    EVALUATOR("evaluator", Evaluator.class);

    private final String label;
    private final Class<? extends Provider> service;

    ProviderKind(String label, Class<? extends Provider> service) {
        this.label = label;
        this.service = service;
    }

    /** Short lower-case name used in listings and error messages. */
    public String label() {
        return label;
    }

    /** The service interface providers of this kind implement. */
    public Class<? extends Provider> service() {
        return service;
    }
}
