package dev.attnlab.harness.runtime;

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
import dev.attnlab.harness.model.GraphOptions;
import dev.attnlab.harness.model.MapWeightStore;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.WeightStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A one-layer attention model written for the tests: embedding lookup, q/k/v projections (2 query heads
 * sharing 1 key/value head), the layer's attention strategy, output projection with a residual, and a
 * classifier. {@link #referenceLogits} computes the same model with plain Java loops in double precision.
 */
final class TinyAttentionModel implements ModelDefinition {

    static final int VOCAB = 11;
    static final int DIM = 8;
    static final int HEADS = 2;
    static final int KV_HEADS = 1;
    static final int HEAD_DIM = 4;
    static final int MAX_CONTEXT = 16;

    private final Map<String, FloatTensor> weights = new LinkedHashMap<>();
    private final WeightStore store;

    TinyAttentionModel(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        put(r, "embed", VOCAB, DIM);
        put(r, "wq", DIM, HEADS * HEAD_DIM);
        put(r, "wk", DIM, KV_HEADS * HEAD_DIM);
        put(r, "wv", DIM, KV_HEADS * HEAD_DIM);
        put(r, "wo", HEADS * HEAD_DIM, DIM);
        put(r, "classifier", DIM, VOCAB);
        store = new MapWeightStore(weights, "tiny test model (seed " + seed + ")");
    }

    private void put(SplittableRandom r, String name, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        weights.put(name, FloatTensor.of(v, rows, cols));
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("tiny", "test", VOCAB, MAX_CONTEXT, 1, HEADS, KV_HEADS, DIM, "tiny-" + weights.hashCode(),
                -1, -1);
    }

    @Override
    public WeightStore weights() {
        return store;
    }

    @Override
    public AttentionContext attentionContext(int layer) {
        return new AttentionContext(layer, 1, HEADS, KV_HEADS, HEAD_DIM, MAX_CONTEXT);
    }

    @Override
    public void build(TensorOps ops, List<LayerAttention> layers, GraphOptions options) {
        Tensor x;
        if (options.embeddingsInput()) {
            x = ops.input("inputs_embeds", DType.FLOAT32, Dim.BATCH, Dim.symbol("seq"), Dim.of(DIM));
        } else {
            Tensor ids = ops.input("input_ids", DType.INT64, Dim.BATCH, Dim.symbol("seq"));
            x = ops.gather(ops.parameter("embed", VOCAB, DIM), ids, 0);
        }
        Tensor positions = ops.input("positions", DType.INT64, Dim.symbol("seq"));
        Tensor q = heads(ops, ops.matmul(x, ops.parameter("wq", DIM, HEADS * HEAD_DIM)), HEADS);
        Tensor k = heads(ops, ops.matmul(x, ops.parameter("wk", DIM, KV_HEADS * HEAD_DIM)), KV_HEADS);
        Tensor v = heads(ops, ops.matmul(x, ops.parameter("wv", DIM, KV_HEADS * HEAD_DIM)), KV_HEADS);
        AttentionContext c = attentionContext(0);
        AttentionResult a = layers.get(0).attend(ops, new AttentionInputs(q, k, v, positions, c.defaultScale(), c));
        if (options.attentionProbabilities()) {
            ops.output("attention.0", a.probabilities());
        }
        Tensor merged = ops.reshape(ops.transpose(a.output(), 0, 2, 1, 3), 0, 0, HEADS * HEAD_DIM);
        Tensor h = ops.add(x, ops.matmul(merged, ops.parameter("wo", HEADS * HEAD_DIM, DIM)));
        if (options.hiddenStates()) {
            ops.output("hidden_states", h);
        }
        ops.output("logits", ops.matmul(h, ops.parameter("classifier", DIM, VOCAB)));
    }

    private static Tensor heads(TensorOps ops, Tensor x, int heads) {
        return ops.transpose(ops.reshape(x, 0, 0, heads, HEAD_DIM), 0, 2, 1, 3);
    }

    @Override
    public FloatTensor embed(int[] tokens) {
        float[] table = weights.get("embed").data();
        float[] out = new float[tokens.length * DIM];
        for (int i = 0; i < tokens.length; i++) {
            System.arraycopy(table, tokens[i] * DIM, out, i * DIM, DIM);
        }
        return FloatTensor.of(out, tokens.length, DIM);
    }

    /** The logits {@code [T, vocab]} of {@code rows} (embedding rows {@code [T, dim]}), by plain loops. */
    double[][] referenceLogits(float[][] rows) {
        int t = rows.length;
        double[][] q = project(rows, "wq", HEADS * HEAD_DIM);
        double[][] k = project(rows, "wk", HEAD_DIM);
        double[][] v = project(rows, "wv", HEAD_DIM);
        double scale = 1 / Math.sqrt(HEAD_DIM);
        double[][] logits = new double[t][VOCAB];
        for (int i = 0; i < t; i++) {
            double[] attended = new double[HEADS * HEAD_DIM];
            for (int h = 0; h < HEADS; h++) {
                double[] p = referenceProbabilities(q[i], k, h, i, scale);
                for (int j = 0; j <= i; j++) {
                    for (int d = 0; d < HEAD_DIM; d++) {
                        attended[h * HEAD_DIM + d] += p[j] * v[j][d];
                    }
                }
            }
            double[] hidden = new double[DIM];
            for (int d = 0; d < DIM; d++) {
                hidden[d] = rows[i][d];
                for (int e = 0; e < HEADS * HEAD_DIM; e++) {
                    hidden[d] += attended[e] * w("wo", e, d);
                }
            }
            for (int o = 0; o < VOCAB; o++) {
                for (int d = 0; d < DIM; d++) {
                    logits[i][o] += hidden[d] * w("classifier", d, o);
                }
            }
        }
        return logits;
    }

    /** Probabilities of query row i, head h over keys 0..i (causal). */
    private static double[] referenceProbabilities(double[] qi, double[][] k, int h, int i, double scale) {
        double[] s = new double[i + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= i; j++) {
            for (int d = 0; d < HEAD_DIM; d++) {
                s[j] += qi[h * HEAD_DIM + d] * k[j][d];
            }
            s[j] *= scale;
            max = Math.max(max, s[j]);
        }
        double sum = 0;
        for (int j = 0; j <= i; j++) {
            s[j] = Math.exp(s[j] - max);
            sum += s[j];
        }
        for (int j = 0; j <= i; j++) {
            s[j] /= sum;
        }
        return s;
    }

    /** Attention probabilities {@code [heads][T][T]} (zeros above the diagonal), by plain loops. */
    double[][][] referenceAttention(float[][] rows) {
        double[][] q = project(rows, "wq", HEADS * HEAD_DIM);
        double[][] k = project(rows, "wk", HEAD_DIM);
        double[][][] out = new double[HEADS][rows.length][rows.length];
        for (int h = 0; h < HEADS; h++) {
            for (int i = 0; i < rows.length; i++) {
                double[] p = referenceProbabilities(q[i], k, h, i, 1 / Math.sqrt(HEAD_DIM));
                System.arraycopy(p, 0, out[h][i], 0, p.length);
            }
        }
        return out;
    }

    float[][] rows(int[] tokens) {
        FloatTensor e = embed(tokens);
        float[][] rows = new float[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            rows[i] = e.row(i);
        }
        return rows;
    }

    private double[][] project(float[][] rows, String weight, int out) {
        double[][] r = new double[rows.length][out];
        for (int i = 0; i < rows.length; i++) {
            for (int o = 0; o < out; o++) {
                for (int d = 0; d < DIM; d++) {
                    r[i][o] += rows[i][d] * w(weight, d, o);
                }
            }
        }
        return r;
    }

    private double w(String name, int row, int col) {
        return weights.get(name).get(row, col);
    }
}
