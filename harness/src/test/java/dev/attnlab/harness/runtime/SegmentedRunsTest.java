package dev.attnlab.harness.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.attention.SegmentedAttention;
import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.model.ForwardRequest;
import dev.attnlab.api.tensor.TensorOps;
import dev.attnlab.harness.model.FullAttentionStrategy;
import dev.attnlab.harness.model.GraphOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers that are {@link SegmentedAttention} get runs that end at their segment boundaries. */
class SegmentedRunsTest {

    private static final TinyAttentionModel DEF = new TinyAttentionModel(5);
    private static final Settings NONE = ConfigSchema.EMPTY.defaults();
    private static final int[] TOKENS = {1, 2, 3, 4, 5, 6, 7, 8};

    /** Full attention that declares segments of 3 tokens (its result does not depend on how runs are cut). */
    private static final class SegmentedFull implements AttentionStrategy {
        @Override
        public String id() {
            return "test-segmented-full";
        }

        @Override
        public String description() {
            return "full attention in runs of 3 (tests)";
        }

        @Override
        public LayerAttention create(AttentionContext context, Settings settings) {
            LayerAttention full = new FullAttentionStrategy().create(context, settings);
            return new SegmentedAttention() {
                @Override
                public int segmentLength() {
                    return 3;
                }

                @Override
                public AttentionResult attend(TensorOps ops, AttentionInputs inputs) {
                    return full.attend(ops, inputs);
                }
            };
        }
    }

    @Test
    void runsEndAtSegmentBoundariesAndGiveTheSameLogits(@TempDir Path dir) {
        try (OrtLanguageModel segmented = new ModelRuntime().load(DEF, new SegmentedFull(), NONE, RuntimeOptions.cpu());
             OrtLanguageModel full = new ModelRuntime().load(DEF, new FullAttentionStrategy(), NONE, RuntimeOptions.cpu())) {
            assertThat(segmented.runBoundaries(0, 8)).containsExactly(3, 6, 8);
            assertThat(segmented.runBoundaries(4, 5)).containsExactly(2, 5);
            assertThat(full.runBoundaries(0, 8)).containsExactly(8);
            ForwardRequest request = ForwardRequest.of(TOKENS).withHiddenStates();
            OrtLanguageModelTest.assertClose(segmented.forward(request).logits(), full.forward(request).logits(),
                    "segmented prefill");
            assertThat(segmented.forward(request).hiddenStates().shape()).containsExactly(8, TinyAttentionModel.DIM);
            assertThatThrownBy(() -> segmented.forward(ForwardRequest.of(TOKENS).withAttention()))
                    .hasMessageContaining("segments of [3]");

            Path out = dir.resolve("seg.onnx");
            new ModelExporter(null).export(DEF, new SegmentedFull(), NONE, GraphOptions.LOGITS_ONLY, out);
            try (OrtLanguageModel loaded = new ModelRuntime().loadExported(out, RuntimeOptions.cpu(), ExportedHostOps.none())) {
                assertThat(loaded.runBoundaries(0, 8)).containsExactly(3, 6, 8);
            }
        }
    }
}
