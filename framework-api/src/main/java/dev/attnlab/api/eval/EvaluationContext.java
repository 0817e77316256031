package dev.attnlab.api.eval;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.model.TextTokenizer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything an evaluator works with for one method.
 *
 * @param reference full attention on the same model; the baseline every number is compared to
 * @param method    the method under test
 * @param models    makes models of the same checkpoint with other strategies or sizes, for
 *                  evaluators that sweep (scaling); may be unsupported (empty)
 * @param tokens    the evaluation data as token ids (the same for every method)
 * @param tokenizer the tokenizer, when the model has one
 * @param workDir   a directory for intermediate files
 * @param progress  where to report long work
 * @param seed      the experiment's seed
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record EvaluationContext(MethodUnderTest reference, MethodUnderTest method, Optional<ModelFactory> models,
                                int[] tokens, Optional<TextTokenizer> tokenizer, Path workDir, Progress progress,
                                long seed) {

    /** Builds models for sweeps: the same method on random-init models of a given size, for instance. */
    public interface ModelFactory {
        /** The method's model with a context limit of at least {@code maxContext} (random-init if needed). */
        LanguageModel methodModel(int maxContext);

        /** Full attention on the same model geometry. */
        LanguageModel referenceModel(int maxContext);

        /** Whether the method's models are real (checkpoint weights) or random-init stand-ins. */
        boolean randomInit();
    }

    /** The reference model, when the reference runs on a LanguageModel (always, in the harness). */
    public LanguageModel referenceModel() {
        return reference.model().orElseThrow(() -> new IllegalStateException("reference has no model"));
    }
}
