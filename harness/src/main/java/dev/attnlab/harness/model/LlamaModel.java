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
 * The Llama family (Llama 2, llama2.c, Mistral, Qwen2): pre-norm blocks with RMSNorm, rotary position
 * embeddings, grouped-query attention and a SwiGLU feed-forward layer. Weight names are those of
 * {@link LlamaNames}; every weight is checked against the config when the model is made.
 */
public final class LlamaModel implements ModelDefinition {

    private final LlamaConfig config;
    private final WeightStore weights;
    private final ModelIdentity identity;
    private final Lazy<ModelInfo> info;
    private volatile Rotary.Tables ropeTables;

    public LlamaModel(LlamaConfig config, WeightStore weights, ModelIdentity identity) {
        this.config = Objects.requireNonNull(config, "config");
        this.weights = Objects.requireNonNull(weights, "weights");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.info = new Lazy<>(() -> new ModelInfo(identity.name(), "llama", config.vocabSize(), config.maxSeqLen(),
                config.layers(), config.heads(), config.kvHeads(), config.dim(), ContentHash.of("llama " + config, weights),
                identity.bosToken(), identity.eosToken()));
        checkWeights();
    }

    /**
     * A model with deterministic random weights: normal with std {@code 1/sqrt(fan_in)} for
     * projections (output projections further divided by {@code sqrt(2 * layers)}), 0.3 for the
     * embedding, and norm gains near 1. The same config and seed always give the same weights.
     */
    public static LlamaModel randomInit(LlamaConfig config, long seed) {
        RandomWeights w = new RandomWeights(seed);
        int d = config.dim();
        int qDim = config.heads() * config.headDim();
        int f = config.hiddenDim();
        double residualScale = 1 / Math.sqrt(2.0 * config.layers());
        w.normal(LlamaNames.EMBED, 0.3, config.vocabSize(), d);
        for (int i = 0; i < config.layers(); i++) {
            w.jittered(LlamaNames.layer(i, "input_layernorm.weight"), 1f, 0.1, d);
            w.normal(LlamaNames.layer(i, "self_attn.q_proj.weight"), 1 / Math.sqrt(d), qDim, d);
            w.normal(LlamaNames.layer(i, "self_attn.k_proj.weight"), 1 / Math.sqrt(d), config.kvDim(), d);
            w.normal(LlamaNames.layer(i, "self_attn.v_proj.weight"), 1 / Math.sqrt(d), config.kvDim(), d);
            if (config.attentionBias()) {
                w.normal(LlamaNames.layer(i, "self_attn.q_proj.bias"), 0.1, qDim);
                w.normal(LlamaNames.layer(i, "self_attn.k_proj.bias"), 0.1, config.kvDim());
                w.normal(LlamaNames.layer(i, "self_attn.v_proj.bias"), 0.1, config.kvDim());
            }
            w.normal(LlamaNames.layer(i, "self_attn.o_proj.weight"), residualScale / Math.sqrt(qDim), d, qDim);
            w.jittered(LlamaNames.layer(i, "post_attention_layernorm.weight"), 1f, 0.1, d);
            w.normal(LlamaNames.layer(i, "mlp.gate_proj.weight"), 1 / Math.sqrt(d), f, d);
            w.normal(LlamaNames.layer(i, "mlp.up_proj.weight"), 1 / Math.sqrt(d), f, d);
            w.normal(LlamaNames.layer(i, "mlp.down_proj.weight"), residualScale / Math.sqrt(f), d, f);
        }
        w.jittered(LlamaNames.FINAL_NORM, 1f, 0.1, d);
        if (!config.sharedClassifier()) {
            w.normal(LlamaNames.LM_HEAD, 1 / Math.sqrt(d), config.vocabSize(), d);
        }
        String name = "random-llama-" + Long.toHexString(seed);
        return new LlamaModel(config, w.store(name + " (random init, seed " + seed + ")"),
                new ModelIdentity(name, -1, -1));
    }

    public LlamaConfig config() {
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
        return new AttentionContext(layer, config.layers(), config.heads(), config.kvHeads(), config.headDim(),
                config.maxSeqLen());
    }

    @Override
    public java.util.Set<String> tokenTables() {
        return java.util.Set.of(LlamaNames.EMBED, LlamaNames.LM_HEAD);
    }

    @Override
    public FloatTensor embed(int[] tokens) {
        return Embeddings.rows(weights.get(LlamaNames.EMBED).orElseThrow(), tokens, weights.source());
    }

