package dev.attnlab.harness.train.infini;

import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.Settings;
import dev.attnlab.harness.model.ModelDefinition;
import java.util.ArrayList;
import java.util.List;

/** One layer attention per model layer from a strategy. */
final class StrategyLayers {

    private StrategyLayers() {
    }

    /** {@code strategy}'s layers for {@code model}; null settings mean the strategy's defaults. */
    static List<LayerAttention> of(ModelDefinition model, AttentionStrategy strategy, Settings settings) {
        Settings s = settings != null ? settings : strategy.configSchema().defaults();
        List<LayerAttention> out = new ArrayList<>();
        for (int i = 0; i < model.info().layers(); i++) {
            out.add(strategy.create(model.attentionContext(i), s));
        }
        return out;
    }
}
