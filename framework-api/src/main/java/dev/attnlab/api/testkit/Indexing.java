package dev.attnlab.api.testkit;

import dev.attnlab.api.tensor.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Shape and indexing kernels (reshape ... topK) for tensors of any element type, ONNX semantics. */
final class Indexing {

    private Indexing() {
    }

    static ArrayTensor reshape(ArrayTensor x, long[] requested) {
        long[] in = x.shape();
        long[] out = requested.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                if (i >= in.length) {
                    throw new IllegalArgumentException("reshape: 0 at axis " + i + " of " + Arrays.toString(requested)
                            + " copies a dimension that " + x.describe() + " does not have");
                }
                out[i] = in[i];
            }
            if (out[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("reshape: more than one -1 in " + Arrays.toString(requested));
                }
                inferred = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException("reshape: invalid dimension " + out[i] + " in "
                        + Arrays.toString(requested));
            } else {
                known *= out[i];
            }
        }
        int size = x.size();
        if (inferred >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + Arrays.toString(requested)
                        + " for " + x.describe() + " (" + size + " elements)");
            }
            out[inferred] = size / known;
        }
        if (Shapes.size(out) != size) {
            throw new IllegalArgumentException("reshape: " + x.describe() + " has " + size + " elements, "
                    + Arrays.toString(requested) + " (resolved " + Arrays.toString(out) + ") holds " + Shapes.size(out));
        }
        return copyAll(x, out);
    }

    static ArrayTensor transpose(ArrayTensor x, int[] permutation) {
        int rank = x.rank();
        int[] perm = permutation;
        if (perm.length == 0) {
            perm = new int[rank];
            for (int i = 0; i < rank; i++) {
                perm[i] = rank - 1 - i;
            }
        }
        if (perm.length != rank) {
            throw new IllegalArgumentException("transpose: permutation " + Arrays.toString(permutation)
                    + " does not fit " + x.describe());
        }
        boolean[] seen = new boolean[rank];
        long[] in = x.shape();
        long[] out = new long[rank];
        int[] inStrides = Shapes.strides(in);
        int[] weights = new int[rank];
        for (int i = 0; i < rank; i++) {
            int p = Shapes.axis("transpose", perm[i], rank);
            if (seen[p]) {
                throw new IllegalArgumentException("transpose: " + Arrays.toString(permutation) + " is not a permutation");
            }
            seen[p] = true;
            out[i] = in[p];
            weights[i] = inStrides[p];
        }
        return x.take(Shapes.project(out, weights), out);
    }

    static ArrayTensor concat(int axis, List<ArrayTensor> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat needs at least one tensor");
        }
        ArrayTensor first = parts.get(0);
        int rank = first.rank();
        int a = Shapes.axis("concat", axis, rank);
        long[] out = first.shape();
        out[a] = 0;
        for (ArrayTensor p : parts) {
            long[] s = p.shape();
            boolean fits = p.dtype() == first.dtype() && s.length == rank;
            for (int d = 0; fits && d < rank; d++) {
                fits = d == a || s[d] == out[d];
            }
            if (!fits) {
                List<String> all = new ArrayList<>();
                parts.forEach(t -> all.add(t.describe()));
                throw new IllegalArgumentException("concat on axis " + axis + ": parts must share type and every other"
                        + " dimension, found " + all);
            }
            out[a] += s[a];
        }
        ArrayTensor result = ArrayTensor.zeros(first.dtype(), out);
        int outer = Shapes.product(out, 0, a);
        int inner = Shapes.product(out, a + 1, rank);
        int rowOut = (int) out[a] * inner;
        int offset = 0;
        for (ArrayTensor p : parts) {
            int row = (int) p.shape()[a] * inner;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(p.data(), o * row, result.data(), o * rowOut + offset, row);
            }
            offset += row;
        }
        return result;
    }

    static ArrayTensor slice(ArrayTensor x, int axis, long start, long end) {
        long[] shape = x.shape();
        int a = Shapes.axis("slice", axis, shape.length);
        long dim = shape[a];
        long from = clamp(start < 0 ? start + dim : start, dim);
        long to = clamp(end < 0 ? end + dim : end, dim);
        long length = Math.max(0, to - from);
        long[] out = shape.clone();
        out[a] = length;
        int outer = Shapes.product(shape, 0, a);
        int inner = Shapes.product(shape, a + 1, shape.length);
        ArrayTensor result = ArrayTensor.zeros(x.dtype(), out);
        int row = (int) length * inner;
        for (int o = 0; o < outer; o++) {
            System.arraycopy(x.data(), (int) ((o * dim + from) * inner), result.data(), o * row, row);
        }
        return result;
    }

    private static long clamp(long index, long dim) {
        return Math.max(0, Math.min(dim, index));
    }

    static ArrayTensor unsqueeze(ArrayTensor x, int[] axes) {
        int outRank = x.rank() + axes.length;
        boolean[] inserted = new boolean[outRank];
        for (int axis : axes) {
            int a = Shapes.axis("unsqueeze", axis, outRank);
            if (inserted[a]) {
                throw new IllegalArgumentException("unsqueeze: axis " + axis + " repeated in " + Arrays.toString(axes));
            }
            inserted[a] = true;
        }
        long[] in = x.shape();
        long[] out = new long[outRank];
        for (int d = 0, i = 0; d < outRank; d++) {
            out[d] = inserted[d] ? 1 : in[i++];
        }
        return copyAll(x, out);
    }

    static ArrayTensor squeeze(ArrayTensor x, int[] axes) {
        long[] in = x.shape();
        boolean[] removed = new boolean[in.length];
        if (axes.length == 0) {
            for (int d = 0; d < in.length; d++) {
                removed[d] = in[d] == 1;
            }
        }
        for (int axis : axes) {
            int a = Shapes.axis("squeeze", axis, in.length);
            if (in[a] != 1) {
                throw new IllegalArgumentException("squeeze: axis " + axis + " of " + x.describe() + " has size "
                        + in[a] + ", not 1");
            }
            removed[a] = true;
        }
        long[] out = Arrays.stream(range(in.length)).filter(d -> !removed[d]).mapToLong(d -> in[d]).toArray();
        return copyAll(x, out);
    }

    static ArrayTensor range(long start, long limit) {
        long n = Math.max(0, limit - start);
        long[] values = new long[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = start + i;
        }
        return ArrayTensor.ofLongs(values, values.length);
    }

    static ArrayTensor expand(ArrayTensor x, long[] shape) {
        long[] out = Shapes.broadcast("expand " + x.describe() + " to " + Arrays.toString(shape), x.shape(), shape);
        return x.take(Shapes.broadcastMap(out, x.shape()), out);
    }

    static ArrayTensor gather(ArrayTensor x, ArrayTensor indices, int axis) {
        requireIndices("gather", indices);
        long[] s = x.shape();
        int a = Shapes.axis("gather", axis, s.length);
        long[] is = indices.shape();
        long[] out = new long[s.length - 1 + is.length];
        System.arraycopy(s, 0, out, 0, a);
        System.arraycopy(is, 0, out, a, is.length);
        System.arraycopy(s, a + 1, out, a + is.length, s.length - a - 1);
        int outer = Shapes.product(s, 0, a);
        int n = (int) s[a];
        int inner = Shapes.product(s, a + 1, s.length);
        long[] idx = indices.longs();
        int[] source = new int[Shapes.size(out)];
        int o = 0;
        for (int p = 0; p < outer; p++) {
            for (long raw : idx) {
                int j = index("gather", raw, n, x);
                for (int q = 0; q < inner; q++) {
                    source[o++] = (p * n + j) * inner + q;
                }
            }
        }
        return x.take(source, out);
    }

    static ArrayTensor gatherElements(ArrayTensor x, ArrayTensor indices, int axis) {
        requireIndices("gatherElements", indices);
        int a = sameRank("gatherElements", x, indices, axis);
        long[] out = indices.shape();
        int[] source = elementTargets("gatherElements", x, indices, a, out);
        return x.take(source, out);
    }

    static ArrayTensor scatterElements(ArrayTensor x, ArrayTensor indices, ArrayTensor updates, int axis) {
        requireIndices("scatterElements", indices);
        int a = sameRank("scatterElements", x, indices, axis);
        if (!Arrays.equals(indices.shape(), updates.shape()) || updates.dtype() != x.dtype()) {
            throw new IllegalArgumentException("scatterElements: updates " + updates.describe()
                    + " must have the shape of indices " + indices.describe() + " and the type of " + x.describe());
        }
        int[] target = elementTargets("scatterElements", x, indices, a, indices.shape());
        ArrayTensor result = copyAll(x, x.shape());
        for (int i = 0; i < target.length; i++) {
            System.arraycopy(updates.data(), i, result.data(), target[i], 1);
        }
        return result;
    }

    /** The flat index into {@code x} of each element of {@code indices}, its axis coordinate replaced. */
    private static int[] elementTargets(String op, ArrayTensor x, ArrayTensor indices, int a, long[] shape) {
        long[] xs = x.shape();
        for (int d = 0; d < xs.length; d++) {
            if (d != a && shape[d] > xs[d]) {
                throw new IllegalArgumentException(op + ": indices " + indices.describe() + " exceed data "
                        + x.describe() + " on axis " + d);
            }
        }
        int[] xStrides = Shapes.strides(xs);
        int[] weights = xStrides.clone();
        weights[a] = 0;
        int[] base = Shapes.project(shape, weights);
        int[] out = new int[base.length];
        for (int i = 0; i < base.length; i++) {
            out[i] = base[i] + index(op, indices.longs()[i], (int) xs[a], x) * xStrides[a];
        }
        return out;
    }

    static ArrayTensor[] topK(ArrayTensor x, long k, int axis) {
        if (x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("topK needs a numeric tensor, found " + x.describe());
        }
        long[] s = x.shape();
        int a = Shapes.axis("topK", axis, s.length);
        int n = (int) s[a];
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("topK: k = " + k + " is outside 0.." + n + " for axis " + axis + " of "
                    + x.describe());
        }
        long[] out = s.clone();
        out[a] = k;
        int outer = Shapes.product(s, 0, a);
        int inner = Shapes.product(s, a + 1, s.length);
        int[] source = new int[Shapes.size(out)];
        long[] picked = new long[source.length];
        Integer[] order = new Integer[n];
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                int base = p * n * inner + q;
                for (int j = 0; j < n; j++) {
                    order[j] = j;
                }
                // a stable sort by descending value keeps the lower index first among equal values
                Comparator<Integer> byValue = x.dtype() == DType.FLOAT32
                        ? Comparator.comparingDouble(j -> -x.floats()[base + j * inner])
                        : Comparator.comparingLong(j -> x.longs()[base + j * inner]);
                Arrays.sort(order, x.dtype() == DType.FLOAT32 ? byValue : byValue.reversed());
                for (int r = 0; r < k; r++) {
                    int o = (p * (int) k + r) * inner + q;
                    source[o] = base + order[r] * inner;
                    picked[o] = order[r];
                }
            }
        }
        return new ArrayTensor[] {x.take(source, out), ArrayTensor.ofLongs(picked, out)};
    }

    private static int sameRank(String op, ArrayTensor x, ArrayTensor indices, int axis) {
        if (x.rank() != indices.rank()) {
            throw new IllegalArgumentException(op + ": indices " + indices.describe() + " must have the rank of data "
                    + x.describe());
        }
        return Shapes.axis(op, axis, x.rank());
    }

    private static int index(String op, long raw, int n, ArrayTensor x) {
        long j = raw < 0 ? raw + n : raw;
        if (j < 0 || j >= n) {
            throw new IllegalArgumentException(op + ": index " + raw + " is outside -" + n + ".." + (n - 1)
                    + " of " + x.describe());
        }
        return (int) j;
    }

    private static void requireIndices(String op, ArrayTensor indices) {
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + " needs INT64 indices, found " + indices.describe());
        }
    }

    private static ArrayTensor copyAll(ArrayTensor x, long[] shape) {
        int[] identity = range(x.size());
        return x.take(identity, shape);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
