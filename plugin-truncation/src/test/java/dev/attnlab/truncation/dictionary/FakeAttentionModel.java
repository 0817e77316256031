package dev.attnlab.truncation.dictionary;

import dev.attnlab.api.model.DecodeSession;
import dev.attnlab.api.model.ForwardRequest;
import dev.attnlab.api.model.ForwardResult;
import dev.attnlab.api.model.GenerationOptions;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.model.ModelInfo;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A model whose attention the tests choose, so expected scores can be worked out by hand. Every layer
 * has the same heads; a WEIGHTED head lets query q attend to key k <= q in proportion to a per-token
 * weight ({@code A[q][k] = w(t_k) / sum_{j <= q} w(t_j)}), a UNIFORM head spreads evenly
 * ({@code 1 / (q + 1)}). Logits are zeros; decoding is not needed by truncation.
 */
public final class FakeAttentionModel implements LanguageModel {

    /** How one head distributes attention over the visible keys. */
    public enum Head { WEIGHTED, UNIFORM }

    private final ModelInfo info;
    private final double[] weights;
    private final int layers;
    private final List<Head> heads;
    private final List<int[]> calls = new ArrayList<>();
    private int failAfter = Integer.MAX_VALUE;

    private FakeAttentionModel(ModelInfo info, double[] weights, int layers, List<Head> heads) {
        this.info = info;
        this.weights = weights.clone();
        this.layers = layers;
        this.heads = List.copyOf(heads);
    }

    /**
     * @param hash    the model's content hash
     * @param weights per token id its attention weight for WEIGHTED heads (ids beyond the array weigh 1)
     * @param layers  number of layers, each with {@code heads}
     */
    public static FakeAttentionModel of(String hash, int vocab, int maxContext, double[] weights, int layers,
                                        List<Head> heads) {
        return new FakeAttentionModel(new ModelInfo("fake-" + hash, "llama", vocab, maxContext, layers, heads.size(),
                heads.size(), 8, hash, -1, -1), weights, layers, heads);
    }

    /** A fresh model like this one whose info names {@code bos} and {@code eos} as special tokens. */
    public FakeAttentionModel withSpecialTokens(int bos, int eos) {
        return new FakeAttentionModel(new ModelInfo(info.name(), info.architecture(), info.vocabSize(),
                info.maxContext(), info.layers(), info.heads(), info.kvHeads(), info.dim(), info.contentHash(), bos,
                eos), weights, layers, heads);
    }

    /** Makes every forward call after the first {@code calls} throw, as if the process were killed. */
    public FakeAttentionModel failingAfter(int calls) {
        this.failAfter = calls;
        return this;
    }

    /** The token arrays of every forward call so far. */
    public List<int[]> calls() {
        return calls;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public String methodLabel() {
        return "full";
    }

    @Override
    public ForwardResult forward(ForwardRequest request) {
        if (calls.size() >= failAfter) {
            throw new IllegalStateException("simulated interruption after " + failAfter + " forward passes");
        }
        int[] tokens = request.tokens().clone();
        calls.add(tokens);
        int t = tokens.length;
        List<FloatTensor> attention = new ArrayList<>();
        if (request.attention()) {
            for (int layer = 0; layer < layers; layer++) {
                float[] data = new float[heads.size() * t * t];
                for (int h = 0; h < heads.size(); h++) {
                    for (int q = 0; q < t; q++) {
                        double total = 0;
                        for (int k = 0; k <= q; k++) {
                            total += weight(tokens[k], heads.get(h));
                        }
                        for (int k = 0; k <= q; k++) {
                            data[(h * t + q) * t + k] = (float) (weight(tokens[k], heads.get(h)) / total);
                        }
                    }
                }
                attention.add(FloatTensor.of(data, heads.size(), t, t));
            }
        }
        return new ForwardResult(FloatTensor.zeros(t, info.vocabSize()), attention, null);
    }

    private double weight(int token, Head head) {
        return head == Head.UNIFORM || token >= weights.length ? 1 : weights[token];
    }

    @Override
    public DecodeSession newSession() {
        throw new UnsupportedOperationException("truncation tests never decode");
    }

    @Override
    public int[] generate(int[] prompt, GenerationOptions options) {
        throw new UnsupportedOperationException("truncation tests never generate");
    }

    @Override
    public void close() {
    }
}
