package dev.attnlab.harness.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.eval.EvaluationResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reference values are closed forms of KL(P || Q) = sum p ln(p / q) for two-token distributions,
 * computed by hand: KL((3/4, 1/4) || (2/5, 3/5)) = 3/4 ln(15/8) + 1/4 ln(5/12) = 0.2525889...
 */
class KlDivergenceEvaluatorTest {

    private final KlDivergenceEvaluator evaluator = new KlDivergenceEvaluator();

    private static FakeMethod fixed(String label, double p0) {
        return new FakeMethod(label, 2, (prefix, v) -> new float[] {(float) Math.log(p0), (float) Math.log(1 - p0)});
    }

    private EvaluationResult run(FakeMethod reference, FakeMethod method, int[] tokens, double threshold) {
        return evaluator.evaluate(Contexts.of(reference, method, tokens), Contexts.settings(evaluator,
                Map.of("context_length", 8L, "stride", 4L, "threshold", threshold)));
    }

    @Test
    void matchesTheClosedFormForKnownDistributions() {
        double expected = 0.75 * Math.log(0.75 / 0.4) + 0.25 * Math.log(0.25 / 0.6);
        EvaluationResult result = run(fixed("p", 0.75), fixed("q", 0.4), new int[] {0, 1, 0, 1, 1, 0, 0, 1, 1, 0}, 0.1);

        assertThat(expected).isCloseTo(0.2525889, within(1e-6));
        // float32 logits limit agreement to ~1e-7 relative.
        assertThat(result.metric("kl.mean").orElseThrow().value()).isCloseTo(expected, within(1e-6));
        assertThat(result.metric("kl.max").orElseThrow().value()).isCloseTo(expected, within(1e-6));
        assertThat(result.metric("top1_agreement").orElseThrow().value()).isZero();
        assertThat(result.metric("above_threshold").orElseThrow().value()).isEqualTo(1.0);
        assertThat(result.metric("positions").orElseThrow().value()).isEqualTo(9.0);
    }

    @Test
    void identicalDistributionsHaveZeroDivergenceAndFullAgreement() {
        EvaluationResult result = run(FakeMethod.successor(50), FakeMethod.successor(50), Contexts.counting(40), 0.0);

        assertThat(result.metric("kl.mean").orElseThrow().value()).isCloseTo(0.0, within(1e-12));
        assertThat(result.metric("top1_agreement").orElseThrow().value()).isEqualTo(1.0);
        assertThat(result.metric("above_threshold").orElseThrow().value()).isZero();
    }

    @Test
    void averagesOverPositionsAndCountsThoseAboveTheThreshold() {
        // The method agrees with the reference (3/4, 1/4) after an even token and says (2/5, 3/5) after an odd one.
        FakeMethod method = new FakeMethod("alternating", 2, (prefix, v) -> {
            double p0 = prefix[prefix.length - 1] % 2 == 0 ? 0.75 : 0.4;
            return new float[] {(float) Math.log(p0), (float) Math.log(1 - p0)};
        });
        int[] tokens = {0, 1, 0, 1, 0, 1, 0, 1, 0};  // predicted after: 0,1,0,1,0,1,0,1 -> half odd
        double kl = 0.75 * Math.log(0.75 / 0.4) + 0.25 * Math.log(0.25 / 0.6);
        EvaluationResult result = run(fixed("p", 0.75), method, tokens, 0.1);

        assertThat(result.metric("kl.mean").orElseThrow().value()).isCloseTo(kl / 2, within(1e-6));
        assertThat(result.metric("kl.max").orElseThrow().value()).isCloseTo(kl, within(1e-6));
        assertThat(result.metric("top1_agreement").orElseThrow().value()).isEqualTo(0.5);
        assertThat(result.metric("above_threshold").orElseThrow().value()).isEqualTo(0.5);
    }

    @Test
    void staysFiniteForVeryLargeLogits() {
        FakeMethod peaked = new FakeMethod("peaked", 3, (prefix, v) -> new float[] {1000f, 0f, -1000f});
        FakeMethod shifted = new FakeMethod("shifted", 3, (prefix, v) -> new float[] {1000f, 999f, 0f});
        EvaluationResult result = run(peaked, shifted, Contexts.counting(3), 0.1);

        // P is one-hot on token 0 to double precision; Q gives it 1/(1+e^-1): KL = ln(1 + e^-1).
        assertThat(result.metric("kl.mean").orElseThrow().value()).isCloseTo(Math.log(1 + Math.exp(-1)), within(1e-9));
    }

    @Test
    void computesReferenceLogitsOncePerWindow() {
        FakeMethod reference = FakeMethod.uniform(64);
        EvaluationResult result = run(reference, FakeMethod.successor(64), Contexts.counting(60), 0.1);

        assertThat(reference.calls).hasSize(result.rows().size());
    }

    @Test
    void logSoftmaxAndKlAgreeWithDirectFormulas() {
        dev.attnlab.api.tensor.FloatTensor logits = dev.attnlab.api.tensor.FloatTensor.of(new float[] {1f, 2f, 3f}, 1, 3);
        double[] logp = LogProbs.logSoftmax(logits, 0);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertThat(logp[2]).isCloseTo(3 - Math.log(z), within(1e-12));
        assertThat(LogProbs.kl(logp, logp)).isZero();
        assertThat(LogProbs.argmax(new double[] {0.0, 0.0})).as("ties go to the lowest index").isZero();
    }
}
