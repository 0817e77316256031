package dev.attnlab.harness.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values one run of a program produced, by name, still in native memory. Closing frees the values
 * the run made (segment results and host-op outputs), not the caller's feeds.
 */
final class RunValues implements AutoCloseable {

    private final Map<String, OnnxValue> values = new HashMap<>();
    private final List<AutoCloseable> owned = new ArrayList<>();

    void put(String name, OnnxValue value) {
        values.put(name, value);
    }

    void own(AutoCloseable resource) {
        owned.add(resource);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    OnnxTensor tensor(String name) {
        OnnxValue v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("the program produced no value '" + name + "'; it has " + values.keySet());
        }
        if (!(v instanceof OnnxTensor t)) {
            throw new IllegalStateException("value '" + name + "' is a " + v.getType() + ", not a tensor");
        }
        return t;
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                throw new IllegalStateException("freeing ONNX Runtime values failed: " + e.getMessage(), e);
            }
        }
        owned.clear();
        values.clear();
    }
}
