package dev.attnlab.harness.lower.onnx;

import java.util.List;

/**
 * A recorded computation ready to run: ONNX segments and host ops in execution order. Values pass between
 * steps by name; a step reads values made by earlier steps or supplied from outside.
 *
 * @param steps   segments and host ops in order (a program without host ops has exactly one segment)
 * @param inputs  the caller-supplied inputs, e.g. {@code input_ids}, {@code positions}
 * @param states  the state carried between runs
 * @param outputs the named results, e.g. {@code logits} (state outputs not included)
 */
public record RecordedProgram(List<ProgramStep> steps, List<InputSpec> inputs, List<StateSpec> states,
                              List<String> outputs) {

    public RecordedProgram {
        steps = List.copyOf(steps);
        inputs = List.copyOf(inputs);
        states = List.copyOf(states);
        outputs = List.copyOf(outputs);
    }

    /** Whether any layer runs plugin-side. */
    public boolean hasHostOps() {
        return steps.stream().anyMatch(s -> s instanceof ProgramStep.Host);
    }

    /** The input called {@code name}, if the graph reads it. */
    public java.util.Optional<InputSpec> input(String name) {
        return inputs.stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
