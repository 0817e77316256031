package dev.attnlab.harness.lower.onnx;

import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Dim;
import java.util.List;

/**
 * A graph input the caller supplies on every run, or (for state) the runtime carries between runs.
 *
 * @param name  the ONNX input name ({@code state_in.<state>} for state)
 * @param dtype element type
 * @param dims  fixed sizes and symbols
 */
public record InputSpec(String name, DType dtype, List<Dim> dims) {

    public InputSpec {
        dims = List.copyOf(dims);
    }

    /** The shape with {@code batch} bound to {@code batch} and every other symbol to 0 (an empty state). */
    public long[] initialShape(long batch) {
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            Dim d = dims.get(i);
            shape[i] = !d.isSymbolic() ? d.size() : Dim.BATCH.symbol().equals(d.symbol()) ? batch : 0;
        }
        return shape;
    }
}
