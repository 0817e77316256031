package dev.attnlab.truncation.dictionary;

/**
 * Running per-token sums of position scores and counts, in double precision. Scores are means of
 * probabilities (in [0, 1]); even a billion of them summed in double loses less than 1e-7 relative,
 * so plain double sums are enough and keep checkpoints exact (no compensation terms to carry).
 */
final class ScoreTotals {

    private final double[] sums;
    private final long[] counts;

    ScoreTotals(int vocabSize) {
        this.sums = new double[vocabSize];
        this.counts = new long[vocabSize];
    }

    int vocabSize() {
        return sums.length;
    }

    /** Adds {@code scores[i]} to the totals of token {@code tokens[offset + i]}. */
    void add(int[] tokens, int offset, double[] scores) {
        for (int i = 0; i < scores.length; i++) {
            int id = tokens[offset + i];
            if (id < 0 || id >= sums.length) {
                throw new IllegalArgumentException("corpus position " + (offset + i) + " holds token id " + id
                        + ", outside the model's vocabulary [0, " + sums.length + ")");
            }
            sums[id] += scores[i];
            counts[id]++;
        }
    }

    /** Restores one token's totals from a checkpoint. */
    void set(int id, long count, double sum) {
        sums[id] = sum;
        counts[id] = count;
    }

    double sum(int id) {
        return sums[id];
    }

    long count(int id) {
        return counts[id];
    }

    long totalCount() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    double totalSum() {
        double total = 0;
        for (double s : sums) {
            total += s;
        }
        return total;
    }

    int distinct() {
        int n = 0;
        for (long c : counts) {
            if (c > 0) {
                n++;
            }
        }
        return n;
    }

    double[] means() {
        double[] means = new double[sums.length];
        for (int id = 0; id < sums.length; id++) {
            means[id] = counts[id] == 0 ? Double.NaN : sums[id] / counts[id];
        }
        return means;
    }

    long[] counts() {
        return counts.clone();
    }
}
