package dev.attnlab.harness.experiment;

import dev.attnlab.api.eval.MethodUnderTest;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.Arrays;
import java.util.Optional;

/**
 * An attention strategy (or full attention) as evaluators see it: one forward pass over the context and
 * the continuation, keeping the rows that predict the continuation.
 */
final class ModelMethod implements MethodUnderTest {

    private final String label;
    private final LanguageModel model;

    ModelMethod(String label, LanguageModel model) {
        this.label = label;
        this.model = model;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public FloatTensor continuationLogits(int[] context, int[] continuation) {
        int[] prefix = context.length > 0 ? context : bos(model, label);
        return continuationRows(model, prefix, continuation, label);
    }

    /**
     * Logits of {@code prefix + continuation} rows {@code prefix.length - 1 ..} (the last continuation
     * token is not fed: nothing is scored after it).
     */
    static FloatTensor continuationRows(LanguageModel model, int[] prefix, int[] continuation, String label) {
        if (continuation.length == 0) {
            return FloatTensor.zeros(0, model.info().vocabSize());
        }
        int fed = prefix.length + continuation.length - 1;
        if (fed > model.info().maxContext()) {
            throw new IllegalArgumentException(label + ": " + fed + " tokens exceed the model's context limit of "
                    + model.info().maxContext() + "; use shorter windows or lengths");
        }
        int[] sequence = Arrays.copyOf(prefix, fed);
        System.arraycopy(continuation, 0, sequence, prefix.length, continuation.length - 1);
        FloatTensor logits = model.logits(sequence);
        return rows(logits, prefix.length - 1, continuation.length);
    }

    /** Rows {@code [from, from + count)} of a {@code [T, vocab]} tensor. */
    static FloatTensor rows(FloatTensor logits, int from, int count) {
        int vocab = (int) logits.dim(1);
        if (logits.dim(0) < from + count) {
            throw new IllegalStateException("model returned " + logits.dim(0) + " rows of logits, needed "
                    + (from + count));
        }
        float[] data = Arrays.copyOfRange(logits.data(), from * vocab, (from + count) * vocab);
        return FloatTensor.of(data, count, vocab);
    }

    static int[] bos(LanguageModel model, String label) {
        int bos = model.info().bosToken();
        if (bos < 0) {
            throw new IllegalArgumentException(label + ": an empty context needs a BOS token and model "
                    + model.info().name() + " has none; give at least one context token");
        }
        return new int[] {bos};
    }

    @Override
    public Optional<LanguageModel> model() {
        return Optional.of(model);
    }
}
