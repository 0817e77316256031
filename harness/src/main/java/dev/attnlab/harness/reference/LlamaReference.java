package dev.attnlab.harness.reference;

import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.RopeLayout;
import dev.attnlab.harness.model.WeightStore;

/**
 * A Llama forward pass in plain float loops, one token at a time with a KV cache, after llama2.c's
 * {@code run.c}: the independent reference the tensor-op graph of
 * {@link dev.attnlab.harness.model.LlamaModel} is tested against. Activations are kept in double (weights are float32), so the reference adds almost no rounding error.
 * Not thread-safe: one instance holds one sequence's cache.
 */
public final class LlamaReference {

    private final LlamaConfig c;
    private final float[] embedding;
    private final float[][] attNorm;
    private final float[][] wq;
    private final float[][] wk;
    private final float[][] wv;
    private final float[][] bq;
    private final float[][] bk;
    private final float[][] bv;
    private final float[][] wo;
    private final float[][] ffnNorm;
    private final float[][] w1;
    private final float[][] w2;
    private final float[][] w3;
    private final float[] finalNorm;
    private final float[] classifier;
    private final double[][] keyCache;
    private final double[][] valueCache;
    private int position;

    public LlamaReference(LlamaConfig config, WeightStore weights) {
        this.c = config;
        int d = c.dim();
        int kv = c.kvDim();
        int f = c.hiddenDim();
        int layers = c.layers();
        embedding = Weights.get(weights, "model.embed_tokens.weight", (long) c.vocabSize() * d);
        attNorm = new float[layers][];
        wq = new float[layers][];
        wk = new float[layers][];
        wv = new float[layers][];
        bq = new float[layers][];
        bk = new float[layers][];
        bv = new float[layers][];
        wo = new float[layers][];
        ffnNorm = new float[layers][];
        w1 = new float[layers][];
        w2 = new float[layers][];
        w3 = new float[layers][];
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            attNorm[l] = Weights.get(weights, p + "input_layernorm.weight", d);
            wq[l] = Weights.get(weights, p + "self_attn.q_proj.weight", (long) d * d);
            wk[l] = Weights.get(weights, p + "self_attn.k_proj.weight", (long) kv * d);
            wv[l] = Weights.get(weights, p + "self_attn.v_proj.weight", (long) kv * d);
            if (c.attentionBias()) {
                bq[l] = Weights.get(weights, p + "self_attn.q_proj.bias", d);
                bk[l] = Weights.get(weights, p + "self_attn.k_proj.bias", kv);
                bv[l] = Weights.get(weights, p + "self_attn.v_proj.bias", kv);
            }
            wo[l] = Weights.get(weights, p + "self_attn.o_proj.weight", (long) d * d);
            ffnNorm[l] = Weights.get(weights, p + "post_attention_layernorm.weight", d);
            w1[l] = Weights.get(weights, p + "mlp.gate_proj.weight", (long) f * d);
            w2[l] = Weights.get(weights, p + "mlp.down_proj.weight", (long) d * f);
            w3[l] = Weights.get(weights, p + "mlp.up_proj.weight", (long) f * d);
        }
        finalNorm = Weights.get(weights, "model.norm.weight", d);
        classifier = c.sharedClassifier() ? embedding
                : Weights.get(weights, "lm_head.weight", (long) c.vocabSize() * d);
        keyCache = new double[layers][c.maxSeqLen() * kv];
        valueCache = new double[layers][c.maxSeqLen() * kv];
    }

    /** The logits {@code [tokens.length, vocab]} of a fresh sequence (the cache is reset first). */
    public FloatTensor logits(int[] tokens) {
        reset();
        float[] out = new float[tokens.length * c.vocabSize()];
        for (int t = 0; t < tokens.length; t++) {
            System.arraycopy(step(tokens[t]), 0, out, t * c.vocabSize(), c.vocabSize());
        }
        return new FloatTensor(new long[] {tokens.length, c.vocabSize()}, out);
    }

    /** Forgets the sequence so far. */
    public void reset() {
        position = 0;
    }

    /** The number of tokens consumed since the last reset. */
    public int position() {
        return position;
    }

    /** Feeds the next token at the next position; returns its logits {@code [vocab]}. */
    public float[] step(int token) {
        if (token < 0 || token >= c.vocabSize()) {
            throw new IllegalArgumentException("token " + token + " outside the vocabulary 0.." + (c.vocabSize() - 1));
        }
        if (position >= c.maxSeqLen()) {
            throw new IllegalStateException("the sequence is longer than the model's " + c.maxSeqLen() + " positions");
        }
        int d = c.dim();
        int kvDim = c.kvDim();
        int headDim = c.headDim();
        int pos = position;
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            x[i] = embedding[token * d + i];
        }
        double[] xb = new double[d];
        double[] q = new double[d];
        double[] k = new double[kvDim];
        double[] v = new double[kvDim];
        double[] attended = new double[d];
        double[] delta = new double[d];
        double[] hb = new double[c.hiddenDim()];
        double[] hb2 = new double[c.hiddenDim()];
        double[] scores = new double[pos + 1];
        int groups = c.heads() / c.kvHeads();
        for (int l = 0; l < c.layers(); l++) {
            ReferenceMath.rmsnorm(xb, x, attNorm[l], c.normEps());
            ReferenceMath.matvec(q, xb, wq[l], d, d);
            ReferenceMath.matvec(k, xb, wk[l], d, kvDim);
            ReferenceMath.matvec(v, xb, wv[l], d, kvDim);
            if (c.attentionBias()) {
                ReferenceMath.add(q, bq[l]);
                ReferenceMath.add(k, bk[l]);
                ReferenceMath.add(v, bv[l]);
            }
            rotate(q, pos);
            rotate(k, pos);
            System.arraycopy(k, 0, keyCache[l], pos * kvDim, kvDim);
            System.arraycopy(v, 0, valueCache[l], pos * kvDim, kvDim);
            for (int h = 0; h < c.heads(); h++) {
                ReferenceMath.attendHead(attended, h * headDim, q, h * headDim, keyCache[l], valueCache[l],
                        (h / groups) * headDim, kvDim, pos, headDim, scores);
            }
            ReferenceMath.matvec(delta, attended, wo[l], d, d);
            ReferenceMath.add(x, delta);
            ReferenceMath.rmsnorm(xb, x, ffnNorm[l], c.normEps());
            ReferenceMath.matvec(hb, xb, w1[l], d, c.hiddenDim());
            ReferenceMath.matvec(hb2, xb, w3[l], d, c.hiddenDim());
            for (int i = 0; i < hb.length; i++) {
                double g = hb[i];
                hb[i] = g / (1 + Math.exp(-g)) * hb2[i];
            }
            ReferenceMath.matvec(delta, hb, w2[l], c.hiddenDim(), d);
            ReferenceMath.add(x, delta);
        }
        ReferenceMath.rmsnorm(x, x, finalNorm, c.normEps());
        double[] logits = new double[c.vocabSize()];
        ReferenceMath.matvec(logits, x, classifier, d, c.vocabSize());
        position++;
        return ReferenceMath.toFloats(logits);
    }

    /** Rotates every head of {@code vec} by the angles of {@code pos}, pairing dimensions per the layout. */
    private void rotate(double[] vec, int pos) {
        int headDim = c.headDim();
        int half = headDim / 2;
        for (int head = 0; head < vec.length / headDim; head++) {
            int base = head * headDim;
            for (int j = 0; j < half; j++) {
                double angle = pos / Math.pow(c.ropeTheta(), (2.0 * j) / headDim);
                double cos = Math.cos(angle);
                double sin = Math.sin(angle);
                int i0 = c.ropeLayout() == RopeLayout.INTERLEAVED ? base + 2 * j : base + j;
                int i1 = c.ropeLayout() == RopeLayout.INTERLEAVED ? i0 + 1 : i0 + half;
                double a = vec[i0];
                double b = vec[i1];
                vec[i0] = a * cos - b * sin;
                vec[i1] = a * sin + b * cos;
            }
        }
    }
}
