package dev.attnlab.harness.eval;

import dev.attnlab.api.config.Settings;
import dev.attnlab.api.eval.EvaluationContext;
import dev.attnlab.api.eval.Evaluator;
import dev.attnlab.api.eval.MethodUnderTest;
import dev.attnlab.api.eval.Progress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds evaluation contexts and settings for the evaluator tests. */
final class Contexts {

    private Contexts() {
    }

    static EvaluationContext of(MethodUnderTest reference, MethodUnderTest method, int[] tokens) {
        return new EvaluationContext(reference, method, Optional.empty(), tokens, Optional.empty(),
                Path.of(System.getProperty("java.io.tmpdir")), Progress.NONE, 7L);
    }

    static Settings settings(Evaluator evaluator, Map<String, ?> raw) {
        return evaluator.configSchema().validate(raw, "evaluators[0]", Set.of());
    }

    /** Tokens 0, 1, ..., n-1: each id names its position. */
    static int[] counting(int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = i;
        }
        return t;
    }
}
