package dev.attnlab.harness.reference;

/**
 * The loops of a transformer forward pass, as in llama2.c's run.c, with float32 weights and double
 * activations: the reference then carries almost no rounding error of its own, so a parity test
 * measures the float32 error of the implementation under test.
 */
final class ReferenceMath {

    private ReferenceMath() {
    }

    /** {@code out[i] = sum_j w[i*n + j] * x[j]} for {@code i < d}: w is {@code [d, n]} row-major (PyTorch Linear). */
    static void matvec(double[] out, double[] x, float[] w, int n, int d) {
        for (int i = 0; i < d; i++) {
            double sum = 0;
            int row = i * n;
            for (int j = 0; j < n; j++) {
                sum += w[row + j] * x[j];
            }
            out[i] = sum;
        }
    }

    /** {@code out[j] = sum_i x[i] * w[i*d + j]} for {@code j < d}: w is {@code [n, d]} (GPT-2 Conv1D). */
    static void vecmat(double[] out, double[] x, float[] w, int n, int d) {
        java.util.Arrays.fill(out, 0, d, 0);
        for (int i = 0; i < n; i++) {
            int row = i * d;
            for (int j = 0; j < d; j++) {
                out[j] += x[i] * w[row + j];
            }
        }
    }

    static void rmsnorm(double[] out, double[] x, float[] weight, float eps) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double scale = 1 / Math.sqrt(ss / x.length + eps);
        for (int i = 0; i < x.length; i++) {
            out[i] = weight[i] * (scale * x[i]);
        }
    }

    static void layernorm(double[] out, double[] x, float[] weight, float[] bias, float eps) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= x.length;
        double inv = 1 / Math.sqrt(var + eps);
        for (int i = 0; i < x.length; i++) {
            out[i] = (x[i] - mean) * inv * weight[i] + bias[i];
        }
    }

    /** Softmax of {@code x[0..size)} in place. */
    static void softmax(double[] x, int size) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, x[i]);
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            x[i] = Math.exp(x[i] - max);
            sum += x[i];
        }
        for (int i = 0; i < size; i++) {
            x[i] /= sum;
        }
    }

    /**
     * One head's causal attention: scores of {@code q} against keys 0..pos of the cache, softmax, and
     * the weighted sum of values written to {@code out[outOffset..+headDim)}.
     */
    static void attendHead(double[] out, int outOffset, double[] q, int qOffset, double[] keys, double[] values,
                           int cacheOffset, int stride, int pos, int headDim, double[] scores) {
        double scale = 1 / Math.sqrt(headDim);
        for (int t = 0; t <= pos; t++) {
            double dot = 0;
            int k = t * stride + cacheOffset;
            for (int i = 0; i < headDim; i++) {
                dot += q[qOffset + i] * keys[k + i];
            }
            scores[t] = dot * scale;
        }
        softmax(scores, pos + 1);
        for (int i = 0; i < headDim; i++) {
            double acc = 0;
            for (int t = 0; t <= pos; t++) {
                acc += scores[t] * values[t * stride + cacheOffset + i];
            }
            out[outOffset + i] = acc;
        }
    }

    static void add(double[] x, double[] delta) {
        for (int i = 0; i < x.length; i++) {
            x[i] += delta[i];
        }
    }

    static void add(double[] x, float[] delta) {
        for (int i = 0; i < x.length; i++) {
            x[i] += delta[i];
        }
    }

    static float[] toFloats(double[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }
}
