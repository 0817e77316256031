package dev.attnlab.harness.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.eval.EvaluationContext;
import dev.attnlab.api.eval.EvaluationResult;
import dev.attnlab.api.eval.MethodUnderTest;
import dev.attnlab.api.eval.Progress;
import dev.attnlab.harness.defaults.FactProbes;
import dev.attnlab.harness.tokenize.DefaultTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FactRecallEvaluatorTest {

    private static final DefaultTokenizer TOKENIZER = DefaultTokenizer.embedded();
    private static final int VOCAB = TOKENIZER.vocabSize();
    private static final long SEED = 7L;
    private static final List<Long> FILLERS = List.of(0L, 6L);
    private static final int TRIALS = 5;

    private final FactRecallEvaluator evaluator = new FactRecallEvaluator();

    private EvaluationResult run(MethodUnderTest method) {
        EvaluationContext context = new EvaluationContext(FakeMethod.uniform(VOCAB), method, Optional.empty(),
                new int[] {1, 2, 3}, Optional.of(TOKENIZER), Path.of(System.getProperty("java.io.tmpdir")),
                Progress.NONE, SEED);
        return evaluator.evaluate(context, Contexts.settings(evaluator, Map.of("fillers", FILLERS, "trials",
                (long) TRIALS)));
    }

    /**
     * A reader that has the probes' texts: after a prefix that a probe's context + question + answer starts
     * with (the context included), it predicts that sequence's next token; otherwise every token equally.
     */
    private static FakeMethod oracle() {
        List<int[]> sequences = new ArrayList<>();
        List<Integer> contextLengths = new ArrayList<>();
        FactProbes probes = new FactProbes(SEED);
        for (long fillers : FILLERS) {
            for (int trial = 0; trial < TRIALS; trial++) {
                FactProbes.Probe p = probes.probe(trial, (int) fillers);
                int[] context = TOKENIZER.encode(p.context());
                int[] answer = TOKENIZER.encode(p.question() + " " + p.answer());
                int[] all = new int[1 + context.length + answer.length];
                all[0] = TOKENIZER.bosToken();
                System.arraycopy(context, 0, all, 1, context.length);
                System.arraycopy(answer, 0, all, 1 + context.length, answer.length);
                sequences.add(all);
                contextLengths.add(1 + context.length);
            }
        }
        return new FakeMethod("oracle", VOCAB, (prefix, v) -> {
            float[] logits = new float[v];
            for (int i = 0; i < sequences.size(); i++) {
                int[] s = sequences.get(i);
                if (prefix.length > contextLengths.get(i) && prefix.length < s.length
                        && Arrays.equals(prefix, Arrays.copyOf(s, prefix.length))) {
                    logits[s[prefix.length]] = 50f;
                    return logits;
                }
            }
            return logits;
        });
    }

    @Test
    void aReaderThatKeptTheContextAnswersEveryProbeAndNoContextIsAtChance() {
        EvaluationResult result = run(oracle());

        assertThat(result.metric("exact_match").orElseThrow().value()).isEqualTo(1.0);
        assertThat(result.metric("token_accuracy").orElseThrow().value()).isEqualTo(1.0);
        assertThat(result.metric("loss").orElseThrow().value()).isLessThan(1e-6);
        // the reference here is the uniform model: ln V per answer token, no exact answer
        assertThat(result.metric("no_context.loss").orElseThrow().value()).isCloseTo(Math.log(VOCAB), within(1e-6));
        assertThat(result.metric("no_context.exact_match").orElseThrow().value()).isZero();
        assertThat(result.rows()).hasSize(FILLERS.size());
        assertThat((Double) result.rows().get(1).cells().get("context_tokens"))
                .as("six filler sentences lengthen the context")
                .isGreaterThan((Double) result.rows().get(0).cells().get("context_tokens") + 30);
    }

    @Test
    void aModelThatSeesNothingScoresLnV() {
        EvaluationResult result = run(FakeMethod.uniform(VOCAB));

        assertThat(result.metric("exact_match").orElseThrow().value()).isZero();
        assertThat(result.metric("loss").orElseThrow().value()).isCloseTo(Math.log(VOCAB), within(1e-6));
    }

    @Test
    void needsATokenizer() {
        EvaluationContext context = Contexts.of(FakeMethod.uniform(VOCAB), FakeMethod.uniform(VOCAB), new int[] {1});
        assertThatThrownBy(() -> evaluator.evaluate(context, Contexts.settings(evaluator, Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tokenizer");
    }

    @Test
    void probesStateTheFactInTheContextAndAskForItAfterTheFillers() {
        FactProbes probes = new FactProbes(3);
        for (int i = 0; i < 40; i++) {
            FactProbes.Probe p = probes.probe(i, 5);
            assertThat(p.context()).contains(p.answer());
            assertThat(p.question()).contains("?").doesNotEndWith(" ");
            assertThat(p.question().substring(p.question().indexOf('?'))).doesNotContain(p.answer());
            assertThat(p.context().split("[.?] ").length).as("opening + fact + 5 fillers").isEqualTo(7);
            assertThat(probes.probe(i, 5)).as("seeded").isEqualTo(p);
        }
        assertThat(java.util.stream.IntStream.range(0, 40).mapToObj(i -> probes.probe(i, 5).kind()).distinct())
                .containsExactlyInAnyOrder("box", "pet", "age", "code");
    }
}
