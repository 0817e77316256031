package dev.attnlab.harness.lower.onnx;

import java.util.Arrays;

/** Dimension bookkeeping while recording: -1 marks a dimension known only at run time. */
final class Shapes {

    private Shapes() {
    }

    static int axis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " outside a rank-" + rank + " tensor");
        }
        return a;
    }

    /** Numpy broadcasting of the given shapes. */
    static long[] broadcast(long[]... shapes) {
        int rank = Arrays.stream(shapes).mapToInt(s -> s.length).max().orElse(0);
        long[] out = new long[rank];
        Arrays.fill(out, 1);
        for (long[] s : shapes) {
            int offset = rank - s.length;
            for (int i = 0; i < s.length; i++) {
                long a = out[offset + i];
                long b = s[i];
                out[offset + i] = b == 1 ? a : a == 1 ? b : a == b ? a : -1;
            }
        }
        return out;
    }

    static long[] reduce(long[] dims, boolean keepDims, int... axes) {
        boolean[] reduced = new boolean[dims.length];
        if (axes.length == 0) {
            Arrays.fill(reduced, true);
        }
        for (int a : axes) {
            reduced[axis(a, dims.length)] = true;
        }
        return java.util.stream.IntStream.range(0, dims.length).filter(i -> keepDims || !reduced[i])
                .mapToLong(i -> reduced[i] ? 1 : dims[i]).toArray();
    }

    static long[] matmul(long[] a, long[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("matmul needs tensors of rank >= 1");
        }
        if (a.length == 1 && b.length == 1) {
            return new long[0];
        }
        if (a.length == 1) {
            long[] out = Arrays.copyOf(b, b.length - 1);
            out[out.length - 1] = b[b.length - 1];
            return out;
        }
        if (b.length == 1) {
            return Arrays.copyOf(a, a.length - 1);
        }
        long[] batch = broadcast(Arrays.copyOf(a, a.length - 2), Arrays.copyOf(b, b.length - 2));
        long[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = a[a.length - 2];
        out[batch.length + 1] = b[b.length - 1];
        return out;
    }

    static long[] reshape(long[] in, long[] target) {
        long[] out = new long[target.length];
        int inferred = -1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == 0) {
                out[i] = i < in.length ? in[i] : -1;
            } else if (target[i] == -1) {
                inferred = i;
            } else {
                out[i] = target[i];
            }
        }
        if (inferred >= 0) {
            long total = 1;
            long known = 1;
            boolean all = true;
            for (long d : in) {
                all &= d >= 0;
                total *= Math.max(d, 1);
            }
            for (int i = 0; i < out.length; i++) {
                if (i != inferred) {
                    all &= out[i] >= 0;
                    known *= Math.max(out[i], 1);
                }
            }
            out[inferred] = all && known > 0 && Arrays.stream(in).noneMatch(d -> d == 0) ? total / known : -1;
        }
        return out;
    }

    static long sliceLength(long dim, long start, long end) {
        if (dim < 0) {
            return -1;
        }
        long s = clamp(start < 0 ? start + dim : start, dim);
        long e = clamp(end < 0 ? end + dim : end, dim);
        return Math.max(0, e - s);
    }

    private static long clamp(long v, long dim) {
        return Math.max(0, Math.min(v, dim));
    }

    static long[] unsqueeze(long[] dims, int... axes) {
        int rank = dims.length + axes.length;
        boolean[] added = new boolean[rank];
        for (int a : axes) {
            added[axis(a, rank)] = true;
        }
        long[] out = new long[rank];
        int j = 0;
        for (int i = 0; i < rank; i++) {
            out[i] = added[i] ? 1 : dims[j++];
        }
        return out;
    }

    static long[] squeeze(long[] dims, int... axes) {
        boolean[] removed = new boolean[dims.length];
        for (int a : axes) {
            removed[axis(a, dims.length)] = true;
        }
        return java.util.stream.IntStream.range(0, dims.length).filter(i -> !removed[i]).mapToLong(i -> dims[i]).toArray();
    }

    /** The length of a 1-D shape tensor, which fixes the rank of what it shapes. */
    static int staticLength(GraphValue shape, String what) {
        if (shape.rank() != 1 || shape.dims()[0] < 0) {
            throw new IllegalArgumentException(what + " must be a 1-D int64 tensor whose length is known when "
                    + "recording (build it from shape(), constants, slices with constant bounds and concat); got "
                    + shape);
        }
        return (int) shape.dims()[0];
    }
}
