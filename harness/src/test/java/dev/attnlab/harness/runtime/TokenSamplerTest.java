package dev.attnlab.harness.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.model.GenerationOptions;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {

    private static int[] counts(float[] logits, double temperature, double topP, int draws) {
        TokenSampler sampler = new TokenSampler(GenerationOptions.sampled(1, temperature, topP, 123));
        int[] counts = new int[logits.length];
        for (int i = 0; i < draws; i++) {
            counts[sampler.next(logits)]++;
        }
        return counts;
    }

    @Test
    void greedyPicksTheLargestLogit() {
        assertThat(new TokenSampler(GenerationOptions.greedy(1)).next(new float[] {0.1f, 2f, -1f, 1.9f})).isEqualTo(1);
    }

    /** softmax([0, ln 3]) = [0.25, 0.75]; 20,000 draws put the frequency within 0.02 (about 6 standard errors). */
    @Test
    void samplingFollowsTheSoftmaxProbabilities() {
        int[] c = counts(new float[] {0f, (float) Math.log(3)}, 1.0, 1.0, 20_000);
        assertThat(c[1] / 20_000.0).isCloseTo(0.75, within(0.02));
    }

    /** Probabilities 0.5, 0.3, 0.2: nucleus 0.8 keeps the first two (renormalised 0.625 / 0.375), never the third. */
    @Test
    void topPDropsTheTailBeyondTheNucleus() {
        float[] logits = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)};
        int[] c = counts(logits, 1.0, 0.8, 20_000);
        assertThat(c[2]).isZero();
        assertThat(c[0] / 20_000.0).isCloseTo(0.625, within(0.02));
    }

    @Test
    void sameSeedGivesTheSameDraws() {
        float[] logits = {0.3f, 0.1f, 0.7f, 0.2f};
        assertThat(counts(logits, 2.0, 0.95, 500)).containsExactly(counts(logits, 2.0, 0.95, 500));
    }
}
