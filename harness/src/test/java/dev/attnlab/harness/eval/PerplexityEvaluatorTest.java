package dev.attnlab.harness.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.eval.EvaluationResult;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reference values are closed forms: uniform over V gives perplexity V; p = 1/2 gives NLL ln 2. */
class PerplexityEvaluatorTest {

    private static final double TOL = 1e-9;
    private final PerplexityEvaluator evaluator = new PerplexityEvaluator();

    private EvaluationResult run(FakeMethod reference, FakeMethod method, int[] tokens, int context, int stride) {
        return evaluator.evaluate(Contexts.of(reference, method, tokens),
                Contexts.settings(evaluator, Map.of("context_length", (long) context, "stride", (long) stride)));
    }

    @Test
    void uniformModelHasPerplexityEqualToVocabularySize() {
        int vocab = 37;
        EvaluationResult result = run(FakeMethod.uniform(vocab), FakeMethod.uniform(vocab), Contexts.counting(30), 8, 3);

        assertThat(result.metric("ppl").orElseThrow().value()).isCloseTo(37.0, within(1e-6));
        assertThat(result.metric("nll").orElseThrow().value()).isCloseTo(Math.log(37), within(TOL));
        assertThat(result.metric("bits_per_token").orElseThrow().value()).isCloseTo(Math.log(37) / Math.log(2), within(TOL));
        assertThat(result.metric("tokens").orElseThrow().value()).isEqualTo(29.0);
        assertThat(result.metric("ppl_ratio").orElseThrow().value()).isCloseTo(1.0, within(TOL));
    }

    @Test
    void halfProbabilityOnEveryTokenGivesOneBitAndPerplexityTwo() {
        EvaluationResult result = run(FakeMethod.uniform(64), FakeMethod.successor(64), Contexts.counting(50), 16, 5);

        assertThat(result.metric("nll").orElseThrow().value()).isCloseTo(Math.log(2), within(1e-6));
        assertThat(result.metric("bits_per_token").orElseThrow().value()).isCloseTo(1.0, within(1e-6));
        assertThat(result.metric("ppl").orElseThrow().value()).isCloseTo(2.0, within(1e-5));
        assertThat(result.metric("reference.ppl").orElseThrow().value()).isCloseTo(64.0, within(1e-4));
        assertThat(result.metric("ppl_ratio").orElseThrow().value()).isCloseTo(2.0 / 64.0, within(1e-6));
    }

    @Test
    void scoresEveryTokenButTheFirstExactlyOnceWithTheContextRightBeforeIt() {
        for (int[] config : new int[][] {{100, 16, 4}, {100, 16, 15}, {17, 16, 8}, {5, 16, 8}, {64, 8, 1}, {33, 2, 1}}) {
            int n = config[0];
            FakeMethod method = FakeMethod.uniform(n);
            run(FakeMethod.uniform(n), method, Contexts.counting(n), config[1], config[2]);

            int[] scored = new int[n];
            for (int[][] call : method.calls) {
                int[] context = call[0];
                int[] continuation = call[1];
                assertThat(context.length + continuation.length).as("window length %s", Arrays.toString(config))
                        .isLessThanOrEqualTo(config[1]);
                assertThat(context[context.length - 1] + 1).as("context ends right before the scored tokens")
                        .isEqualTo(continuation[0]);
                for (int t : continuation) {
                    scored[t]++;
                }
            }
            assertThat(scored[0]).as("first token has no context").isZero();
            assertThat(Arrays.copyOfRange(scored, 1, n)).as("config %s", Arrays.toString(config)).containsOnly(1);
        }
    }

    @Test
    void laterWindowsKeepAtLeastContextMinusStrideTokensOfContext() {
        FakeMethod method = FakeMethod.uniform(200);
        run(FakeMethod.uniform(200), method, Contexts.counting(200), 32, 8);

        for (int[][] call : method.calls.subList(1, method.calls.size())) {
            assertThat(call[0].length).isGreaterThanOrEqualTo(32 - 8);
        }
    }

    @Test
    void repeatedTokenSequenceHasFiniteClosedFormPerplexity() {
        int[] tokens = new int[40];
        Arrays.fill(tokens, 5);
        // successor puts 1/2 on 6 and 1/(2*(V-1)) on 5: NLL = ln(2 (V-1)).
        EvaluationResult result = run(FakeMethod.uniform(10), FakeMethod.successor(10), tokens, 8, 4);

        assertThat(result.metric("nll").orElseThrow().value()).isCloseTo(Math.log(18), within(1e-6));
        assertThat(result.metric("reference.ppl").orElseThrow().value()).isCloseTo(10.0, within(1e-5));
    }

    @Test
    void rejectsEmptyAndOneTokenDataWithAClearMessage() {
        for (int[] tokens : new int[][] {{}, {3}}) {
            assertThatThrownBy(() -> run(FakeMethod.uniform(8), FakeMethod.uniform(8), tokens, 8, 4))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("needs at least 2 data tokens")
                    .hasMessageContaining("got " + tokens.length);
        }
    }

    @Test
    void rejectsAStrideThatLeavesNoContext() {
        assertThatThrownBy(() -> run(FakeMethod.uniform(8), FakeMethod.uniform(8), Contexts.counting(8), 4, 4))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("evaluators[0].stride")
                .hasMessageContaining("[1, 3]");
    }

    @Test
    void maxTokensLimitsTheScoredData() {
        EvaluationResult result = evaluator.evaluate(
                Contexts.of(FakeMethod.uniform(100), FakeMethod.uniform(100), Contexts.counting(100)),
                Contexts.settings(evaluator, Map.of("context_length", 16L, "stride", 8L, "max_tokens", 21L)));

        assertThat(result.metric("tokens").orElseThrow().value()).isEqualTo(20.0);
    }
}
