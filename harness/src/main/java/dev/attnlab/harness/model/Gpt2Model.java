package dev.attnlab.harness.model;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.model.ModelInfo;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Dim;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;
import java.util.List;
import java.util.Objects;

/**
 * The GPT-2 family: learned absolute positions, pre-norm blocks with LayerNorm, a fused q/k/v
 * projection, the tanh-approximated GELU ({@code gelu_new}) and a classifier tied to the token
 * embedding. Weight names are those of {@link Gpt2Names}.
 */
public final class Gpt2Model implements ModelDefinition {

    private final Gpt2Config config;
    private final WeightStore weights;
    private final ModelIdentity identity;
    private final Lazy<ModelInfo> info;

    public Gpt2Model(Gpt2Config config, WeightStore weights, ModelIdentity identity) {
        this.config = Objects.requireNonNull(config, "config");
        this.weights = Objects.requireNonNull(weights, "weights");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.info = new Lazy<>(() -> new ModelInfo(identity.name(), "gpt2", config.vocabSize(), config.maxSeqLen(),
                config.layers(), config.heads(), config.heads(), config.dim(), ContentHash.of("gpt2 " + config, weights),
                identity.bosToken(), identity.eosToken()));
        checkWeights();
    }

    /**
     * A model with deterministic random weights: normal with std {@code 1/sqrt(fan_in)} for projections
     * (output projections further divided by {@code sqrt(2 * layers)}), 0.3 for token and 0.1 for
     * position embeddings, LayerNorm gains near 1 and small random biases.
     */
    public static Gpt2Model randomInit(Gpt2Config config, long seed) {
        RandomWeights w = new RandomWeights(seed);
        int d = config.dim();
        int f = config.hiddenDim();
        double residualScale = 1 / Math.sqrt(2.0 * config.layers());
        w.normal(Gpt2Names.TOKEN_EMBED, 0.3, config.vocabSize(), d);
        w.normal(Gpt2Names.POSITION_EMBED, 0.1, config.maxSeqLen(), d);
        for (int i = 0; i < config.layers(); i++) {
            w.jittered(Gpt2Names.layer(i, "ln_1.weight"), 1f, 0.1, d);
            w.normal(Gpt2Names.layer(i, "ln_1.bias"), 0.05, d);
            w.normal(Gpt2Names.layer(i, "attn.c_attn.weight"), 1 / Math.sqrt(d), d, 3L * d);
            w.normal(Gpt2Names.layer(i, "attn.c_attn.bias"), 0.05, 3L * d);
            w.normal(Gpt2Names.layer(i, "attn.c_proj.weight"), residualScale / Math.sqrt(d), d, d);
            w.normal(Gpt2Names.layer(i, "attn.c_proj.bias"), 0.05, d);
            w.jittered(Gpt2Names.layer(i, "ln_2.weight"), 1f, 0.1, d);
            w.normal(Gpt2Names.layer(i, "ln_2.bias"), 0.05, d);
            w.normal(Gpt2Names.layer(i, "mlp.c_fc.weight"), 1 / Math.sqrt(d), d, f);
            w.normal(Gpt2Names.layer(i, "mlp.c_fc.bias"), 0.05, f);
            w.normal(Gpt2Names.layer(i, "mlp.c_proj.weight"), residualScale / Math.sqrt(f), f, d);
            w.normal(Gpt2Names.layer(i, "mlp.c_proj.bias"), 0.05, d);
        }
        w.jittered(Gpt2Names.FINAL_NORM + ".weight", 1f, 0.1, d);
        w.normal(Gpt2Names.FINAL_NORM + ".bias", 0.05, d);
        String name = "random-gpt2-" + Long.toHexString(seed);
        return new Gpt2Model(config, w.store(name + " (random init, seed " + seed + ")"),
                new ModelIdentity(name, -1, -1));
    }

    public Gpt2Config config() {
        return config;
    }

    @Override
    public ModelInfo info() {
        return info.get();
    }

    @Override
    public WeightStore weights() {
        return weights;
    }

    @Override
    public AttentionContext attentionContext(int layer) {
        return new AttentionContext(layer, config.layers(), config.heads(), config.heads(), config.headDim(),
                config.maxSeqLen());
    }

    @Override
    public java.util.Set<String> tokenTables() {
        return java.util.Set.of(Gpt2Names.TOKEN_EMBED);
    }

    @Override
    public FloatTensor embed(int[] tokens) {
        return Embeddings.rows(weights.get(Gpt2Names.TOKEN_EMBED).orElseThrow(), tokens, weights.source());
    }

