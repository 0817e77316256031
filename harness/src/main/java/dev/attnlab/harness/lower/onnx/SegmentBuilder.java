package dev.attnlab.harness.lower.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The nodes, inputs, outputs and initializers of one segment while it is being recorded. */
final class SegmentBuilder {

    private final int index;
    final List<OnnxMl.NodeProto> nodes = new ArrayList<>();
    final Map<String, OnnxMl.ValueInfoProto> inputs = new LinkedHashMap<>();
    final Map<String, OnnxMl.ValueInfoProto> outputs = new LinkedHashMap<>();
    final Map<String, OnnxMl.TensorProto> initializers = new LinkedHashMap<>();

    SegmentBuilder(int index) {
        this.index = index;
    }

    int index() {
        return index;
    }

    boolean producesSomething() {
        return !outputs.isEmpty();
    }

    ProgramStep.Segment build() {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("attnlab_segment_" + index)
                .addAllNode(nodes).addAllInput(inputs.values()).addAllOutput(outputs.values())
                .addAllInitializer(initializers.values()).build();
        return new ProgramStep.Segment(OnnxProtos.model(graph, false), List.copyOf(inputs.keySet()),
                List.copyOf(outputs.keySet()));
    }
}