    @Override
    public void build(TensorOps ops, List<LayerAttention> layers, GraphOptions options) {
        GraphBlocks.requireLayers(layers, config.layers());
        int d = config.dim();
        int dh = config.headDim();
        Dim seq = Dim.symbol("seq");
        Tensor embedding = null;
        Tensor x;
        if (options.embeddingsInput()) {
            x = ops.input("inputs_embeds", DType.FLOAT32, Dim.BATCH, seq, Dim.of(d));
        } else {
            Tensor ids = ops.input("input_ids", DType.INT64, Dim.BATCH, seq);
            embedding = ops.parameter(LlamaNames.EMBED, config.vocabSize(), d);
            x = ops.gather(embedding, ids, 0);
        }
        Tensor positions = ops.input("positions", DType.INT64, seq);
        // computed once per model: for long-context checkpoints the tables hold millions of entries
        Rotary.Tables tables = ropeTables;
        if (tables == null) {
            tables = Rotary.tables(config);
            ropeTables = tables;
        }
        Rotary rotary = Rotary.at(ops, config, tables, positions);
        for (int i = 0; i < config.layers(); i++) {
            Tensor h = GraphBlocks.rmsNorm(ops, x, weight(ops, i, "input_layernorm.weight", d), config.normEps());
            Tensor q = projectHeads(ops, h, i, "q_proj", config.heads());
            Tensor k = projectHeads(ops, h, i, "k_proj", config.kvHeads());
            Tensor v = projectHeads(ops, h, i, "v_proj", config.kvHeads());
            AttentionContext context = attentionContext(i);
            AttentionResult attended = layers.get(i).attend(ops, new AttentionInputs(rotary.apply(ops, q),
                    rotary.apply(ops, k), v, positions, context.defaultScale(), context));
            if (options.attentionProbabilities()) {
                ops.output("attention." + i, Probabilities.require(attended, i));
            }
            Tensor merged = GraphBlocks.mergeHeads(ops, attended.output(), config.heads(), dh);
            x = ops.add(x, GraphBlocks.linear(ops, merged,
                    weight(ops, i, "self_attn.o_proj.weight", d, (long) config.heads() * dh), null));
            h = GraphBlocks.rmsNorm(ops, x, weight(ops, i, "post_attention_layernorm.weight", d), config.normEps());
            int f = config.hiddenDim();
            Tensor gate = ops.silu(GraphBlocks.linear(ops, h, weight(ops, i, "mlp.gate_proj.weight", f, d), null));
            Tensor up = GraphBlocks.linear(ops, h, weight(ops, i, "mlp.up_proj.weight", f, d), null);
            x = ops.add(x, GraphBlocks.linear(ops, ops.mul(gate, up), weight(ops, i, "mlp.down_proj.weight", d, f),
                    null));
        }
        Tensor hidden = GraphBlocks.rmsNorm(ops, x, ops.parameter(LlamaNames.FINAL_NORM, d), config.normEps());
        if (options.hiddenStates()) {
            ops.output("hidden_states", hidden);
        }
        Tensor classifier;
        if (config.sharedClassifier()) {
            classifier = embedding != null ? embedding : ops.parameter(LlamaNames.EMBED, config.vocabSize(), d);
        } else {
            classifier = ops.parameter(LlamaNames.LM_HEAD, config.vocabSize(), d);
        }
        ops.output("logits", GraphBlocks.linear(ops, hidden, classifier, null));
    }

    private Tensor projectHeads(TensorOps ops, Tensor h, int layer, String proj, int heads) {
        long out = (long) heads * config.headDim();
        Tensor w = weight(ops, layer, "self_attn." + proj + ".weight", out, config.dim());
        Tensor b = config.attentionBias() ? weight(ops, layer, "self_attn." + proj + ".bias", out) : null;
        return GraphBlocks.splitHeads(ops, GraphBlocks.linear(ops, h, w, b), heads, config.headDim());
    }

    private static Tensor weight(TensorOps ops, int layer, String local, long... shape) {
        return ops.parameter(LlamaNames.layer(layer, local), shape);
    }

    private void checkWeights() {
        int d = config.dim();
        long qDim = (long) config.heads() * config.headDim();
        int f = config.hiddenDim();
        MapWeightStore.require(weights, LlamaNames.EMBED, config.vocabSize(), d);
        for (int i = 0; i < config.layers(); i++) {
            MapWeightStore.require(weights, LlamaNames.layer(i, "input_layernorm.weight"), d);
            MapWeightStore.require(weights, LlamaNames.layer(i, "self_attn.q_proj.weight"), qDim, d);
            MapWeightStore.require(weights, LlamaNames.layer(i, "self_attn.k_proj.weight"), config.kvDim(), d);
            MapWeightStore.require(weights, LlamaNames.layer(i, "self_attn.v_proj.weight"), config.kvDim(), d);
            if (config.attentionBias()) {
                MapWeightStore.require(weights, LlamaNames.layer(i, "self_attn.q_proj.bias"), qDim);
                MapWeightStore.require(weights, LlamaNames.layer(i, "self_attn.k_proj.bias"), config.kvDim());
                MapWeightStore.require(weights, LlamaNames.layer(i, "self_attn.v_proj.bias"), config.kvDim());
            }
            MapWeightStore.require(weights, LlamaNames.layer(i, "self_attn.o_proj.weight"), d, qDim);
            MapWeightStore.require(weights, LlamaNames.layer(i, "post_attention_layernorm.weight"), d);
            MapWeightStore.require(weights, LlamaNames.layer(i, "mlp.gate_proj.weight"), f, d);
            MapWeightStore.require(weights, LlamaNames.layer(i, "mlp.up_proj.weight"), f, d);
            MapWeightStore.require(weights, LlamaNames.layer(i, "mlp.down_proj.weight"), d, f);
        }
        MapWeightStore.require(weights, LlamaNames.FINAL_NORM, d);
        if (!config.sharedClassifier()) {
            MapWeightStore.require(weights, LlamaNames.LM_HEAD, config.vocabSize(), d);
        }
    }
}
