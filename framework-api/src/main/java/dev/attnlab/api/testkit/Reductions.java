package dev.attnlab.api.testkit;

import dev.attnlab.api.tensor.DType;
import java.util.Arrays;

/** Reductions over axes, softmax and the batched matrix product; accumulation in double. */
final class Reductions {

    enum Kind { SUM, MEAN, MAX }

    private Reductions() {
    }

    static ArrayTensor reduce(String op, Kind kind, ArrayTensor x, boolean keepDims, int... axes) {
        int rank = x.rank();
        boolean[] reduced = new boolean[rank];
        if (axes.length == 0) {
            // ONNX default (noop_with_empty_axes = 0): no axes means every axis
            Arrays.fill(reduced, true);
        }
        for (int axis : axes) {
            int a = Shapes.axis(op, axis, rank);
            if (reduced[a] && axes.length > 0) {
                throw new IllegalArgumentException(op + ": axis " + axis + " given twice in " + Arrays.toString(axes));
            }
            reduced[a] = true;
        }
        long[] in = x.shape();
        long[] kept = in.clone();
        int outRank = 0;
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) {
                if (in[d] == 0 && kind == Kind.MAX) {
                    throw new IllegalArgumentException(op + ": cannot take the max over empty axis " + d + " of "
                            + x.describe());
                }
                kept[d] = 1;
            } else {
                outRank++;
            }
        }
        int[] keptStrides = Shapes.strides(kept);
        int[] weights = new int[rank];
        for (int d = 0; d < rank; d++) {
            weights[d] = reduced[d] ? 0 : keptStrides[d];
        }
        int[] target = Shapes.project(in, weights);
        int outSize = Shapes.size(kept);
        long[] outShape = keepDims ? kept : new long[outRank];
        if (!keepDims) {
            for (int d = 0, o = 0; d < rank; d++) {
                if (!reduced[d]) {
                    outShape[o++] = in[d];
                }
            }
        }
        int count = x.size() / Math.max(1, outSize);
        if (x.dtype() == DType.FLOAT32) {
            double[] acc = new double[outSize];
            if (kind == Kind.MAX) {
                Arrays.fill(acc, Double.NEGATIVE_INFINITY);
            }
            for (int i = 0; i < target.length; i++) {
                double v = x.floats()[i];
                acc[target[i]] = kind == Kind.MAX ? Math.max(acc[target[i]], v) : acc[target[i]] + v;
            }
            float[] r = new float[outSize];
            for (int i = 0; i < outSize; i++) {
                r[i] = (float) (kind == Kind.MEAN ? acc[i] / count : acc[i]);
            }
            return ArrayTensor.ofFloats(r, outShape);
        }
        if (x.dtype() == DType.INT64 && kind != Kind.MEAN) {
            long[] acc = new long[outSize];
            if (kind == Kind.MAX) {
                Arrays.fill(acc, Long.MIN_VALUE);
            }
            for (int i = 0; i < target.length; i++) {
                long v = x.longs()[i];
                acc[target[i]] = kind == Kind.MAX ? Math.max(acc[target[i]], v) : acc[target[i]] + v;
            }
            return ArrayTensor.ofLongs(acc, outShape);
        }
        throw new IllegalArgumentException(op + " does not take " + x.describe());
    }

    static ArrayTensor softmax(ArrayTensor x, int axis) {
        requireFloat("softmax", x);
        long[] shape = x.shape();
        int a = Shapes.axis("softmax", axis, shape.length);
        int outer = Shapes.product(shape, 0, a);
        int n = (int) shape[a];
        int inner = Shapes.product(shape, a + 1, shape.length);
        float[] in = x.floats();
        float[] out = new float[in.length];
        for (int o = 0; o < outer; o++) {
            for (int q = 0; q < inner; q++) {
                int base = o * n * inner + q;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    max = Math.max(max, in[base + j * inner]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += Math.exp(in[base + j * inner] - max);
                }
                for (int j = 0; j < n; j++) {
                    out[base + j * inner] = (float) (Math.exp(in[base + j * inner] - max) / sum);
                }
            }
        }
        return ArrayTensor.ofFloats(out, shape);
    }

    static ArrayTensor matmul(ArrayTensor a, ArrayTensor b) {
        requireFloat("matmul", a);
        requireFloat("matmul", b);
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul needs operands of rank >= 1, found " + a.describe()
                    + " and " + b.describe());
        }
        long[] sa = a.rank() == 1 ? new long[] {1, a.shape()[0]} : a.shape();
        long[] sb = b.rank() == 1 ? new long[] {b.shape()[0], 1} : b.shape();
        int m = (int) sa[sa.length - 2];
        int k = (int) sa[sa.length - 1];
        int kb = (int) sb[sb.length - 2];
        int n = (int) sb[sb.length - 1];
        if (k != kb) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + a.describe() + " x "
                    + b.describe() + " (" + k + " vs " + kb + ")");
        }
        long[] batchA = Arrays.copyOf(sa, sa.length - 2);
        long[] batchB = Arrays.copyOf(sb, sb.length - 2);
        long[] batch = Shapes.broadcast("matmul (batch axes of " + a.describe() + " x " + b.describe() + ")",
                batchA, batchB);
        int[] mapA = Shapes.broadcastMap(batch, batchA);
        int[] mapB = Shapes.broadcastMap(batch, batchB);
        float[] x = a.floats();
        float[] y = b.floats();
        float[] out = new float[mapA.length * m * n];
        for (int bi = 0; bi < mapA.length; bi++) {
            int offA = mapA[bi] * m * k;
            int offB = mapB[bi] * k * n;
            int offO = bi * m * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int t = 0; t < k; t++) {
                        s += (double) x[offA + i * k + t] * y[offB + t * n + j];
                    }
                    out[offO + i * n + j] = (float) s;
                }
            }
        }
        long[] shape = new long[batch.length + 2];
        System.arraycopy(batch, 0, shape, 0, batch.length);
        shape[batch.length] = m;
        shape[batch.length + 1] = n;
        if (a.rank() == 1 && b.rank() == 1) {
            shape = new long[0];
        } else if (a.rank() == 1) {
            shape = dropAxis(shape, shape.length - 2);
        } else if (b.rank() == 1) {
            shape = dropAxis(shape, shape.length - 1);
        }
        return ArrayTensor.ofFloats(out, shape);
    }

    private static long[] dropAxis(long[] shape, int axis) {
        long[] out = new long[shape.length - 1];
        for (int i = 0, o = 0; i < shape.length; i++) {
            if (i != axis) {
                out[o++] = shape[i];
            }
        }
        return out;
    }

    static void requireFloat(String op, ArrayTensor x) {
        if (x.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + " needs a FLOAT32 tensor, found " + x.describe());
        }
    }
}
