package dev.attnlab.harness.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.eval.EvaluationResult;
import dev.attnlab.api.eval.MethodUnderTest;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttentionFidelityEvaluatorTest {

    private final AttentionFidelityEvaluator evaluator = new AttentionFidelityEvaluator();

    /** Causal uniform attention: row i spreads 1/(i+1) over keys 0..i. */
    private static List<FloatTensor> uniformMaps(int t) {
        float[] d = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j <= i; j++) {
                d[i * t + j] = 1f / (i + 1);
            }
        }
        return List.of(FloatTensor.of(d, 1, t, t));
    }

    /** Every query attends only to itself. */
    private static List<FloatTensor> diagonalMaps(int t) {
        float[] d = new float[t * t];
        for (int i = 0; i < t; i++) {
            d[i * t + i] = 1f;
        }
        return List.of(FloatTensor.of(d, 1, t, t));
    }

    private static MethodUnderTest withModel(String label, FakeModel model) {
        return new FakeMethod(label, 8, (p, v) -> new float[v], model);
    }

    @Test
    void matchesHandComputedMseOfTwoTokenMaps() {
        // rows [1,0] and [1/2,1/2] vs [1,0] and [0,1]: causal errors 0, 1/2, -1/2 over 3 entries.
        EvaluationResult result = evaluator.evaluate(
                Contexts.of(withModel("full", new FakeModel(8, 64, AttentionFidelityEvaluatorTest::uniformMaps)),
                        withModel("diag", new FakeModel(8, 64, AttentionFidelityEvaluatorTest::diagonalMaps)),
                        new int[] {1, 2}),
                Contexts.settings(evaluator, Map.of("window", 2L, "windows", 1L)));

        assertThat(result.metric("mse.mean").orElseThrow().value()).isCloseTo(0.5 / 3, within(1e-7));
        assertThat(result.rows()).hasSize(1);
        assertThat(result.rows().get(0).number("layer")).isZero();
    }

    @Test
    void identicalMapsGiveZeroErrorOverSeveralWindows() {
        EvaluationResult result = evaluator.evaluate(
                Contexts.of(withModel("full", new FakeModel(8, 64, AttentionFidelityEvaluatorTest::uniformMaps)),
                        withModel("same", new FakeModel(8, 64, AttentionFidelityEvaluatorTest::uniformMaps)),
                        Contexts.counting(40)),
                Contexts.settings(evaluator, Map.of("window", 8L, "windows", 3L)));

        assertThat(result.metric("mse.max").orElseThrow().value()).isZero();
    }

    @Test
    void isNanWithANoteForAMethodWithoutAModel() {
        EvaluationResult result = evaluator.evaluate(
                Contexts.of(withModel("full", new FakeModel(8, 64, AttentionFidelityEvaluatorTest::uniformMaps)),
                        FakeMethod.uniform(8), Contexts.counting(8)),
                Contexts.settings(evaluator, Map.of()));

        assertThat(result.metric("mse.mean").orElseThrow().value()).isNaN();
        assertThat(result.notes()).singleElement().asString().contains("compressor");
    }

    @Test
    void isNanWithANoteWhenTheMethodReturnsNoProbabilities() {
        EvaluationResult result = evaluator.evaluate(
                Contexts.of(withModel("full", new FakeModel(8, 64, AttentionFidelityEvaluatorTest::uniformMaps)),
                        withModel("opaque", new FakeModel(8, 64, t -> List.of())), Contexts.counting(8)),
                Contexts.settings(evaluator, Map.of()));

        assertThat(result.metric("mse.mean").orElseThrow().value()).isNaN();
        assertThat(result.notes()).singleElement().asString().contains("no attention probabilities");
    }
}
