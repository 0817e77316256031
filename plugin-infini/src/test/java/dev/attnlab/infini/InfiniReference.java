package dev.attnlab.infini;

import dev.attnlab.api.tensor.FloatTensor;

/**
 * An independent plain-loop Infini-attention in double precision, written from the method's equations
 * (segment by segment, head by head) without the tensor-op API: the reference the strategy is tested
 * against.
 */
final class InfiniReference {

    private InfiniReference() {
    }

    /**
     * @param q queries {@code [1, H, N, D]}; {@code k, v} {@code [1, Hkv, N, D]}
     * @return the outputs {@code [1, H, N, D]}
     */
    static FloatTensor run(FloatTensor q, FloatTensor k, FloatTensor v, int segment, double beta, MemoryUpdate rule) {
        int heads = (int) q.shape()[1];
        int kvHeads = (int) k.shape()[1];
        int n = (int) q.shape()[2];
        int d = (int) q.shape()[3];
        int group = heads / kvHeads;
        double gate = 1 / (1 + Math.exp(-beta));
        double scale = 1 / Math.sqrt(d);
        double eps = InfiniAttention.EPSILON;
        double[][][] memory = new double[kvHeads][d][d];
        double[][] z = new double[kvHeads][d];
        float[] out = new float[heads * n * d];
        for (int start = 0; start < n; start += segment) {
            int end = Math.min(n, start + segment);
            for (int h = 0; h < heads; h++) {
                int g = h / group;
                for (int i = start; i < end; i++) {
                    // A_dot: causal softmax within the segment
                    double[] w = new double[i - start + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = start; j <= i; j++) {
                        double s = 0;
                        for (int c = 0; c < d; c++) {
                            s += q.get(0, h, i, c) * k.get(0, g, j, c);
                        }
                        w[j - start] = s * scale;
                        max = Math.max(max, w[j - start]);
                    }
                    double sum = 0;
                    for (int j = 0; j < w.length; j++) {
                        w[j] = Math.exp(w[j] - max);
                        sum += w[j];
                    }
                    double[] sq = new double[d];
                    double den = eps;
                    for (int c = 0; c < d; c++) {
                        sq[c] = sigma(q.get(0, h, i, c));
                        den += sq[c] * z[g][c];
                    }
                    for (int e = 0; e < d; e++) {
                        double dot = 0;
                        for (int j = start; j <= i; j++) {
                            dot += w[j - start] / sum * v.get(0, g, j, e);
                        }
                        double num = 0;
                        for (int c = 0; c < d; c++) {
                            num += sq[c] * memory[g][c][e];
                        }
                        out[(h * n + i) * d + e] = (float) (gate * num / den + (1 - gate) * dot);
                    }
                }
            }
            if (end - start < segment) {
                break; // an incomplete last segment is not written to memory
            }
            for (int g = 0; g < kvHeads; g++) {
                double[][] add = new double[d][d];
                double[] addZ = new double[d];
                for (int j = start; j < end; j++) {
                    double[] sk = new double[d];
                    double den = eps;
                    for (int c = 0; c < d; c++) {
                        sk[c] = sigma(k.get(0, g, j, c));
                        den += sk[c] * z[g][c];
                    }
                    for (int e = 0; e < d; e++) {
                        double target = v.get(0, g, j, e);
                        if (rule == MemoryUpdate.DELTA) {
                            double retrieved = 0;
                            for (int c = 0; c < d; c++) {
                                retrieved += sk[c] * memory[g][c][e];
                            }
                            target -= retrieved / den;
                        }
                        for (int c = 0; c < d; c++) {
                            add[c][e] += sk[c] * target;
                        }
                    }
                    for (int c = 0; c < d; c++) {
                        addZ[c] += sk[c];
                    }
                }
                for (int c = 0; c < d; c++) {
                    z[g][c] += addZ[c];
                    for (int e = 0; e < d; e++) {
                        memory[g][c][e] += add[c][e];
                    }
                }
            }
        }
        return FloatTensor.of(out, 1, heads, n, d);
    }

    static double sigma(double x) {
        return x > 0 ? x + 1 : Math.exp(x);
    }
}
