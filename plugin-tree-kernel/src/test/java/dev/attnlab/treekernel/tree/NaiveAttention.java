package dev.attnlab.treekernel.tree;

import java.util.Random;

/** The reference for the tree traversal: causal softmax attention written out directly, in double. */
final class NaiveAttention {

    private NaiveAttention() {
    }

    static double[][] causal(double[][] q, long[] qPos, double[][] k, double[][] v, long[] kPos, double scale) {
        double[][] out = new double[q.length][v[0].length];
        for (int t = 0; t < q.length; t++) {
            double max = Double.NEGATIVE_INFINITY;
            double[] s = new double[k.length];
            for (int j = 0; j < k.length; j++) {
                if (kPos[j] <= qPos[t]) {
                    double dot = 0;
                    for (int c = 0; c < q[t].length; c++) {
                        dot += q[t][c] * k[j][c];
                    }
                    s[j] = scale * dot;
                    max = Math.max(max, s[j]);
                }
            }
            double total = 0;
            for (int j = 0; j < k.length; j++) {
                if (kPos[j] <= qPos[t]) {
                    double w = Math.exp(s[j] - max);
                    total += w;
                    for (int c = 0; c < out[t].length; c++) {
                        out[t][c] += w * v[j][c];
                    }
                }
            }
            for (int c = 0; c < out[t].length; c++) {
                out[t][c] /= total;
            }
        }
        return out;
    }

    static double[][] gaussian(Random random, int rows, int cols, double std) {
        double[][] g = new double[rows][cols];
        for (double[] row : g) {
            for (int c = 0; c < cols; c++) {
                row[c] = std * random.nextGaussian();
            }
        }
        return g;
    }

    static long[] range(long from, int count) {
        long[] p = new long[count];
        for (int i = 0; i < count; i++) {
            p[i] = from + i;
        }
        return p;
    }

    static double maxAbsDifference(double[][] a, double[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int c = 0; c < a[i].length; c++) {
                max = Math.max(max, Math.abs(a[i][c] - b[i][c]));
            }
        }
        return max;
    }
}
