package dev.attnlab.harness.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.eval.EvaluationResult;
import dev.attnlab.api.eval.ResultRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrievalEvaluatorTest {

    private static final int VOCAB = 256;
    private final RetrievalEvaluator evaluator = new RetrievalEvaluator();

    private EvaluationResult run(FakeMethod method, int[] data) {
        return evaluator.evaluate(Contexts.of(FakeMethod.uniform(VOCAB), method, data), Contexts.settings(evaluator,
                Map.of("lengths", List.of(32L, 64L), "depths", List.of(0.0, 0.5, 1.0), "trials", 2L,
                        "copy_length", 8L)));
    }

    /** Natural-looking filler with repeats, so the copier must find the one marker, not any repeat. */
    private static int[] filler() {
        int[] data = new int[300];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i * 7) % 40;
        }
        return data;
    }

    @Test
    void perfectCopierRetrievesEveryPasskeyAndCopy() {
        EvaluationResult result = run(FakeMethod.copier(VOCAB), filler());

        for (String metric : List.of("passkey.exact_match", "passkey.token_accuracy", "copy.exact_match", "copy.token_accuracy")) {
            assertThat(result.metric(metric).orElseThrow().value()).as(metric).isEqualTo(1.0);
        }
        assertThat(result.metric("passkey.loss").orElseThrow().value()).isLessThan(1e-6);
        assertThat(result.rows()).hasSize(2 * 2 * 3);
    }

    @Test
    void uniformModelScoresChanceAndLossLogV() {
        EvaluationResult result = run(FakeMethod.uniform(VOCAB), filler());

        // Ties go to token 0, so accuracy is the share of answer tokens that happen to be 0: about 1/V.
        assertThat(result.metric("passkey.token_accuracy").orElseThrow().value()).isLessThan(0.1);
        assertThat(result.metric("copy.token_accuracy").orElseThrow().value()).isLessThan(0.1);
        assertThat(result.metric("passkey.exact_match").orElseThrow().value()).isZero();
        assertThat(result.metric("passkey.loss").orElseThrow().value()).isCloseTo(Math.log(VOCAB), within(1e-6));
        assertThat(result.metric("copy.loss").orElseThrow().value()).isCloseTo(Math.log(VOCAB), within(1e-6));
    }

    @Test
    void passkeySequencesHaveTheRequestedLengthAndDepth() {
        int[] data = filler();
        RetrievalTasks.Task start = RetrievalTasks.passkey(data, 50, 0.0, 2, 4, VOCAB, new java.util.SplittableRandom(1));
        RetrievalTasks.Task end = RetrievalTasks.passkey(data, 50, 1.0, 2, 4, VOCAB, new java.util.SplittableRandom(1));

        assertThat(start.context().length + start.answer().length).isEqualTo(50);
        assertThat(start.position()).isZero();
        assertThat(end.position()).as("filler = 50 - key 4 - needle 6 - question 2").isEqualTo(38);
        assertThat(start.answer()).hasSize(4);
        // the question (marker) at the end equals the marker in front of the key
        assertThat(java.util.Arrays.copyOfRange(start.context(), 44, 46))
                .isEqualTo(java.util.Arrays.copyOfRange(start.context(), 0, 2));
    }

    @Test
    void copySequencePlusAnswerHasTheRequestedLength() {
        RetrievalTasks.Task task = RetrievalTasks.copy(40, 0.5, 8, VOCAB, new java.util.SplittableRandom(3));

        assertThat(task.context().length + task.answer().length).isEqualTo(40);
        assertThat(task.answer()).hasSize(7);
    }

    @Test
    void sameSeedGivesTheSameSequencesForEveryMethod() {
        EvaluationResult a = run(FakeMethod.successor(VOCAB), filler());
        EvaluationResult b = run(FakeMethod.successor(VOCAB), filler());

        assertThat(a.rows()).isEqualTo(b.rows());
    }

    @Test
    void worksOnARepeatedTokenFiller() {
        int[] data = new int[100];
        java.util.Arrays.fill(data, 9);
        EvaluationResult result = run(FakeMethod.copier(VOCAB), data);

        assertThat(result.metric("passkey.exact_match").orElseThrow().value()).isEqualTo(1.0);
    }

    @Test
    void rejectsLengthsTooShortForTheNeedle() {
        assertThatThrownBy(() -> evaluator.evaluate(Contexts.of(FakeMethod.uniform(VOCAB), FakeMethod.uniform(VOCAB), filler()),
                Contexts.settings(evaluator, Map.of("lengths", List.of(6L)))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("evaluators[0].lengths");
    }

    @Test
    void rowsCarryLengthDepthAndAccuracyForHeatMaps() {
        ResultRow row = run(FakeMethod.copier(VOCAB), filler()).rows().get(0);

        assertThat(row.cells()).containsKeys("test", "length", "depth", "distance", "exact_match", "token_accuracy", "loss");
    }
}
