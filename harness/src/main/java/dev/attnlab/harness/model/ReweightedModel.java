package dev.attnlab.harness.model;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.model.ModelInfo;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.TensorOps;
import java.util.List;
import java.util.Map;

/**
 * A model with the same architecture and graph as {@code base} but other weights: the graph finds its
 * weights by name in {@link #weights()} ({@code TensorOps.parameter}), so laying trained values over the
 * base's store is all it takes. Token lookups ({@link #embed}) stay the base's.
 */
public final class ReweightedModel implements ModelDefinition {

    private final ModelDefinition base;
    private final WeightStore weights;

    public ReweightedModel(ModelDefinition base, WeightStore weights) {
        this.base = base;
        this.weights = weights;
    }

    /** {@code base} with {@code replaced} laid over its weights by name (new names are added). */
    public static ReweightedModel overlay(ModelDefinition base, Map<String, FloatTensor> replaced, String what) {
        return new ReweightedModel(base, MapWeightStore.overlay(base.weights(), replaced, what));
    }

    @Override
    public ModelInfo info() {
        return base.info();
    }

    @Override
    public WeightStore weights() {
        return weights;
    }

    @Override
    public AttentionContext attentionContext(int layer) {
        return base.attentionContext(layer);
    }

    @Override
    public void build(TensorOps ops, List<LayerAttention> layers, GraphOptions options) {
        base.build(ops, layers, options);
    }

    @Override
    public java.util.Set<String> tokenTables() {
        return base.tokenTables();
    }

    @Override
    public FloatTensor embed(int[] tokens) {
        return base.embed(tokens);
    }
}
