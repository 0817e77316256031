package com.example.uniform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.testkit.ArrayOps;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Runs the strategy on the API's reference ops (ArrayOps) over two runs (so through the KV cache) and
 * compares with averages computed by a plain loop here. Tolerance 1e-6: float32 sums of a few values.
 */
class UniformCausalStrategyTest {

    private static final AttentionContext LAYER = new AttentionContext(0, 1, 2, 1, 3, 64);

    private static FloatTensor random(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] data = new float[(int) FloatTensor.size(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return FloatTensor.of(data, shape);
    }

    /** Feeds T new tokens starting at {@code start}; values are [1, kvHeads=1, T, 3]. */
    private static AttentionResult run(ArrayOps ops, LayerAttention layer, FloatTensor values, long start, int t) {
        long[] positions = new long[t];
        for (int i = 0; i < t; i++) {
            positions[i] = start + i;
        }
        AttentionInputs in = new AttentionInputs(ops.constant(random(start + 10, 1, 2, t, 3)),
                ops.constant(random(start + 20, 1, 1, t, 3)), ops.constant(values),
                ops.constantLongs(positions, t), LAYER.defaultScale(), LAYER);
        return layer.attend(ops, in);
    }

    /** The mean of value rows {@code from..to} (inclusive) of a [T, 3] list made of both runs. */
    private static double mean(float[][] rows, int from, int to, int c) {
        double sum = 0;
        for (int j = from; j <= to; j++) {
            sum += rows[j][c];
        }
        return sum / (to - from + 1);
    }

    private static void check(long maxKeys) {
        Settings settings = new UniformCausalStrategy().configSchema().validate(Map.of("max-keys", maxKeys), "methods[0]");
        LayerAttention layer = new UniformCausalStrategy().create(LAYER, settings);
        FloatTensor first = random(1, 1, 1, 4, 3);
        FloatTensor second = random(2, 1, 1, 2, 3);
        ArrayOps run1 = new ArrayOps().setWantsAttentionProbabilities(true);
        AttentionResult r1 = run(run1, layer, first, 0, 4);
        ArrayOps run2 = run1.next();
        AttentionResult r2 = run(run2, layer, second, 4, 2);
        float[][] rows = new float[6][];
        for (int i = 0; i < 6; i++) {
            FloatTensor src = i < 4 ? first : second;
            int row = i < 4 ? i : i - 4;
            rows[i] = new float[] {src.get(0, 0, row, 0), src.get(0, 0, row, 1), src.get(0, 0, row, 2)};
        }
        FloatTensor out1 = ArrayOps.values(r1.output());
        FloatTensor out2 = ArrayOps.values(r2.output());
        assertThat(out1.shape()).containsExactly(1, 2, 4, 3);
        for (int pos = 0; pos < 6; pos++) {
            int from = maxKeys > 0 ? (int) Math.max(0, pos - maxKeys + 1) : 0;
            for (int h = 0; h < 2; h++) {
                for (int c = 0; c < 3; c++) {
                    float got = pos < 4 ? out1.get(0, h, pos, c) : out2.get(0, h, pos - 4, c);
                    assertThat((double) got).as("pos %d head %d channel %d", pos, h, c)
                            .isCloseTo(mean(rows, from, pos, c), within(1e-6));
                }
            }
        }
        FloatTensor p = ArrayOps.values(r1.probabilities());
        assertThat(p.shape()).containsExactly(1, 2, 4, 4);
        assertThat(p.get(0, 1, 3, 0)).isCloseTo(maxKeys > 0 ? 0f : 0.25f, within(1e-6f));
        assertThat(p.get(0, 1, 0, 1)).isZero();
    }

    @Test
    void averagesAllEarlierValuesAcrossRuns() {
        check(0);
    }

    @Test
    void averagesOnlyTheLastMaxKeysPositions() {
        check(2);
    }

    @Test
    void hasAValidIdAndDefaultSettings() {
        UniformCausalStrategy s = new UniformCausalStrategy();
        assertThat(s.id()).matches(dev.attnlab.api.plugin.Provider.ID_PATTERN);
        assertThat(s.configSchema().defaults().getLong("max-keys")).isZero();
    }
}
