package dev.attnlab.harness.lower.onnx;

import ai.onnx.proto.OnnxMl;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.HostOp;
import java.util.List;

/** One step of a {@link RecordedProgram}: an ONNX segment or a host op between segments. */
public sealed interface ProgramStep {

    /** Names of the values this step reads. */
    List<String> inputs();

    /** Names of the values this step makes for later steps and for the caller. */
    List<String> outputs();

    /**
     * A self-contained ONNX model: its graph inputs are {@link #inputs()}, its outputs {@link #outputs()}.
     *
     * @param model the model, weights inline
     */
    record Segment(OnnxMl.ModelProto model, List<String> inputs, List<String> outputs) implements ProgramStep {
        public Segment {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    /**
     * A plugin-side op: the runtime converts {@link #inputs()} to float32 heap arrays, calls
     * {@link HostOp#compute} and stores the results under {@link #outputs()}.
     *
     * @param inputTypes the element types of the inputs (as recorded), in order
     */
    record Host(HostOp op, List<String> inputs, List<DType> inputTypes, List<String> outputs) implements ProgramStep {
        public Host {
            inputs = List.copyOf(inputs);
            inputTypes = List.copyOf(inputTypes);
            outputs = List.copyOf(outputs);
        }
    }
}
