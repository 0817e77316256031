package dev.attnlab.harness.train.infini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The closed-form gate fit on synthetic branches. Reference: the weights the targets were made with;
 * with exact mixtures the fit must return them to float32 rounding (1e-5), with independent noise added
 * the least-squares estimate has error about noise / (signal * sqrt(n)), here below 0.01.
 */
class GateStatisticsTest {

    private static final long[] SHAPE = {2, 3, 16, 8};
    private static final double[] WEIGHTS = {0.0067, 0.35, 0.9};

    @Test
    void recoversAKnownMixingWeightPerHead() {
        Branches b = new Branches(SHAPE, WEIGHTS, 0.0, 1);
        GateStatistics statistics = new GateStatistics(3);
        statistics.add(b.full, b.memory, b.local, SHAPE);
        assertThat(statistics.weights()).containsExactly(WEIGHTS, within(1e-5));
        assertThat(statistics.betas()[1]).isCloseTo((float) Math.log(0.35 / 0.65), within(1e-4f));
    }

    @Test
    void recoversTheWeightUnderIndependentNoiseAndSumsOverCalls() {
        GateStatistics statistics = new GateStatistics(3);
        for (int call = 0; call < 4; call++) {
            Branches b = new Branches(SHAPE, WEIGHTS, 0.2, 10 + call);
            statistics.add(b.full, b.memory, b.local, SHAPE);
        }
        assertThat(statistics.weights()).containsExactly(WEIGHTS, within(0.01));
    }

    @Test
    void perHeadSumsGiveTheSameFitAsTheBranches() {
        Branches b = new Branches(SHAPE, WEIGHTS, 0.1, 3);
        GateStatistics direct = new GateStatistics(3);
        direct.add(b.full, b.memory, b.local, SHAPE);
        float[] cross = new float[3];
        float[] squared = new float[3];
        int perHead = 16 * 8;
        for (int i = 0; i < b.full.length; i++) {
            int h = (i / perHead) % 3;
            float diff = b.memory[i] - b.local[i];
            cross[h] += (b.full[i] - b.local[i]) * diff;
            squared[h] += diff * diff;
        }
        GateStatistics summed = new GateStatistics(3);
        summed.add(cross, squared);
        assertThat(summed.weights()).containsExactly(direct.weights(), within(1e-5));
    }

    @Test
    void clampsToTheGateRangeWithFiniteLogits() {
        Branches b = new Branches(SHAPE, new double[] {-0.4, 1.7, 0.5}, 0.0, 5);
        GateStatistics statistics = new GateStatistics(3);
        statistics.add(b.full, b.memory, b.local, SHAPE);
        assertThat(statistics.weights()).containsExactly(new double[] {GateStatistics.MIN_WEIGHT,
                1 - GateStatistics.MIN_WEIGHT, 0.5}, within(1e-5));
        assertThat(statistics.betas()[0]).isCloseTo(-9.21f, within(0.01f));
        assertThat(statistics.betas()[1]).isCloseTo(9.21f, within(0.01f));
        assertThat(new GateStatistics(2).weights()).as("no data: the gate stays closed")
                .containsExactly(GateStatistics.MIN_WEIGHT, GateStatistics.MIN_WEIGHT);
    }

    @Test
    void rejectsSumsForAnotherHeadCount() {
        assertThatThrownBy(() -> new GateStatistics(4).add(new float[3], new float[3]))
                .hasMessageContaining("4 heads");
    }

    /** Random A_dot and A_mem and A_full = w_h A_mem + (1 - w_h) A_dot + noise, [B, H, T, D] row-major. */
    private static final class Branches {
        final float[] local;
        final float[] memory;
        final float[] full;

        Branches(long[] shape, double[] weights, double noise, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            int n = (int) (shape[0] * shape[1] * shape[2] * shape[3]);
            long perHead = shape[2] * shape[3];
            local = new float[n];
            memory = new float[n];
            full = new float[n];
            for (int i = 0; i < n; i++) {
                double w = weights[(int) ((i / perHead) % shape[1])];
                local[i] = (float) r.nextGaussian();
                memory[i] = (float) r.nextGaussian();
                full[i] = (float) (w * memory[i] + (1 - w) * local[i] + noise * r.nextGaussian());
            }
        }
    }
}
