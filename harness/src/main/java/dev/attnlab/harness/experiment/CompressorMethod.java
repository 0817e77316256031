package dev.attnlab.harness.experiment;

import dev.attnlab.api.compress.Budget;
import dev.attnlab.api.compress.CompressedContext;
import dev.attnlab.api.compress.ContextCompressor;
import dev.attnlab.api.eval.MethodUnderTest;
import dev.attnlab.api.model.ForwardRequest;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.Optional;

/**
 * A compressor as evaluators see it: the full model reads {@code compress(context)} (kept tokens, or a
 * soft prompt of input embeddings) and then the continuation.
 */
final class CompressorMethod implements MethodUnderTest {

    private final String label;
    private final LanguageModel full;
    private final ContextCompressor compressor;
    private final Budget budget;

    CompressorMethod(String label, LanguageModel full, ContextCompressor compressor, Budget budget) {
        this.label = label;
        this.full = full;
        this.compressor = compressor;
        this.budget = budget;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public FloatTensor continuationLogits(int[] context, int[] continuation) {
        CompressedContext compressed = compressor.compress(context, budget, 0);
        if (compressed instanceof CompressedContext.Tokens kept) {
            int[] prefix = kept.ids().length > 0 ? kept.ids() : ModelMethod.bos(full, label);
            return ModelMethod.continuationRows(full, prefix, continuation, label);
        }
        FloatTensor vectors = ((CompressedContext.SoftPrompt) compressed).vectors();
        int p = (int) vectors.dim(0);
        if (p == 0) {
            return ModelMethod.continuationRows(full, ModelMethod.bos(full, label), continuation, label);
        }
        if (continuation.length == 0) {
            return FloatTensor.zeros(0, full.info().vocabSize());
        }
        // Row P-1 (the last soft-prompt position) predicts continuation[0]; the last token need not be fed.
        int[] fed = java.util.Arrays.copyOf(continuation, continuation.length - 1);
        FloatTensor logits = full.forward(ForwardRequest.of(fed).withSoftPrompt(vectors)).logits();
        return ModelMethod.rows(logits, p - 1, continuation.length);
    }

    @Override
    public Optional<LanguageModel> model() {
        return Optional.empty();
    }
}
