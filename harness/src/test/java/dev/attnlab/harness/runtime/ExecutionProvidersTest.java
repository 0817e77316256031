package dev.attnlab.harness.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtProvider;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.harness.model.FullAttentionStrategy;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ExecutionProvidersTest {

    private static final ModelRuntime CPU_ONLY_ORT = new ModelRuntime(() -> EnumSet.of(OrtProvider.CPU));

    @Test
    void cudaRequestedButAbsentFailsSayingHowToGetIt() {
        assertThatThrownBy(() -> CPU_ONLY_ORT.load(new TinyAttentionModel(1), new FullAttentionStrategy(),
                ConfigSchema.EMPTY.defaults(), new RuntimeOptions("cuda", 0, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("device = \"cuda\"").hasMessageContaining("no CUDA execution provider")
                .hasMessageContaining("-Pcuda");
    }

    @Test
    void autoFallsBackToCpuWhenCudaIsAbsent() {
        try (OrtLanguageModel model = CPU_ONLY_ORT.load(new TinyAttentionModel(1), new FullAttentionStrategy(),
                ConfigSchema.EMPTY.defaults(), new RuntimeOptions("auto", 1, null))) {
            assertThat(model.device()).isEqualTo("cpu");
            assertThat(model.logits(new int[] {1, 2}).shape()).containsExactly(2, TinyAttentionModel.VOCAB);
        }
    }

    @Test
    void unknownDeviceIsRejectedWithTheAllowedValues() {
        assertThatThrownBy(() -> new RuntimeOptions("tpu", 0, null)).hasMessageContaining("tpu")
                .hasMessageContaining("[cpu, cuda, auto]");
    }
}
