package dev.attnlab.harness.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.eval.EvaluationContext;
import dev.attnlab.api.eval.EvaluationResult;
import dev.attnlab.api.eval.Progress;
import dev.attnlab.api.model.LanguageModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Structure and bookkeeping only: timings are never asserted in unit tests. */
class ScalingEvaluatorTest {

    private final ScalingEvaluator evaluator = new ScalingEvaluator();

    @Test
    void measuresEveryLengthOnAFreshFactoryModelAndClosesIt() {
        List<FakeModel> made = new ArrayList<>();
        EvaluationContext.ModelFactory factory = new EvaluationContext.ModelFactory() {
            @Override
            public LanguageModel methodModel(int maxContext) {
                FakeModel model = new FakeModel(16, maxContext, t -> List.of());
                made.add(model);
                return model;
            }

            @Override
            public LanguageModel referenceModel(int maxContext) {
                return methodModel(maxContext);
            }

            @Override
            public boolean randomInit() {
                return true;
            }
        };
        FakeMethod method = FakeMethod.uniform(16);
        EvaluationContext context = new EvaluationContext(method, method, Optional.of(factory), new int[0],
                Optional.empty(), Path.of("."), Progress.NONE, 1);
        EvaluationResult result = evaluator.evaluate(context, Contexts.settings(evaluator,
                Map.of("lengths", List.of(8L, 16L, 32L), "decode_tokens", 3L, "warmup", 0L)));

        assertThat(result.rows()).extracting(r -> r.number("length")).containsExactly(8.0, 16.0, 32.0);
        assertThat(made).hasSize(3).allMatch(m -> m.closed).allMatch(m -> m.forwards == 1);
        assertThat(made.get(2).appended).as("prompt then one token at a time").isEqualTo(32 + 3);
        assertThat(result.rows().get(0).cells()).containsKeys("prefill_ms", "decode_tokens_per_s", "heap_peak_mib",
                "rss_peak_mib");
        assertThat(result.metric("prefill.exponent")).isPresent();
        assertThat(result.notes()).anyMatch(n -> n.contains("random-init"));
    }

    @Test
    void rejectsLengthsAbove65536() {
        FakeMethod method = FakeMethod.uniform(4);
        EvaluationContext context = new EvaluationContext(method, method, Optional.empty(), new int[0],
                Optional.empty(), Path.of("."), Progress.NONE, 1);
        assertThatThrownBy(() -> evaluator.evaluate(context, Contexts.settings(evaluator, Map.of("lengths", List.of(65537L)))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("65536");
    }

    @Test
    void timesFullAttentionOnlyUpToItsMaximumLength() {
        FakeMethod method = FakeMethod.uniform(4);
        EvaluationContext context = new EvaluationContext(method, method, Optional.empty(), new int[0],
                Optional.empty(), Path.of("."), Progress.NONE, 1);
        var result = evaluator.evaluate(context, Contexts.settings(evaluator,
                Map.of("lengths", List.of(8L, 64L), "reference_max_length", 8L)));
        assertThat(result.notes()).anyMatch(n -> n.contains("length 64 not timed for full attention"))
                .noneMatch(n -> n.contains("length 8 not timed"));
    }

    @Test
    void readsKibibytesFromProcStatusLines() {
        assertThat(MemoryProbe.parseKiB("   2048 kB")).isEqualTo(2048L * 1024);
    }

    @Test
    void doesNotClaimToMeasureCompressors() {
        assertThat(evaluator.supportsCompressors()).isFalse();
    }
}
