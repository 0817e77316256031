package dev.attnlab.autocompressor;

import dev.attnlab.api.tensor.FloatTensor;

/** Row operations on {@code [n, dim]} heap tensors. */
final class Rows {

    private Rows() {
    }

    static FloatTensor empty(int dim) {
        return new FloatTensor(new long[] {0, dim}, new float[0]);
    }

    /** The rows of {@code parts} one after another; every part has the same width. */
    static FloatTensor concat(int dim, FloatTensor... parts) {
        int rows = 0;
        for (FloatTensor p : parts) {
            if (p.rank() != 2 || p.dim(1) != dim) {
                throw new IllegalArgumentException("expected [n, " + dim + "] rows, got " + p);
            }
            rows += (int) p.dim(0);
        }
        float[] out = new float[rows * dim];
        int at = 0;
        for (FloatTensor p : parts) {
            System.arraycopy(p.data(), 0, out, at, p.data().length);
            at += p.data().length;
        }
        return new FloatTensor(new long[] {rows, dim}, out);
    }

    /** Rows {@code [from, to)} of {@code x}. */
    static FloatTensor slice(FloatTensor x, int from, int to) {
        int dim = (int) x.dim(1);
        float[] out = new float[(to - from) * dim];
        System.arraycopy(x.data(), from * dim, out, 0, out.length);
        return new FloatTensor(new long[] {to - from, dim}, out);
    }
}
