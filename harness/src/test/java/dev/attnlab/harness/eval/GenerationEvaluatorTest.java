package dev.attnlab.harness.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attnlab.api.eval.EvaluationResult;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GenerationEvaluatorTest {

    private final GenerationEvaluator evaluator = new GenerationEvaluator();

    /** Certain of the successor token: greedy output after ..., k is k+1, k+2, ... */
    private static FakeMethod counter(int vocab) {
        return new FakeMethod("counter", vocab, (prefix, v) -> {
            float[] l = new float[v];
            l[(prefix[prefix.length - 1] + 1) % v] = 50f;
            return l;
        });
    }

    @Test
    void greedyContinuationsAreSideBySideWithTheirCommonPrefix() {
        EvaluationResult result = evaluator.evaluate(Contexts.of(counter(100), counter(100), Contexts.counting(50)),
                Contexts.settings(evaluator, Map.of("data_prompts", 1L, "prompt_length", 5L, "max_new_tokens", 4L,
                        "sampled", false)));

        assertThat(result.rows()).singleElement().satisfies(row -> {
            assertThat(row.cells().get("full")).isEqualTo("[5, 6, 7, 8]");
            assertThat(row.cells().get("method")).isEqualTo("[5, 6, 7, 8]");
            assertThat(row.number("common_prefix")).isEqualTo(4.0);
        });
        assertThat(result.metric("greedy.common_prefix").orElseThrow().value()).isEqualTo(1.0);
    }

    @Test
    void sampledRowsAreReproducibleForTheSameSeed() {
        Map<String, Object> raw = Map.of("data_prompts", 2L, "prompt_length", 3L, "max_new_tokens", 6L);
        EvaluationResult a = evaluator.evaluate(Contexts.of(FakeMethod.uniform(30), FakeMethod.uniform(30),
                Contexts.counting(30)), Contexts.settings(evaluator, raw));
        EvaluationResult b = evaluator.evaluate(Contexts.of(FakeMethod.uniform(30), FakeMethod.uniform(30),
                Contexts.counting(30)), Contexts.settings(evaluator, raw));

        assertThat(a.rows()).hasSize(4).isEqualTo(b.rows());
        assertThat(a.rows().get(1).cells().get("mode")).isEqualTo("sampled");
        assertThat(a.rows().get(1).cells().get("full")).as("same seed, same distribution")
                .isEqualTo(a.rows().get(1).cells().get("method"));
    }

    @Test
    void differingMethodIsCountedUpToTheFirstDifference() {
        FakeMethod stuck = new FakeMethod("stuck", 100, (prefix, v) -> {
            float[] l = new float[v];
            l[prefix.length < 7 ? (prefix[prefix.length - 1] + 1) % v : 0] = 50f;
            return l;
        });
        EvaluationResult result = evaluator.evaluate(Contexts.of(counter(100), stuck, Contexts.counting(50)),
                Contexts.settings(evaluator, Map.of("data_prompts", 1L, "prompt_length", 5L, "max_new_tokens", 4L,
                        "sampled", false)));

        assertThat(result.rows().get(0).number("common_prefix")).isEqualTo(2.0);
        assertThat(result.metric("greedy.common_prefix").orElseThrow().value()).isEqualTo(0.5);
    }

    @Test
    void nucleusSamplingWithTinyTopPAlwaysTakesTheMostLikelyToken() {
        double[] logp = {Math.log(0.1), Math.log(0.6), Math.log(0.3)};
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 50; i++) {
            assertThat(Sampler.sample(logp, 1.0, 0.05, random)).isEqualTo(1);
        }
    }

    @Test
    void samplingFrequenciesFollowTheDistribution() {
        double[] logp = {Math.log(0.2), Math.log(0.8)};
        SplittableRandom random = new SplittableRandom(11);
        int ones = 0;
        for (int i = 0; i < 20_000; i++) {
            ones += Sampler.sample(logp, 1.0, 1.0, random);
        }
        // binomial sd = sqrt(20000 * 0.16) = 57; allow 5 sd
        assertThat(ones).isBetween(16_000 - 285, 16_000 + 285);
    }
}
