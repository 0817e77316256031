package dev.attnlab.api.testkit;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A live value of {@link ArrayOps}: its element type, shape and row-major data. Exactly one of the
 * three arrays is non-null, the one that matches {@code dtype}. The accessors return the live arrays
 * (no copy, for speed in tests): read them, do not write them.
 *
 * @param dtype  the element type
 * @param shape  the dimensions
 * @param floats the data of a {@link DType#FLOAT32} tensor, else null
 * @param longs  the data of an {@link DType#INT64} tensor, else null
 * @param bools  the data of a {@link DType#BOOL} tensor, else null
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public record ArrayTensor(DType dtype, long[] shape, float[] floats, long[] longs, boolean[] bools) implements Tensor {

    public ArrayTensor {
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
        int size = Math.toIntExact(FloatTensor.size(shape));
        int length = switch (dtype) {
            case FLOAT32 -> floats == null || longs != null || bools != null ? -1 : floats.length;
            case INT64 -> longs == null || floats != null || bools != null ? -1 : longs.length;
            case BOOL -> bools == null || floats != null || longs != null ? -1 : bools.length;
        };
        if (length != size) {
            throw new IllegalArgumentException("a " + dtype + " tensor of shape " + Arrays.toString(shape)
                    + " needs exactly one data array of " + size + " elements of its type");
        }
    }

    public static ArrayTensor ofFloats(float[] data, long... shape) {
        return new ArrayTensor(DType.FLOAT32, shape, data, null, null);
    }

    public static ArrayTensor ofLongs(long[] data, long... shape) {
        return new ArrayTensor(DType.INT64, shape, null, data, null);
    }

    public static ArrayTensor ofBools(boolean[] data, long... shape) {
        return new ArrayTensor(DType.BOOL, shape, null, null, data);
    }

    public static ArrayTensor of(FloatTensor value) {
        return ofFloats(value.data().clone(), value.shape());
    }

    /** A tensor of zeros (false for booleans). */
    public static ArrayTensor zeros(DType dtype, long... shape) {
        int size = Math.toIntExact(FloatTensor.size(shape));
        return switch (dtype) {
            case FLOAT32 -> ofFloats(new float[size], shape);
            case INT64 -> ofLongs(new long[size], shape);
            case BOOL -> ofBools(new boolean[size], shape);
        };
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public int size() {
        return Math.toIntExact(FloatTensor.size(shape));
    }

    /** This float32 tensor as a {@link FloatTensor}; fails for other types. */
    public FloatTensor toFloatTensor() {
        if (dtype != DType.FLOAT32) {
            throw new IllegalArgumentException("expected a FLOAT32 tensor, found " + describe());
        }
        return new FloatTensor(shape, floats.clone());
    }

    /** Every element converted to float (booleans as 0 and 1), as host ops receive them. */
    public FloatTensor asFloats() {
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dtype) {
                case FLOAT32 -> floats[i];
                case INT64 -> longs[i];
                case BOOL -> bools[i] ? 1f : 0f;
            };
        }
        return new FloatTensor(shape, out);
    }

    /** A tensor of the same type whose element {@code i} is this tensor's element {@code source[i]}. */
    ArrayTensor take(int[] source, long[] newShape) {
        return switch (dtype) {
            case FLOAT32 -> {
                float[] out = new float[source.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = floats[source[i]];
                }
                yield ofFloats(out, newShape);
            }
            case INT64 -> {
                long[] out = new long[source.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = longs[source[i]];
                }
                yield ofLongs(out, newShape);
            }
            case BOOL -> {
                boolean[] out = new boolean[source.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = bools[source[i]];
                }
                yield ofBools(out, newShape);
            }
        };
    }

    /** The data array, whichever type it is (for {@link System#arraycopy}). */
    Object data() {
        return switch (dtype) {
            case FLOAT32 -> floats;
            case INT64 -> longs;
            case BOOL -> bools;
        };
    }

    /** For error messages: {@code FLOAT32[2, 3]}. */
    public String describe() {
        return dtype + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArrayTensor t && t.dtype == dtype && Arrays.equals(t.shape, shape)
                && Arrays.equals(t.floats, floats) && Arrays.equals(t.longs, longs) && Arrays.equals(t.bools, bools);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(floats), Arrays.hashCode(longs),
                Arrays.hashCode(bools));
    }

    @Override
    public String toString() {
        return "ArrayTensor" + describe();
    }
}
