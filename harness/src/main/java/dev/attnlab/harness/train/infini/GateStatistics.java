package dev.attnlab.harness.train.infini;

import java.util.Arrays;

/**
 * Per-head sufficient statistics of the least-squares gate fit, accumulated in double over every position,
 * window and head dimension seen: for the mixed output {@code w A_mem + (1 - w) A_dot} against the target
 * {@code A_full}, the squared error is minimised over w by {@code <A_full - A_dot, A_mem - A_dot> /
 * |A_mem - A_dot|^2}; clamped to the gate's range [0, 1], since the error is a parabola in w.
 */
final class GateStatistics {

    /**
     * The weights are kept within [{@value #MIN_WEIGHT}, 1 - {@value #MIN_WEIGHT}] so that the gate logit is
     * finite (|beta| &lt;= 9.21): a head whose best weight is 0 gets sigmoid(beta) = 1e-4, which changes
     * its output by 1e-4 of |A_mem - A_dot|.
     */
    static final double MIN_WEIGHT = 1e-4;

    private final double[] cross;
    private final double[] squared;

    GateStatistics(int heads) {
        this.cross = new double[heads];
        this.squared = new double[heads];
    }

    int heads() {
        return cross.length;
    }

    /** Adds one run's per-head sums {@code sum <A_full - A_dot, A_mem - A_dot>} and {@code sum |A_mem - A_dot|^2}. */
    void add(float[] crossSums, float[] squaredSums) {
        if (crossSums.length != cross.length || squaredSums.length != squared.length) {
            throw new IllegalArgumentException("expected per-head sums for " + cross.length + " heads, got "
                    + crossSums.length + " and " + squaredSums.length);
        }
        for (int h = 0; h < cross.length; h++) {
            cross[h] += crossSums[h];
            squared[h] += squaredSums[h];
        }
    }

    /**
     * Adds the three branches directly, each {@code [batch, heads, T, D]} row-major (for tests and callers
     * holding host arrays).
     */
    void add(float[] full, float[] memory, float[] local, long[] shape) {
        if (shape.length != 4 || shape[1] != cross.length) {
            throw new IllegalArgumentException("expected [batch, " + cross.length + ", T, D], got "
                    + Arrays.toString(shape));
        }
        long perHead = shape[2] * shape[3];
        for (int i = 0; i < full.length; i++) {
            int h = (int) ((i / perHead) % shape[1]);
            double diff = memory[i] - local[i];
            cross[h] += (full[i] - local[i]) * diff;
            squared[h] += diff * diff;
        }
    }

    /** The least-squares memory weight per head, in [MIN_WEIGHT, 1 - MIN_WEIGHT]; MIN_WEIGHT where A_mem = A_dot. */
    double[] weights() {
        double[] w = new double[cross.length];
        for (int h = 0; h < w.length; h++) {
            double best = squared[h] > 0 ? cross[h] / squared[h] : 0;
            w[h] = Math.max(MIN_WEIGHT, Math.min(1 - MIN_WEIGHT, best));
        }
        return w;
    }

    /** The gate logits beta = logit(w) per head. */
    float[] betas() {
        double[] w = weights();
        float[] beta = new float[w.length];
        for (int h = 0; h < w.length; h++) {
            beta[h] = (float) Math.log(w[h] / (1 - w[h]));
        }
        return beta;
    }
}
