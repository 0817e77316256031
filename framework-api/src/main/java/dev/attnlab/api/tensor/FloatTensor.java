package dev.attnlab.api.tensor;

import dev.attnlab.api.ApiStatus;
import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float32 array in row-major order with its shape, held on the Java heap. Used for constants,
 * host-op inputs and outputs, logits and other values that cross into Java code.
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record FloatTensor(long[] shape, float[] data) {

    public FloatTensor {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        long size = size(shape);
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
                    + " elements but data has " + data.length);
        }
        shape = shape.clone();
    }

    /** A tensor of zeros. */
    public static FloatTensor zeros(long... shape) {
        return new FloatTensor(shape, new float[Math.toIntExact(size(shape))]);
    }

    public static FloatTensor of(float[] data, long... shape) {
        return new FloatTensor(shape, data);
    }

    /** The number of elements of a tensor of {@code shape}. */
    public static long size(long[] shape) {
        long size = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            size = Math.multiplyExact(size, d);
        }
        return size;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    /** The element at a full index (slow; for tests and small lookups). */
    public float get(long... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index rank " + index.length + " != tensor rank " + shape.length);
        }
        long flat = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside " + Arrays.toString(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return data[(int) flat];
    }

    /** Row {@code i} of a 2-D tensor, copied. */
    public float[] row(int i) {
        if (shape.length != 2) {
            throw new IllegalStateException("row() needs a 2-D tensor, this is " + Arrays.toString(shape));
        }
        int width = (int) shape[1];
        return Arrays.copyOfRange(data, i * width, (i + 1) * width);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(t.shape, shape) && Arrays.equals(t.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
