package dev.attnlab.api.model;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.tensor.FloatTensor;

/**
 * A runnable decoder language model with one attention method in every layer (full attention for
 * the reference). Evaluators and compressors use it; the harness implements it on ONNX Runtime.
 * Calls on one instance may come from one thread at a time.
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public interface LanguageModel extends AutoCloseable {

    ModelInfo info();

    /** A label for the attention method inside, e.g. {@code full} or {@code sliding-window(window=64)}. */
    String methodLabel();

    /** One forward pass over a fresh sequence. */
    ForwardResult forward(ForwardRequest request);

    /** The logits {@code [T, vocab]} of a fresh sequence. */
    default FloatTensor logits(int[] tokens) {
        return forward(ForwardRequest.of(tokens)).logits();
    }

    /**
     * The input embeddings {@code [tokens.length, dim]} the model looks up for {@code tokens}: the rows a
     * soft prompt is placed next to (compressors that build soft prompts from token embeddings need them).
     *
     * @throws UnsupportedOperationException if this model does not expose its embedding table
     */
    default FloatTensor embed(int[] tokens) {
        throw new UnsupportedOperationException("model '" + info().name() + "' (" + getClass().getName()
                + ") does not expose its token embeddings; implement LanguageModel.embed");
    }

    /** Starts incremental decoding from an empty state. */
    DecodeSession newSession();

    /** Generates up to {@code options.maxNewTokens()} tokens after {@code prompt}; returns only the new ones. */
    int[] generate(int[] prompt, GenerationOptions options);

    @Override
    void close();
}
