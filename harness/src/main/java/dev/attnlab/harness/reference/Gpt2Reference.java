package dev.attnlab.harness.reference;

import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.Gpt2Config;
import dev.attnlab.harness.model.WeightStore;

/**
 * A GPT-2 forward pass in plain float loops, one token at a time with a KV cache: the independent
 * reference for {@link dev.attnlab.harness.model.Gpt2Model}. Follows HF's {@code modeling_gpt2}: Conv1D
 * weights {@code [in, out]}, fused q/k/v, {@code gelu_new}, tied classifier. Not thread-safe.
 */
public final class Gpt2Reference {

    private final Gpt2Config c;
    private final float[] wte;
    private final float[] wpe;
    private final float[][] ln1w;
    private final float[][] ln1b;
    private final float[][] attnW;
    private final float[][] attnB;
    private final float[][] projW;
    private final float[][] projB;
    private final float[][] ln2w;
    private final float[][] ln2b;
    private final float[][] fcW;
    private final float[][] fcB;
    private final float[][] mlpProjW;
    private final float[][] mlpProjB;
    private final float[] lnfW;
    private final float[] lnfB;
    private final double[][] keyCache;
    private final double[][] valueCache;
    private int position;

    public Gpt2Reference(Gpt2Config config, WeightStore weights) {
        this.c = config;
        int d = c.dim();
        int f = c.hiddenDim();
        int layers = c.layers();
        wte = Weights.get(weights, "transformer.wte.weight", (long) c.vocabSize() * d);
        wpe = Weights.get(weights, "transformer.wpe.weight", (long) c.maxSeqLen() * d);
        ln1w = new float[layers][];
        ln1b = new float[layers][];
        attnW = new float[layers][];
        attnB = new float[layers][];
        projW = new float[layers][];
        projB = new float[layers][];
        ln2w = new float[layers][];
        ln2b = new float[layers][];
        fcW = new float[layers][];
        fcB = new float[layers][];
        mlpProjW = new float[layers][];
        mlpProjB = new float[layers][];
        for (int l = 0; l < layers; l++) {
            String p = "transformer.h." + l + ".";
            ln1w[l] = Weights.get(weights, p + "ln_1.weight", d);
            ln1b[l] = Weights.get(weights, p + "ln_1.bias", d);
            attnW[l] = Weights.get(weights, p + "attn.c_attn.weight", 3L * d * d);
            attnB[l] = Weights.get(weights, p + "attn.c_attn.bias", 3L * d);
            projW[l] = Weights.get(weights, p + "attn.c_proj.weight", (long) d * d);
            projB[l] = Weights.get(weights, p + "attn.c_proj.bias", d);
            ln2w[l] = Weights.get(weights, p + "ln_2.weight", d);
            ln2b[l] = Weights.get(weights, p + "ln_2.bias", d);
            fcW[l] = Weights.get(weights, p + "mlp.c_fc.weight", (long) d * f);
            fcB[l] = Weights.get(weights, p + "mlp.c_fc.bias", f);
            mlpProjW[l] = Weights.get(weights, p + "mlp.c_proj.weight", (long) f * d);
            mlpProjB[l] = Weights.get(weights, p + "mlp.c_proj.bias", d);
        }
        lnfW = Weights.get(weights, "transformer.ln_f.weight", d);
        lnfB = Weights.get(weights, "transformer.ln_f.bias", d);
        keyCache = new double[layers][c.maxSeqLen() * d];
        valueCache = new double[layers][c.maxSeqLen() * d];
    }

    /** The logits {@code [tokens.length, vocab]} of a fresh sequence. */
    public FloatTensor logits(int[] tokens) {
        position = 0;
        float[] out = new float[tokens.length * c.vocabSize()];
        for (int t = 0; t < tokens.length; t++) {
            System.arraycopy(step(tokens[t]), 0, out, t * c.vocabSize(), c.vocabSize());
        }
        return new FloatTensor(new long[] {tokens.length, c.vocabSize()}, out);
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
        int f = c.hiddenDim();
        int headDim = c.headDim();
        int pos = position;
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            x[i] = (double) wte[token * d + i] + wpe[pos * d + i];
        }
        double[] h = new double[d];
        double[] qkv = new double[3 * d];
        double[] attended = new double[d];
        double[] delta = new double[d];
        double[] hidden = new double[f];
        double[] scores = new double[pos + 1];
        for (int l = 0; l < c.layers(); l++) {
            ReferenceMath.layernorm(h, x, ln1w[l], ln1b[l], c.normEps());
            ReferenceMath.vecmat(qkv, h, attnW[l], d, 3 * d);
            ReferenceMath.add(qkv, attnB[l]);
            System.arraycopy(qkv, d, keyCache[l], pos * d, d);
            System.arraycopy(qkv, 2 * d, valueCache[l], pos * d, d);
            for (int head = 0; head < c.heads(); head++) {
                ReferenceMath.attendHead(attended, head * headDim, qkv, head * headDim, keyCache[l], valueCache[l],
                        head * headDim, d, pos, headDim, scores);
            }
            ReferenceMath.vecmat(delta, attended, projW[l], d, d);
            ReferenceMath.add(delta, projB[l]);
            ReferenceMath.add(x, delta);
            ReferenceMath.layernorm(h, x, ln2w[l], ln2b[l], c.normEps());
            ReferenceMath.vecmat(hidden, h, fcW[l], d, f);
            for (int i = 0; i < f; i++) {
                double u = hidden[i] + fcB[l][i];
                hidden[i] = 0.5 * u * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (u + 0.044715 * u * u * u)));
            }
            ReferenceMath.vecmat(delta, hidden, mlpProjW[l], f, d);
            ReferenceMath.add(delta, mlpProjB[l]);
            ReferenceMath.add(x, delta);
        }
        ReferenceMath.layernorm(h, x, lnfW, lnfB, c.normEps());
        double[] logits = new double[c.vocabSize()];
        ReferenceMath.matvec(logits, h, wte, d, c.vocabSize());
        position++;
        return ReferenceMath.toFloats(logits);
    }
}
