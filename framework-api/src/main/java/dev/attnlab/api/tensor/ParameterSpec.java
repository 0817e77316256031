package dev.attnlab.api.tensor;

import dev.attnlab.api.ApiStatus;
import java.util.Arrays;
import java.util.Objects;

/**
 * A named weight. Model weights are found by name in the checkpoint; a strategy's own parameters
 * (a gate, a key-scoring projection) are found in its trained-parameter file when there is one and
 * otherwise start from {@link #initializer()}. Only {@link #trainable()} parameters receive gradients
 * in the training lowering.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public record ParameterSpec(String name, long[] shape, Initializer initializer, boolean trainable) {

    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        shape = shape.clone();
        FloatTensor.size(shape);
    }

    /** A frozen weight that must exist in the model's checkpoint. */
    public static ParameterSpec weight(String name, long... shape) {
        return new ParameterSpec(name, shape, null, false);
    }

    /** A trainable parameter with an initial value for when no trained value exists. */
    public static ParameterSpec trainable(String name, Initializer initializer, long... shape) {
        return new ParameterSpec(name, shape, Objects.requireNonNull(initializer, "initializer"), true);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterSpec p && p.name.equals(name) && Arrays.equals(p.shape, shape)
                && p.trainable == trainable;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    /** Fills a parameter's initial values. */
    @FunctionalInterface
    public interface Initializer {
        float[] values(long[] shape);

        static Initializer constant(float value) {
            return shape -> {
                float[] v = new float[Math.toIntExact(FloatTensor.size(shape))];
                Arrays.fill(v, value);
                return v;
            };
        }

        /** Normal(0, std) values from a seeded generator, so initial values are reproducible. */
        static Initializer normal(double std, long seed) {
            return shape -> {
                java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
                float[] v = new float[Math.toIntExact(FloatTensor.size(shape))];
                for (int i = 0; i < v.length; i++) {
                    double u1 = 1.0 - random.nextDouble();
                    double u2 = random.nextDouble();
                    v[i] = (float) (std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
                }
                return v;
            };
        }
    }
}
