package dev.attnlab.harness.lower.onnx;

/**
 * A value carried from one run to the next: read from graph input {@code state_in.<name>}, written to
 * graph output {@code state_out.<name>}.
 *
 * @param name  the state's name as the strategy gave it, e.g. {@code layers.0.attn.cache.keys}
 * @param input how the graph reads it (its dims give the empty initial value)
 */
public record StateSpec(String name, InputSpec input) {

    public static final String INPUT_PREFIX = "state_in.";
    public static final String OUTPUT_PREFIX = "state_out.";

    public String inputName() {
        return INPUT_PREFIX + name;
    }

    public String outputName() {
        return OUTPUT_PREFIX + name;
    }
}
