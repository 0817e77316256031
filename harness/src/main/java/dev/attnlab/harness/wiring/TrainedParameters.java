package dev.attnlab.harness.wiring;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.model.ModelInfo;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.TensorOps;
import dev.attnlab.harness.model.GraphOptions;
import dev.attnlab.harness.model.MapWeightStore;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.WeightStore;
import dev.attnlab.harness.model.io.SafetensorsFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model whose weights are the checkpoint's with a strategy's trained parameters laid over them: the
 * strategy finds its parameters by name ({@code TensorOps.parameter}) exactly as in training. A file that
 * would replace a checkpoint weight is refused, since trained strategy parameters never share names with
 * the model's own.
 */
final class TrainedParameters implements ModelDefinition {

    private final ModelDefinition base;
    private final WeightStore weights;

    TrainedParameters(ModelDefinition base, Path file) {
        this.base = base;
        Map<String, FloatTensor> trained = SafetensorsFile.open(file).readAll();
        Map<String, FloatTensor> merged = new LinkedHashMap<>();
        for (String name : base.weights().names()) {
            if (trained.containsKey(name)) {
                throw new IllegalArgumentException("trained parameters " + file + " hold '" + name
                        + "', a weight of the checkpoint itself; strategy parameters have their own names "
                        + "(layers.N.attn....)");
            }
            merged.put(name, base.weights().get(name).orElseThrow());
        }
        merged.putAll(trained);
        this.weights = new MapWeightStore(merged, base.weights().source() + " + " + file);
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
    public FloatTensor embed(int[] tokens) {
        return base.embed(tokens);
    }
}
