package dev.attnlab.harness.lower.onnx;

import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Tensor;
import java.util.Arrays;

/**
 * A named value of a graph being recorded by one {@link OnnxGraphRecorder}.
 *
 * @param name     the ONNX value name
 * @param dtype    element type
 * @param dims     dimensions as far as known when recording; -1 where only known at run time
 * @param producer index of the segment whose nodes compute it, {@link #OUTSIDE} for values that enter the
 *                 program from outside a segment (graph inputs, state, host-op results), {@link #CONSTANT}
 *                 for weights and constants (copied as an initializer into every segment that uses them)
 * @param owner    the recorder that made it, so handles of another backend are rejected
 */
record GraphValue(String name, DType dtype, long[] dims, int producer, Object owner) implements Tensor {

    static final int OUTSIDE = -1;
    static final int CONSTANT = -2;

    @Override
    public int rank() {
        return dims.length;
    }

    @Override
    public String toString() {
        return name + ":" + dtype + Arrays.toString(dims);
    }
}
