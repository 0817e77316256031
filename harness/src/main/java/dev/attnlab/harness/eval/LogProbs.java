package dev.attnlab.harness.eval;

import dev.attnlab.api.tensor.FloatTensor;

/**
 * Numerically stable next-token probability arithmetic in double precision. Logits arrive as float32
 * rows; every sum here is taken in double after subtracting the row maximum so that large logits do not
 * overflow and the normaliser of a near-one-hot row is not lost to rounding.
 */
final class LogProbs {

    private LogProbs() {
    }

    /** log softmax of {@code logits[row]} in double. */
    static double[] logSoftmax(FloatTensor logits, int row) {
        int vocab = (int) logits.dim(1);
        float[] data = logits.data();
        int base = row * vocab;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < vocab; j++) {
            max = Math.max(max, data[base + j]);
        }
        if (Double.isInfinite(max) || Double.isNaN(max)) {
            throw new IllegalStateException("logits row " + row + " has no finite maximum (" + max + ")");
        }
        double sum = 0;
        for (int j = 0; j < vocab; j++) {
            sum += Math.exp(data[base + j] - max);
        }
        double logZ = max + Math.log(sum);
        double[] out = new double[vocab];
        for (int j = 0; j < vocab; j++) {
            out[j] = data[base + j] - logZ;
        }
        return out;
    }

    /**
     * KL(P || Q) = sum_j p_j (log p_j - log q_j) in nats, from log-probabilities. Terms with p_j = 0
     * contribute nothing; a q_j = 0 where p_j > 0 gives +infinity.
     */
    static double kl(double[] logP, double[] logQ) {
        double sum = 0;
        for (int j = 0; j < logP.length; j++) {
            double p = Math.exp(logP[j]);
            if (p == 0) {
                continue;
            }
            sum += p * (logP[j] - logQ[j]);
        }
        // Rounding can leave a tiny negative value for identical distributions; KL is never negative.
        return Math.max(0, sum);
    }

    /** The index of the largest entry, the lowest index on ties (so a uniform row predicts token 0). */
    static int argmax(double[] values) {
        int best = 0;
        for (int j = 1; j < values.length; j++) {
            if (values[j] > values[best]) {
                best = j;
            }
        }
        return best;
    }

    /** Checks that a method returned one row per continuation token. */
    static void checkShape(FloatTensor logits, int rows, String label) {
        if (logits.rank() != 2 || logits.dim(0) != rows) {
            throw new IllegalStateException(label + " returned logits of shape "
                    + java.util.Arrays.toString(logits.shape()) + "; expected [" + rows + ", vocab]");
        }
    }
}
