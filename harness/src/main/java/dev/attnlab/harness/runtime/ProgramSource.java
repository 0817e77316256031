package dev.attnlab.harness.runtime;

import dev.attnlab.harness.lower.onnx.RecordedProgram;
import dev.attnlab.harness.model.GraphOptions;

/** Makes the program for one graph variant; called at most once per variant by {@link OrtLanguageModel}. */
@FunctionalInterface
public interface ProgramSource {

    /** The program for {@code options}; throws {@link UnsupportedOperationException} for a variant it lacks. */
    RecordedProgram program(GraphOptions options);
}
