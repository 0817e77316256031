package dev.attnlab.treekernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.AttentionMath;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.KvCache;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.plugin.PluginCommand;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.testkit.ArrayOps;
import dev.attnlab.treekernel.tree.Estimator;
import dev.attnlab.treekernel.tree.TraversalStats;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TreeKernelStrategyTest {

    private static final AttentionContext CONTEXT = new AttentionContext(0, 1, 4, 2, 8, 64);
    private static final int BATCH = 2;

    private static FloatTensor gaussian(Random random, long... shape) {
        float[] data = new float[Math.toIntExact(FloatTensor.size(shape))];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return FloatTensor.of(data, shape);
    }

    private static AttentionInputs inputs(ArrayOps ops, FloatTensor q, FloatTensor k, FloatTensor v, long start) {
        int t = (int) q.dim(2);
        long[] positions = new long[t];
        for (int i = 0; i < t; i++) {
            positions[i] = start + i;
        }
        return new AttentionInputs(ops.constant(q), ops.constant(k), ops.constant(v), ops.constantLongs(positions, t),
                CONTEXT.defaultScale(), CONTEXT);
    }

    private static double maxDifference(FloatTensor a, FloatTensor b) {
        assertThat(a.shape()).isEqualTo(b.shape());
        double max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        return max;
    }

    private static Settings settings(Map<String, Object> raw) {
        return new TreeKernelStrategy().configSchema().validate(raw, "methods[0]");
    }

    /**
     * A prefill of 6 tokens then 4 decode steps, the cache fed back through ArrayOps state: with exponent 1
     * every estimator equals AttentionMath.causalAttention (the framework's full attention on the same
     * ArrayOps backend) to 1e-5 (float32 host-op output vs float32 reference).
     */
    @Test
    void fullBudgetMatchesCausalAttentionThroughPrefillAndDecode() {
        for (String method : Estimator.ids()) {
            Random random = new Random(method.hashCode());
            Settings s = settings(Map.of("method", method, "exponent", 1.0, "features", 16L));
            TreeKernelAttention tree = (TreeKernelAttention) new TreeKernelStrategy().create(CONTEXT, s);
            LayerAttention full = (ops, in) -> {
                KvCache all = KvCache.append(ops, in);
                return AttentionMath.causalAttention(ops, in, all.keys(), all.values(), all.positions());
            };
            ArrayOps treeOps = new ArrayOps().batch(BATCH);
            ArrayOps fullOps = new ArrayOps().batch(BATCH);
            long position = 0;
            int[] lengths = {6, 1, 1, 1, 1};
            for (int length : lengths) {
                FloatTensor q = gaussian(random, BATCH, 4, length, 8);
                FloatTensor k = gaussian(random, BATCH, 2, length, 8);
                FloatTensor v = gaussian(random, BATCH, 2, length, 8);
                Tensor got = tree.attend(treeOps, inputs(treeOps, q, k, v, position)).output();
                Tensor want = full.attend(fullOps, inputs(fullOps, q, k, v, position)).output();
                assertThat(maxDifference(ArrayOps.values(got), ArrayOps.values(want)))
                        .as("%s at position %d", method, position).isLessThan(1e-5);
                assertThat(treeOps.unmatchedStates()).isEmpty();
                position += length;
                treeOps = treeOps.next();
                fullOps = fullOps.next();
            }
            TraversalStats stats = tree.statistics();
            // per batch row and head: 1+2+...+6 for the prefill, then 7, 8, 9, 10
            long visible = 21 + 7 + 8 + 9 + 10;
            assertThat(stats.fullScores()).isEqualTo(visible * BATCH * 4);
            if (method.equals("tree-less")) {
                assertThat(stats.keyScores()).isEqualTo(visible * BATCH * 4);
                assertThat(stats.nodeEstimates()).isZero();
            } else {
                // alignment derives a right sibling's q.k from its parent's: fewer products than keys
                assertThat(stats.keyScores()).isLessThanOrEqualTo(visible * BATCH * 4);
                assertThat(stats.expansions()).isPositive();
            }
        }
    }

    @Test
    void smallBudgetComputesFewerScoresThanFullAttention() {
        Random random = new Random(4);
        Settings s = settings(Map.of("method", "alignment", "exponent", 0.5));
        TreeKernelAttention tree = (TreeKernelAttention) new TreeKernelStrategy().create(CONTEXT, s);
        ArrayOps ops = new ArrayOps().batch(1);
        FloatTensor q = gaussian(random, 1, 4, 64, 8);
        FloatTensor k = gaussian(random, 1, 2, 64, 8);
        FloatTensor v = gaussian(random, 1, 2, 64, 8);
        FloatTensor out = ArrayOps.values(tree.attend(ops, inputs(ops, q, k, v, 0)).output());
        assertThat(out.shape()).containsExactly(1, 4, 64, 8);
        assertThat(tree.statistics().fullScores()).isEqualTo(4L * 64 * 65 / 2);
        assertThat(tree.statistics().fractionOfFull()).isLessThan(0.6);
    }

    @Test
    void settingsMapToTraversalOptions() {
        Settings s = settings(Map.of("method", "FAVOR+", "exponent", 0.3, "features", 32L, "orthogonal", false,
                "selection", "sample", "unreached", "estimate", "seed", 9L));
        var o = TreeKernelStrategy.options(s);
        assertThat(o.estimator()).isEqualTo(Estimator.FAVOR_PLUS);
        assertThat(o.exponent()).isEqualTo(0.3);
        assertThat(o.features()).isEqualTo(32);
        assertThat(o.orthogonal()).isFalse();
        assertThat(o.selection().id()).isEqualTo("sample");
        assertThat(o.unreached().id()).isEqualTo("estimate");
        assertThat(o.seed()).isEqualTo(9L);
    }

    @Test
    void rejectsUnknownMethodWithAllowedValues() {
        assertThatThrownBy(() -> settings(Map.of("method", "performer")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("methods[0].method")
                .hasMessageContaining("tree-less, alignment, uniform, time-decay, FAVOR+, FAVOR+ReLU");
        assertThatThrownBy(() -> settings(Map.of("exponent", 1.5)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("methods[0].exponent");
    }

    @Test
    void hostOpRejectsMismatchedShapesNamingTheTensors() {
        TreeKernelOp op = new TreeKernelOp(2, 1, 4, 0.5f, TreeKernelStrategy.options(settings(new HashMap<>())),
                new TraversalStats(), null);
        FloatTensor q = FloatTensor.zeros(1, 1, 2, 4);
        FloatTensor k = FloatTensor.zeros(1, 1, 3, 5);
        FloatTensor pos = FloatTensor.zeros(2);
        assertThatThrownBy(() -> op.compute(List.of(q, k, k, pos, FloatTensor.zeros(3))))
                .hasMessageContaining("tree-kernel.layer2")
                .hasMessageContaining("keys [1, 1, 3, 5]");
    }

    @Test
    void verboseOpPrintsTheLastQueryWalkOfEveryHead() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stream = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
        TreeKernelOp op = new TreeKernelOp(0, 2, 4, 0.5f, TreeKernelStrategy.options(settings(Map.of("exponent", 0.5))),
                new TraversalStats(), stream);
        Random random = new Random(1);
        FloatTensor q = gaussian(random, 1, 2, 16, 4);
        FloatTensor kv = gaussian(random, 1, 2, 16, 4);
        float[] positions = new float[16];
        for (int i = 0; i < 16; i++) {
            positions[i] = i;
        }
        FloatTensor pos = FloatTensor.of(positions, 16);
        FloatTensor out = op.compute(List.of(q, kv, kv, pos, pos)).get(0);
        assertThat(out.shape()).containsExactly(1, 2, 16, 4);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("tree-kernel.layer0 batch 0", "head 0 query 15: 16 visible keys, budget 4 terms",
                "head 1 query 15", "expand #0 into");
        assertThat(text.indexOf("head 0 query 15")).isLessThan(text.indexOf("head 1 query 15"));
    }

    @Test
    void isRegisteredInModuleInfoAndServiceFiles() throws IOException {
        ModuleDescriptor descriptor = TreeKernelStrategy.class.getModule().getDescriptor();
        assertThat(descriptor).as("tests run on the module path").isNotNull();
        assertThat(descriptor.requires()).extracting(ModuleDescriptor.Requires::name)
                .containsExactlyInAnyOrder("dev.attnlab.api", "java.base");
        Map<String, List<String>> provides = new HashMap<>();
        descriptor.provides().forEach(p -> provides.put(p.service(), p.providers()));
        assertThat(provides).containsEntry(AttentionStrategy.class.getName(), List.of(TreeKernelStrategy.class.getName()))
                .containsEntry(PluginCommand.class.getName(), List.of(KernelAnalysisCommand.class.getName()));
        for (var entry : provides.entrySet()) {
            try (InputStream in = TreeKernelStrategy.class.getModule()
                    .getResourceAsStream("META-INF/services/" + entry.getKey())) {
                assertThat(in).as("META-INF/services/" + entry.getKey()).isNotNull();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim())
                        .isEqualTo(entry.getValue().get(0));
            }
        }
        assertThat(new TreeKernelStrategy().id()).matches(dev.attnlab.api.plugin.Provider.ID_PATTERN);
    }
}
