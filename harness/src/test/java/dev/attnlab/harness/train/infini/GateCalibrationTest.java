package dev.attnlab.harness.train.infini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.eval.Progress;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.io.SafetensorsFile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gate calibration on a small random model through the whole pipeline (segment runs, probes, per-layer fit).
 * Closed-form reference: when one segment covers the window the memory is always empty, A_mem = 0 and
 * A_dot = A_full, so the best weight is 0 for every head and the fit returns the clamped logit
 * logit(1e-4) = -9.21.
 */
class GateCalibrationTest {

    private static final LlamaConfig CONFIG = LlamaConfig.llama2c(32, 64, 2, 4, 2, 40, 64, true);

    @Test
    void closesEveryGateWhenTheMemoryIsNeverRead() {
        LlamaModel model = LlamaModel.randomInit(CONFIG, 6);
        AttentionStrategy infini = InfiniPlugin.strategy();
        long[] windows = SegmentedDistillation.windows(SegmentedDistillationTest.corpus(500, 2), 16, 1, 0, 2);
        Map<String, FloatTensor> gates = new GateCalibration(Progress.NONE)
                .calibrate(model, infini, InfiniPlugin.settings(infini, 16, "linear", -5.0), windows, 16, 2);
        assertThat(gates).containsOnlyKeys("layers.0.attn.infini.beta", "layers.1.attn.infini.beta");
        gates.values().forEach(g -> assertThat(g.data()).containsExactly(new float[] {-9.21f, -9.21f, -9.21f, -9.21f},
                within(0.01f)));
    }

    @Test
    void fitsOpenGatesWithSeveralSegmentsAndSavesThemUnderTheirParameterNames(@TempDir Path dir) {
        LlamaModel model = LlamaModel.randomInit(CONFIG, 6);
        AttentionStrategy infini = InfiniPlugin.strategy();
        long[] windows = SegmentedDistillation.windows(SegmentedDistillationTest.corpus(500, 2), 24, 1, 0, 2);
        Map<String, FloatTensor> gates = new GateCalibration(Progress.NONE)
                .calibrate(model, infini, InfiniPlugin.settings(infini, 8, "delta", -5.0), windows, 24, 2);
        float[] all = new float[8];
        System.arraycopy(gates.get("layers.0.attn.infini.beta").data(), 0, all, 0, 4);
        System.arraycopy(gates.get("layers.1.attn.infini.beta").data(), 0, all, 4, 4);
        for (float beta : all) {
            assertThat(beta).isBetween(-9.22f, 9.22f);
        }
        boolean opened = false;
        for (float beta : all) {
            opened |= beta > -9.2f;
        }
        assertThat(opened).as("with memory to read, some gate opens past the clamp: %s", java.util.Arrays.toString(all))
                .isTrue();

        Path file = dir.resolve("gates.safetensors");
        GateCalibration.save(file, gates, "test");
        SafetensorsFile saved = SafetensorsFile.open(file);
        assertThat(saved.names()).containsExactlyInAnyOrder("layers.0.attn.infini.beta", "layers.1.attn.infini.beta");
        assertThat(saved.read("layers.1.attn.infini.beta").data()).containsExactly(gates.get("layers.1.attn.infini.beta").data());
        assertThat(saved.metadata()).containsEntry("attnlab.step", "0").containsEntry("attnlab.calibration", "test");
    }
}
