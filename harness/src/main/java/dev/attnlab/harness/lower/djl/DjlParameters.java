package dev.attnlab.harness.lower.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.ParameterSpec;
import dev.attnlab.harness.model.WeightStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The weights of a model on the DJL lowering, kept across forward passes: frozen checkpoint weights are
 * converted once; trainable parameters are created once (from the store, or their initializer) with
 * gradients enabled, so a trainer's optimizer updates the same arrays every step.
 */
public final class DjlParameters implements AutoCloseable {

    private final NDManager manager;
    private final WeightStore weights;
    private final Map<String, NDArray> frozen = new LinkedHashMap<>();
    private final Map<String, NDArray> trainable = new LinkedHashMap<>();
    private final boolean allTrainable;
    private boolean trainingEnabled;

    public DjlParameters(NDManager parent, WeightStore weights) {
        this(parent, weights, false);
    }

    private DjlParameters(NDManager parent, WeightStore weights, boolean allTrainable) {
        this.manager = parent.newSubManager();
        this.weights = weights;
        this.allTrainable = allTrainable;
    }

    /** Parameters where every weight, checkpoint ones included, is trainable (pre-training a model). */
    public static DjlParameters allTrainable(NDManager parent, WeightStore weights) {
        return new DjlParameters(parent, weights, true);
    }

    /** Whether trainable parameters get gradients (true while training). */
    public void enableTraining(boolean enabled) {
        this.trainingEnabled = enabled;
        trainable.values().forEach(p -> p.setRequiresGradient(enabled));
    }

    /** Whether trainable parameters currently get gradients. */
    public boolean trainingEnabled() {
        return trainingEnabled;
    }

    NDArray get(ParameterSpec spec) {
        boolean train = spec.trainable() || allTrainable;
        Map<String, NDArray> pool = train ? trainable : frozen;
        NDArray existing = pool.get(spec.name());
        if (existing != null) {
            check(spec, existing.getShape().getShape());
            return existing;
        }
        float[] values;
        long[] shape = spec.shape();
        Optional<FloatTensor> stored = weights.get(spec.name());
        if (stored.isPresent()) {
            check(spec, stored.get().shape());
            values = stored.get().data();
        } else if (spec.initializer() != null) {
            values = spec.initializer().values(shape);
        } else {
            throw new IllegalArgumentException("weight '" + spec.name() + "' " + Arrays.toString(shape)
                    + " is not in " + weights.source() + " and has no initial value");
        }
        NDArray array = manager.create(values, new Shape(shape));
        if (train) {
            array.setRequiresGradient(trainingEnabled);
        }
        pool.put(spec.name(), array);
        return array;
    }

    private static void check(ParameterSpec spec, long[] actual) {
        if (!Arrays.equals(spec.shape(), actual)) {
            throw new IllegalArgumentException("weight '" + spec.name() + "' has shape " + Arrays.toString(actual)
                    + " but the model expects " + Arrays.toString(spec.shape()));
        }
    }

    /** The trainable parameters created so far, by name (live arrays). */
    public Map<String, NDArray> trainable() {
        return java.util.Collections.unmodifiableMap(trainable);
    }

    /** A copy of the trainable parameters' current values. */
    public Map<String, FloatTensor> trainableValues() {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        trainable.forEach((name, array) -> out.put(name, new FloatTensor(array.getShape().getShape(),
                array.toFloatArray())));
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
