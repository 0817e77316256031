package dev.attnlab.harness.reference;

import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.WeightStore;
import java.util.Arrays;

/** Reads raw float arrays out of a weight store, checking their sizes. */
final class Weights {

    private Weights() {
    }

    static float[] get(WeightStore store, String name, long expectedElements) {
        FloatTensor t = store.get(name).orElseThrow(() -> new IllegalArgumentException(
                "reference forward pass: weight '" + name + "' is missing from " + store.source()));
        if (t.data().length != expectedElements) {
            throw new IllegalArgumentException("reference forward pass: weight '" + name + "' in " + store.source()
                    + " has shape " + Arrays.toString(t.shape()) + ", expected " + expectedElements + " elements");
        }
        return t.data();
    }
}
