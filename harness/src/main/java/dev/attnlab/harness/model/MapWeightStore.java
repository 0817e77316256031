package dev.attnlab.harness.model;

import dev.attnlab.api.tensor.FloatTensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Weights held in memory, in insertion order. */
public final class MapWeightStore implements WeightStore {

    private final Map<String, FloatTensor> weights;
    private final String source;

    public MapWeightStore(Map<String, FloatTensor> weights, String source) {
        this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        this.source = source;
    }

    @Override
    public Optional<FloatTensor> get(String name) {
        return Optional.ofNullable(weights.get(name));
    }

    @Override
    public Set<String> names() {
        return weights.keySet();
    }

    @Override
    public String source() {
        return source;
    }

    /**
     * The weight {@code name}, which must exist with exactly {@code shape}.
     *
     * @throws IllegalArgumentException naming the weight, the source and the expected shape otherwise
     */
    public static FloatTensor require(WeightStore store, String name, long... shape) {
        FloatTensor t = store.get(name).orElseThrow(() -> new IllegalArgumentException(
                "weight '" + name + "' " + Arrays.toString(shape) + " is missing from " + store.source()
                        + "; check that the checkpoint matches its config (it has " + store.names().size()
                        + " weights)"));
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("weight '" + name + "' in " + store.source() + " has shape "
                    + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape)
                    + " from the model config");
        }
        return t;
    }

    /**
     * {@code base} with {@code replaced} laid over it by name (new names are added); {@code base} itself when
     * there is nothing to lay over. {@code what} describes the replacement in {@link #source()}.
     */
    public static WeightStore overlay(WeightStore base, Map<String, FloatTensor> replaced, String what) {
        if (replaced.isEmpty()) {
            return base;
        }
        Map<String, FloatTensor> merged = new java.util.LinkedHashMap<>();
        for (String name : base.names()) {
            merged.put(name, base.get(name).orElseThrow());
        }
        merged.putAll(replaced);
        return new MapWeightStore(merged, base.source() + " + " + what);
    }
}
