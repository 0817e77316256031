package dev.attnlab.harness.model;

/**
 * The shape of a Llama-family model (Llama, llama2.c, Mistral, Qwen2).
 *
 * @param dim              width of the residual stream
 * @param hiddenDim        width of the SwiGLU feed-forward layer
 * @param layers           number of transformer blocks
 * @param heads            query heads
 * @param kvHeads          key/value heads (grouped-query attention when fewer than {@code heads})
 * @param vocabSize        tokens in the vocabulary
 * @param maxSeqLen        the longest sequence the model accepts (size of the RoPE tables)
 * @param normEps          epsilon inside RMSNorm
 * @param ropeTheta        RoPE base, 10000 for Llama 2
 * @param ropeLayout       which dimensions RoPE rotates together
 * @param sharedClassifier whether the output projection is the embedding table (no {@code lm_head.weight})
 * @param attentionBias    whether q/k/v projections have biases (Qwen2)
 */
public record LlamaConfig(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabSize, int maxSeqLen,
                          float normEps, float ropeTheta, RopeLayout ropeLayout, boolean sharedClassifier,
                          boolean attentionBias) {

    public LlamaConfig {
        requirePositive("dim", dim);
        requirePositive("hiddenDim", hiddenDim);
        requirePositive("layers", layers);
        requirePositive("heads", heads);
        requirePositive("kvHeads", kvHeads);
        requirePositive("vocabSize", vocabSize);
        requirePositive("maxSeqLen", maxSeqLen);
        if (dim % heads != 0) {
            throw new IllegalArgumentException("dim " + dim + " is not a multiple of heads " + heads);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("heads " + heads + " is not a multiple of kvHeads " + kvHeads);
        }
        if ((dim / heads) % 2 != 0) {
            throw new IllegalArgumentException("head dimension " + dim / heads + " must be even for RoPE");
        }
        if (!(normEps > 0) || !(ropeTheta > 0)) {
            throw new IllegalArgumentException("normEps " + normEps + " and ropeTheta " + ropeTheta + " must be > 0");
        }
        if (ropeLayout == null) {
            throw new IllegalArgumentException("ropeLayout is required");
        }
    }

    /** A llama2.c-style configuration: eps 1e-5, theta 10000, interleaved RoPE, no biases. */
    public static LlamaConfig llama2c(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabSize,
                                      int maxSeqLen, boolean sharedClassifier) {
        return new LlamaConfig(dim, hiddenDim, layers, heads, kvHeads, vocabSize, maxSeqLen, 1e-5f, 10000f,
                RopeLayout.INTERLEAVED, sharedClassifier, false);
    }

    public int headDim() {
        return dim / heads;
    }

    public int kvDim() {
        return kvHeads * headDim();
    }

    static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
    }
}
