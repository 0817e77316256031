package dev.attnlab.harness.experiment;

import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.compress.Compressor;
import dev.attnlab.api.eval.Evaluator;

/**
 * The providers an experiment names, by id. The harness binds it to its plugin registry; the experiment
 * loader has already checked that every id exists, so a miss here is a bug and may throw.
 */
public interface ProviderCatalog {

    AttentionStrategy strategy(String id);

    Compressor compressor(String id);

    Evaluator evaluator(String id);
}
