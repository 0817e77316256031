package dev.attnlab.harness.eval;

import dev.attnlab.api.eval.EvaluationContext;
import dev.attnlab.api.model.LanguageModel;
import java.util.OptionalInt;

/** Facts about the model behind an evaluation context that several evaluators need. */
final class Vocabulary {

    private Vocabulary() {
    }

    /** The vocabulary size: the reference model's, else the width of one logits row. */
    static int size(EvaluationContext context) {
        return context.reference().model().map(m -> m.info().vocabSize()).orElseGet(() -> {
            int t = context.tokens().length > 0 ? context.tokens()[0] : 0;
            return (int) context.reference().continuationLogits(new int[] {t}, new int[] {t}).dim(1);
        });
    }

    /** The context limit of the model the method runs on (its own, else the reference's), if known. */
    static OptionalInt contextLimit(EvaluationContext context) {
        return context.method().model().or(() -> context.reference().model())
                .map(LanguageModel::info).map(i -> OptionalInt.of(i.maxContext())).orElse(OptionalInt.empty());
    }
}