    @Override
    public void build(TensorOps ops, List<LayerAttention> layers, GraphOptions options) {
        GraphBlocks.requireLayers(layers, config.layers());
        int d = config.dim();
        int f = config.hiddenDim();
        int heads = config.heads();
        int dh = config.headDim();
        Dim seq = Dim.symbol("seq");
        Tensor tokenTable = ops.parameter(Gpt2Names.TOKEN_EMBED, config.vocabSize(), d);
        Tensor x;
        if (options.embeddingsInput()) {
            x = ops.input("inputs_embeds", DType.FLOAT32, Dim.BATCH, seq, Dim.of(d));
        } else {
            x = ops.gather(tokenTable, ops.input("input_ids", DType.INT64, Dim.BATCH, seq), 0);
        }
        Tensor positions = ops.input("positions", DType.INT64, seq);
        x = ops.add(x, ops.gather(ops.parameter(Gpt2Names.POSITION_EMBED, config.maxSeqLen(), d), positions, 0));
        for (int i = 0; i < config.layers(); i++) {
            Tensor h = norm(ops, x, Gpt2Names.layer(i, "ln_1"));
            Tensor qkv = GraphBlocks.conv1d(ops, h, param(ops, i, "attn.c_attn.weight", d, 3L * d),
                    param(ops, i, "attn.c_attn.bias", 3L * d));
            Tensor q = GraphBlocks.splitHeads(ops, ops.slice(qkv, 2, 0, d), heads, dh);
            Tensor k = GraphBlocks.splitHeads(ops, ops.slice(qkv, 2, d, 2L * d), heads, dh);
            Tensor v = GraphBlocks.splitHeads(ops, ops.slice(qkv, 2, 2L * d, 3L * d), heads, dh);
            AttentionContext context = attentionContext(i);
            AttentionResult attended = layers.get(i).attend(ops,
                    new AttentionInputs(q, k, v, positions, context.defaultScale(), context));
            if (options.attentionProbabilities()) {
                ops.output("attention." + i, Probabilities.require(attended, i));
            }
            Tensor merged = GraphBlocks.mergeHeads(ops, attended.output(), heads, dh);
            x = ops.add(x, GraphBlocks.conv1d(ops, merged, param(ops, i, "attn.c_proj.weight", d, d),
                    param(ops, i, "attn.c_proj.bias", d)));
            h = norm(ops, x, Gpt2Names.layer(i, "ln_2"));
            Tensor up = GraphBlocks.conv1d(ops, h, param(ops, i, "mlp.c_fc.weight", d, f), param(ops, i, "mlp.c_fc.bias", f));
            x = ops.add(x, GraphBlocks.conv1d(ops, GraphBlocks.geluTanh(ops, up),
                    param(ops, i, "mlp.c_proj.weight", f, d), param(ops, i, "mlp.c_proj.bias", d)));
        }
        Tensor hidden = norm(ops, x, Gpt2Names.FINAL_NORM);
        if (options.hiddenStates()) {
            ops.output("hidden_states", hidden);
        }
        ops.output("logits", GraphBlocks.linear(ops, hidden, tokenTable, null));
    }

    private Tensor norm(TensorOps ops, Tensor x, String prefix) {
        int d = config.dim();
        return GraphBlocks.layerNorm(ops, x, ops.parameter(prefix + ".weight", d), ops.parameter(prefix + ".bias", d),
                config.normEps());
    }

    private static Tensor param(TensorOps ops, int layer, String local, long... shape) {
        return ops.parameter(Gpt2Names.layer(layer, local), shape);
    }

    private void checkWeights() {
        int d = config.dim();
        int f = config.hiddenDim();
        MapWeightStore.require(weights, Gpt2Names.TOKEN_EMBED, config.vocabSize(), d);
        MapWeightStore.require(weights, Gpt2Names.POSITION_EMBED, config.maxSeqLen(), d);
        for (int i = 0; i < config.layers(); i++) {
            for (String norm : new String[] {"ln_1", "ln_2"}) {
                MapWeightStore.require(weights, Gpt2Names.layer(i, norm + ".weight"), d);
                MapWeightStore.require(weights, Gpt2Names.layer(i, norm + ".bias"), d);
            }
            MapWeightStore.require(weights, Gpt2Names.layer(i, "attn.c_attn.weight"), d, 3L * d);
            MapWeightStore.require(weights, Gpt2Names.layer(i, "attn.c_attn.bias"), 3L * d);
            MapWeightStore.require(weights, Gpt2Names.layer(i, "attn.c_proj.weight"), d, d);
            MapWeightStore.require(weights, Gpt2Names.layer(i, "attn.c_proj.bias"), d);
            MapWeightStore.require(weights, Gpt2Names.layer(i, "mlp.c_fc.weight"), d, f);
            MapWeightStore.require(weights, Gpt2Names.layer(i, "mlp.c_fc.bias"), f);
            MapWeightStore.require(weights, Gpt2Names.layer(i, "mlp.c_proj.weight"), f, d);
            MapWeightStore.require(weights, Gpt2Names.layer(i, "mlp.c_proj.bias"), d);
        }
        MapWeightStore.require(weights, Gpt2Names.FINAL_NORM + ".weight", d);
        MapWeightStore.require(weights, Gpt2Names.FINAL_NORM + ".bias", d);
    }
}
