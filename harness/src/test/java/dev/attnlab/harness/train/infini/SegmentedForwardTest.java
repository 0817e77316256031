package dev.attnlab.harness.train.infini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.attention.SegmentedAttention;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.TensorOps;
import dev.attnlab.api.testkit.ArrayOps;
import dev.attnlab.harness.lower.djl.DjlOps;
import dev.attnlab.harness.lower.djl.DjlParameters;
import dev.attnlab.harness.model.FullAttentionStrategy;
import dev.attnlab.harness.model.GraphOptions;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The segment-aware forward pass. References: the plain one-run pass on the same lowering (exact when it is
 * one run; 1e-4 for full attention split into runs, float32 with different summation orders) and the
 * reference lowering ArrayOps fed run by run (1e-4, as in DjlOpsParityTest).
 */
class SegmentedForwardTest {

    private static final LlamaConfig CONFIG = LlamaConfig.llama2c(32, 64, 2, 4, 2, 40, 64, true);
    private static final long[] WINDOWS = {
        1, 5, 9, 3, 3, 33, 17, 0, 8, 11, 2, 7, 19, 4, 6, 21,
        2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32};

    @Test
    void runsEndAtEverySegmentedLayersBoundariesAndTheWindowEnd() {
        List<LayerAttention> layers = List.of(segmented(full(), 4), segmented(full(), 6), full());
        assertThat(SegmentedForward.runEnds(13, layers)).containsExactly(4, 6, 8, 12, 13);
        assertThat(SegmentedForward.runEnds(13, List.of(full()))).containsExactly(13);
        assertThat(SegmentedForward.runEnds(8, List.of(segmented(full(), 8)))).containsExactly(8);
    }

    @Test
    void aSegmentCoveringTheWindowGivesExactlyThePlainPass() {
        LlamaModel model = LlamaModel.randomInit(CONFIG, 3);
        AttentionStrategy infini = InfiniPlugin.strategy();
        for (int segment : new int[] {16, 40}) {
            List<LayerAttention> layers = StrategyLayers.of(model, infini,
                    InfiniPlugin.settings(infini, segment, "delta", 0.0));
            assertThat(segmented(model, layers)).as("segment %d", segment).containsExactly(plain(model, layers));
        }
    }

    @Test
    void carriedKvCacheReproducesOnePassOfFullAttention() {
        LlamaModel model = LlamaModel.randomInit(CONFIG, 4);
        List<LayerAttention> full = StrategyLayers.of(model, new FullAttentionStrategy(), null);
        List<LayerAttention> split = new ArrayList<>();
        full.forEach(l -> split.add(segmented(l, 5)));
        assertThat(segmented(model, split)).containsExactly(plain(model, full), within(1e-4f));
    }

    @Test
    void infiniRunBySegmentMatchesTheReferenceLowering() {
        LlamaModel model = LlamaModel.randomInit(CONFIG, 5);
        AttentionStrategy infini = InfiniPlugin.strategy();
        for (String update : new String[] {"linear", "delta"}) {
            List<LayerAttention> layers = StrategyLayers.of(model, infini, InfiniPlugin.settings(infini, 4, update, 0.0));
            float[] djl = segmented(model, layers);
            float[] reference = referenceRuns(model, layers, 4);
            assertThat(djl).as(update).containsExactly(reference, within(1e-4f));
            assertThat(djl).as("%s: memory changes the result", update)
                    .isNotEqualTo(plainIgnoringContract(model, infini, update));
        }
    }

    private static float[] segmented(LlamaModel model, List<LayerAttention> layers) {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
             DjlParameters params = new DjlParameters(m, model.weights());
             SegmentedForward forward = new SegmentedForward(model, layers, params, false)) {
            return DjlOps.toFloatTensor(forward.logits(m, WINDOWS, 2, 16)).data();
        }
    }

    private static float[] plain(LlamaModel model, List<LayerAttention> layers) {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
             DjlParameters params = new DjlParameters(m, model.weights());
             DjlOps ops = new DjlOps(m, params)) {
            ops.batch(2).feedLongs("input_ids", WINDOWS, 2, 16).feedLongs("positions", positions(0, 16), 16);
            model.build(ops, layers, GraphOptions.LOGITS_ONLY);
            return DjlOps.toFloatTensor(ops.output("logits")).data();
        }
    }

    /** Segment 16 (one run): the same layers but without memory of earlier segments, to show segment 4 differs. */
    private static float[] plainIgnoringContract(LlamaModel model, AttentionStrategy infini, String update) {
        return plain(model, StrategyLayers.of(model, infini, InfiniPlugin.settings(infini, 16, update, 0.0)));
    }

    /** ArrayOps over the same windows in runs of {@code run}, state fed with {@link ArrayOps#next()}. */
    private static float[] referenceRuns(LlamaModel model, List<LayerAttention> layers, int run) {
        Map<String, FloatTensor> weights = new LinkedHashMap<>();
        model.weights().names().forEach(n -> weights.put(n, model.weights().get(n).orElseThrow()));
        int vocab = CONFIG.vocabSize();
        float[] out = new float[WINDOWS.length * vocab];
        ArrayOps ops = new ArrayOps(weights).batch(2);
        for (int from = 0; from < 16; from += run) {
            long[] ids = new long[2 * run];
            for (int b = 0; b < 2; b++) {
                System.arraycopy(WINDOWS, b * 16 + from, ids, b * run, run);
            }
            ops.feed("input_ids", ids, 2, run).feed("positions", positions(from, run), run);
            model.build(ops, layers, GraphOptions.LOGITS_ONLY);
            float[] logits = ops.outputFloat("logits").data();
            for (int b = 0; b < 2; b++) {
                System.arraycopy(logits, b * run * vocab, out, (b * 16 + from) * vocab, run * vocab);
            }
            ops = ops.next();
        }
        return out;
    }

    private static long[] positions(int from, int n) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = from + i;
        }
        return p;
    }

    private static LayerAttention full() {
        FullAttentionStrategy full = new FullAttentionStrategy();
        return full.create(new AttentionContext(0, 1, 4, 2, 8, 64), full.configSchema().defaults());
    }

    /** {@code layer} declared segmented, so that the forward pass splits runs at its boundaries. */
    private static SegmentedAttention segmented(LayerAttention layer, int segment) {
        return new SegmentedAttention() {
            @Override
            public int segmentLength() {
                return segment;
            }

            @Override
            public AttentionResult attend(TensorOps ops, AttentionInputs in) {
                return layer.attend(ops, in);
            }
        };
    }
}
