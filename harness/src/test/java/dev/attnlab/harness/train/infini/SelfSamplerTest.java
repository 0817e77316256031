package dev.attnlab.harness.train.infini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import org.junit.jupiter.api.Test;

/** The self-sampler: seeded, starts every sequence at the start token, stays in the vocabulary. */
class SelfSamplerTest {

    private static final LlamaConfig CONFIG = LlamaConfig.llama2c(32, 64, 2, 4, 2, 40, 16, true);

    @Test
    void sameSeedGivesTheSameSequencesAndEachSequenceHasItsOwnStream() {
        LlamaModel model = LlamaModel.randomInit(CONFIG, 8);
        long[] first = SelfSampler.sample(model, 1, 3, 8, 42);
        assertThat(SelfSampler.sample(model, 1, 3, 8, 42)).containsExactly(first);
        for (int b = 0; b < 3; b++) {
            assertThat(first[b * 8]).isEqualTo(1);
        }
        assertThat(java.util.Arrays.stream(first).allMatch(t -> t >= 0 && t < CONFIG.vocabSize()))
                .as("every token is in the vocabulary").isTrue();
        // sequence i draws from seed + i: sequence 1 of seed 42 is sequence 0 of seed 43
        long[] shifted = SelfSampler.sample(model, 1, 1, 8, 43);
        assertThat(java.util.Arrays.copyOfRange(first, 8, 16)).containsExactly(shifted);
        assertThat(java.util.Arrays.copyOfRange(first, 0, 8)).isNotEqualTo(shifted);
    }

    @Test
    void refusesSequencesLongerThanTheModelsContext() {
        LlamaModel model = LlamaModel.randomInit(CONFIG, 8);
        assertThatThrownBy(() -> SelfSampler.sample(model, 1, 1, 17, 1)).hasMessageContaining("context is 16");
    }
}
