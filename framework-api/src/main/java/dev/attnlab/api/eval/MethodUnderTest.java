package dev.attnlab.api.eval;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.Optional;

/**
 * A method as evaluators see it: something that predicts a continuation given a context. For an
 * attention strategy it is the model with that strategy in every layer; for a compressor it is the
 * full model reading the compressed context. The reference (full attention) is a method too.
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public interface MethodUnderTest {

    /** A label for tables, e.g. {@code sliding-window(window=32)}. */
    String label();

    /**
     * Next-token logits {@code [continuation.length, vocab]}: row i predicts {@code continuation[i]}
     * after the context and {@code continuation[0..i-1]}. Needs a non-empty context or a BOS token.
     */
    FloatTensor continuationLogits(int[] context, int[] continuation);

    /** The model running the method, when the method is an attention strategy (empty for compressors). */
    Optional<LanguageModel> model();
}
