package dev.attnlab.api.testkit;

import java.util.Arrays;

/** Index arithmetic on row-major shapes: strides, numpy broadcasting, axis normalisation. */
final class Shapes {

    private Shapes() {
    }

    static int size(long[] shape) {
        long size = 1;
        for (long d : shape) {
            size = Math.multiplyExact(size, d);
        }
        return Math.toIntExact(size);
    }

    static int[] strides(long[] shape) {
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride = Math.multiplyExact(stride, (int) shape[i]);
        }
        return strides;
    }

    /** The numpy broadcast of {@code shapes}, or an error naming {@code op} and every shape. */
    static long[] broadcast(String op, long[]... shapes) {
        int rank = 0;
        for (long[] s : shapes) {
            rank = Math.max(rank, s.length);
        }
        long[] out = new long[rank];
        Arrays.fill(out, 1);
        for (long[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = rank - s.length + i;
                long d = s[i];
                if (d == out[o] || d == 1) {
                    continue;
                }
                if (out[o] == 1) {
                    out[o] = d;
                } else {
                    throw new IllegalArgumentException(op + ": shapes " + describe(shapes)
                            + " cannot be broadcast together (axis " + o + " of the result: " + out[o] + " vs " + d + ")");
                }
            }
        }
        return out;
    }

    /** For each element of a tensor of shape {@code out}, the flat index of the element of {@code in} it broadcasts from. */
    static int[] broadcastMap(long[] out, long[] in) {
        int[] inStrides = strides(in);
        int[] eff = new int[out.length];
        for (int i = 0; i < in.length; i++) {
            int o = out.length - in.length + i;
            eff[o] = in[i] == 1 ? 0 : inStrides[i];
        }
        return project(out, eff);
    }

    /** For each element of a tensor of shape {@code out}, the sum of its coordinates times {@code weights}. */
    static int[] project(long[] out, int[] weights) {
        int size = size(out);
        int[] map = new int[size];
        int rank = out.length;
        int[] index = new int[rank];
        int flat = 0;
        for (int i = 0; i < size; i++) {
            map[i] = flat;
            // odometer increment, keeping flat = sum index * weights
            for (int d = rank - 1; d >= 0; d--) {
                index[d]++;
                flat += weights[d];
                if (index[d] < out[d]) {
                    break;
                }
                flat -= weights[d] * index[d];
                index[d] = 0;
            }
        }
        return map;
    }

    /** The coordinates of flat index {@code flat} in {@code shape}. */
    static int[] coordinates(long[] shape, int flat) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = (int) (flat % shape[d]);
            flat /= (int) shape[d];
        }
        return index;
    }

    /** {@code axis} made non-negative, or an error naming the op and the rank. */
    static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is outside a tensor of rank " + rank
                    + " (allowed " + -rank + ".." + (rank - 1) + ")");
        }
        return a;
    }

    /** The product of {@code shape[from..to)}. */
    static int product(long[] shape, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return Math.toIntExact(p);
    }

    static String describe(long[]... shapes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shapes.length; i++) {
            b.append(i == 0 ? "" : " and ").append(Arrays.toString(shapes[i]));
        }
        return b.toString();
    }
}
