package dev.attnlab.harness.model;

import dev.attnlab.api.tensor.FloatTensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Builds a deterministic random weight set, one named tensor at a time, from one seed. */
final class RandomWeights {

    private final SplittableRandom random;
    private final Map<String, FloatTensor> weights = new LinkedHashMap<>();

    RandomWeights(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Normal(0, std) values (Box-Muller). */
    void normal(String name, double std, long... shape) {
        float[] v = new float[Math.toIntExact(FloatTensor.size(shape))];
        for (int i = 0; i < v.length; i++) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            v[i] = (float) (std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        weights.put(name, new FloatTensor(shape, v));
    }

    /** A constant tensor, e.g. norm gains of 1 and biases of 0. */
    void constant(String name, float value, long... shape) {
        float[] v = new float[Math.toIntExact(FloatTensor.size(shape))];
        Arrays.fill(v, value);
        weights.put(name, new FloatTensor(shape, v));
    }

    /** A constant plus small noise, so that tests notice a norm gain or bias that is ignored. */
    void jittered(String name, float value, double std, long... shape) {
        normal(name, std, shape);
        float[] v = weights.get(name).data();
        for (int i = 0; i < v.length; i++) {
            v[i] += value;
        }
    }

    MapWeightStore store(String source) {
        return new MapWeightStore(weights, source);
    }
}
