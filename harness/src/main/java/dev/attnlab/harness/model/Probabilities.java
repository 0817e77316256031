package dev.attnlab.harness.model;

import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.tensor.Tensor;

/** Checks that a strategy exposed attention probabilities when the graph was asked to output them. */
final class Probabilities {

    private Probabilities() {
    }

    static Tensor require(AttentionResult result, int layer) {
        if (result.probabilities() == null) {
            throw new IllegalStateException("attention probabilities were requested (GraphOptions."
                    + "attentionProbabilities) but layer " + layer + "'s strategy returned none; this method "
                    + "cannot expose them: run the evaluator that needs them on full attention only");
        }
        return result.probabilities();
    }
}
