package dev.attnlab.harness.model;

import dev.attnlab.api.tensor.FloatTensor;
import java.util.Optional;
import java.util.Set;

/** Named float32 weights of a model (a checkpoint, plus trained strategy parameters laid over it). */
public interface WeightStore {

    /** The weight called {@code name}, or empty. */
    Optional<FloatTensor> get(String name);

    /** Every weight name, in a stable order. */
    Set<String> names();

    /** Where the weights came from, for error messages, e.g. the checkpoint path. */
    String source();
}
