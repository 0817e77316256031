package dev.attnlab.harness.train.infini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.AttentionMath;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.KvCache;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.testkit.ArrayOps;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The calibration probe on the reference lowering (ArrayOps) against an independent computation of the
 * same statistics: A_mem and A_dot from the plugin built with its gate at +1e4 and -1e4 through its own
 * beta_init option, A_full from plain full attention over the whole sequence in one run. Tolerance 1e-4 on
 * the fitted weight (float32 in-graph sums against double sums).
 */
class CalibrationProbeTest {

    private static final AttentionContext GQA = new AttentionContext(0, 1, 4, 2, 3, 64);
    private static final int N = 12;
    private static final int SEGMENT = 4;
    private final FloatTensor q = random(7, 1, 4, N, 3);
    private final FloatTensor k = random(8, 1, 2, N, 3);
    private final FloatTensor v = random(9, 1, 2, N, 3);

    @Test
    void probeFitsTheSameWeightsAsTheBranchesComputedApartAndKeepsTheLayersOutput() {
        for (String update : new String[] {"linear", "delta"}) {
            AttentionStrategy infini = InfiniPlugin.strategy();
            FloatTensor memory = runs(infini.create(GQA, InfiniPlugin.settings(infini, SEGMENT, update, 1e4)));
            FloatTensor local = runs(infini.create(GQA, InfiniPlugin.settings(infini, SEGMENT, update, -1e4)));
            FloatTensor full = runs(fullAttention(), N);
            GateStatistics expected = new GateStatistics(4);
            expected.add(full.data(), memory.data(), local.data(), full.shape());

            LayerAttention layer = infini.create(GQA, InfiniPlugin.settings(infini, SEGMENT, update, -1.0));
            GateStatistics probed = new GateStatistics(4);
            FloatTensor output = runs(new CalibrationProbe(layer, GQA.name(GateCalibration.GATE), probed));

            assertThat(probed.weights()).as(update).containsExactly(expected.weights(), within(1e-4));
            assertThat(java.util.Arrays.stream(expected.weights()).anyMatch(w -> w > 0.001 && w < 0.999))
                    .as("some head has a weight strictly inside the range").isTrue();
            assertThat(output.data()).as("the probe returns the layer's real output")
                    .containsExactly(runs(layer).data(), within(1e-6f));
        }
    }

    private static LayerAttention fullAttention() {
        return (ops, in) -> {
            KvCache all = KvCache.append(ops, in);
            return AttentionMath.causalAttention(ops, in, all.keys(), all.values(), all.positions());
        };
    }

    private FloatTensor runs(LayerAttention layer) {
        return runs(layer, SEGMENT);
    }

    /** The layer over the sequence in runs of {@code run} tokens, state fed back, outputs joined. */
    private FloatTensor runs(LayerAttention layer, int run) {
        ArrayOps ops = new ArrayOps();
        float[] out = new float[4 * N * 3];
        for (int from = 0; from < N; from += run) {
            int to = from + run;
            long[] positions = new long[run];
            for (int i = 0; i < run; i++) {
                positions[i] = from + i;
            }
            AttentionInputs in = new AttentionInputs(part(ops, q, from, to), part(ops, k, from, to),
                    part(ops, v, from, to), ops.constantLongs(positions, run), GQA.defaultScale(), GQA);
            FloatTensor result = ArrayOps.values(layer.attend(ops, in).output());
            for (int h = 0; h < 4; h++) {
                System.arraycopy(result.data(), h * run * 3, out, (h * N + from) * 3, run * 3);
            }
            ops = ops.next();
        }
        return FloatTensor.of(out, 1, 4, N, 3);
    }

    private static Tensor part(ArrayOps ops, FloatTensor x, int from, int to) {
        return ops.slice(ops.constant(x), 2, from, to);
    }

    private static FloatTensor random(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] data = new float[(int) FloatTensor.size(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return FloatTensor.of(data, shape);
    }
}
