package dev.attnlab.harness.wiring;

import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.compress.Compressor;
import dev.attnlab.api.eval.Evaluator;
import dev.attnlab.harness.experiment.ProviderCatalog;
import dev.attnlab.harness.plugins.PluginRegistry;

/** The runner's view of the plugin registry. */
final class RegistryCatalog implements ProviderCatalog {

    private final PluginRegistry registry;

    RegistryCatalog(PluginRegistry registry) {
        this.registry = registry;
    }

    @Override
    public AttentionStrategy strategy(String id) {
        return registry.strategy(id);
    }

    @Override
    public Compressor compressor(String id) {
        return registry.compressor(id);
    }

    @Override
    public Evaluator evaluator(String id) {
        return registry.evaluator(id);
    }
}
