package dev.attnlab.harness.model;

/**
 * The shape of a GPT-2-family model.
 *
 * @param dim       width of the residual stream ({@code n_embd})
 * @param hiddenDim width of the MLP ({@code n_inner}, 4 * dim in GPT-2)
 * @param layers    number of transformer blocks ({@code n_layer})
 * @param heads     attention heads ({@code n_head})
 * @param vocabSize tokens in the vocabulary
 * @param maxSeqLen learned positions ({@code n_positions}), the longest sequence the model accepts
 * @param normEps   LayerNorm epsilon ({@code layer_norm_epsilon})
 */
public record Gpt2Config(int dim, int hiddenDim, int layers, int heads, int vocabSize, int maxSeqLen, float normEps) {

    public Gpt2Config {
        LlamaConfig.requirePositive("dim", dim);
        LlamaConfig.requirePositive("hiddenDim", hiddenDim);
        LlamaConfig.requirePositive("layers", layers);
        LlamaConfig.requirePositive("heads", heads);
        LlamaConfig.requirePositive("vocabSize", vocabSize);
        LlamaConfig.requirePositive("maxSeqLen", maxSeqLen);
        if (dim % heads != 0) {
            throw new IllegalArgumentException("dim " + dim + " is not a multiple of heads " + heads);
        }
        if (!(normEps > 0)) {
            throw new IllegalArgumentException("normEps must be > 0, was " + normEps);
        }
    }

    public int headDim() {
        return dim / heads;
    }
}
