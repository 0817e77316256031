package dev.attnlab.harness.lower.onnx;

import ai.onnx.proto.OnnxMl;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Dim;
import dev.attnlab.api.tensor.HostOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One ONNX model for a whole {@link RecordedProgram}: segments joined in order, each host op written as a
 * node of type {@value #HOST_OP_TYPE} in domain {@value #HOST_DOMAIN} whose attributes say which plugin
 * code computes it. ONNX Runtime cannot run such a model directly; {@link #split} cuts it back into segments
 * at those nodes so the harness runs them plugin-side (see docs/export-contract.md).
 */
public final class SingleFileGraph {

    public static final String HOST_DOMAIN = "dev.attnlab";
    public static final String HOST_OP_TYPE = "HostOp";
    /** Attribute holding {@link HostOp#name()}. */
    public static final String ATTR_NAME = "name";
    /** Attribute holding the ranks of the host op's outputs. */
    public static final String ATTR_OUTPUT_RANKS = "output_ranks";

    private SingleFileGraph() {
    }

    /**
     * Joins a program into one model.
     *
     * @param program        what the recorder produced
     * @param hostAttributes extra string attributes for each host op's node (e.g. strategy id and settings)
     * @param metadata       written to the model's {@code metadata_props}
     */
    public static OnnxMl.ModelProto join(RecordedProgram program, Function<HostOp, Map<String, String>> hostAttributes,
                                         Map<String, String> metadata) {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("attnlab");
        Map<String, OnnxMl.ValueInfoProto> types = new LinkedHashMap<>();
        Map<String, OnnxMl.TensorProto> initializers = new LinkedHashMap<>();
        for (ProgramStep step : program.steps()) {
            if (step instanceof ProgramStep.Segment s) {
                OnnxMl.GraphProto g = s.model().getGraph();
                graph.addAllNode(g.getNodeList());
                g.getInitializerList().forEach(t -> initializers.putIfAbsent(t.getName(), t));
                g.getOutputList().forEach(v -> types.putIfAbsent(v.getName(), v));
                g.getInputList().forEach(v -> types.putIfAbsent(v.getName(), v));
            } else if (step instanceof ProgramStep.Host h) {
                OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setDomain(HOST_DOMAIN)
                        .setOpType(HOST_OP_TYPE).setName(h.op().name()).addAllInput(h.inputs())
                        .addAllOutput(h.outputs())
                        .addAttribute(OnnxProtos.stringAttr(ATTR_NAME, h.op().name()))
                        .addAttribute(OnnxProtos.intsAttr(ATTR_OUTPUT_RANKS,
                                h.op().outputRanks().stream().mapToLong(Integer::longValue).toArray()));
                hostAttributes.apply(h.op()).forEach((k, v) -> node.addAttribute(OnnxProtos.stringAttr(k, v)));
                graph.addNode(node);
                List<Integer> ranks = h.op().outputRanks();
                for (int i = 0; i < h.outputs().size(); i++) {
                    String n = h.outputs().get(i);
                    types.putIfAbsent(n, OnnxProtos.valueInfo(n, DType.FLOAT32, ranks.get(i)));
                }
            }
        }
        Set<String> boundary = new HashSet<>();
        for (InputSpec in : program.inputs()) {
            graph.addInput(OnnxProtos.valueInfo(in.name(), in.dtype(), in.dims()));
            boundary.add(in.name());
        }
        for (StateSpec st : program.states()) {
            graph.addInput(OnnxProtos.valueInfo(st.inputName(), st.input().dtype(), st.input().dims()));
            boundary.add(st.inputName());
        }
        for (String out : program.outputs()) {
            graph.addOutput(types.get(out));
            boundary.add(out);
        }
        for (StateSpec st : program.states()) {
            graph.addOutput(types.get(st.outputName()));
            boundary.add(st.outputName());
        }
        types.forEach((name, info) -> {
            if (!boundary.contains(name)) {
                graph.addValueInfo(info);
            }
        });
        graph.addAllInitializer(initializers.values());
        OnnxMl.ModelProto model = OnnxProtos.model(graph.build(), program.hasHostOps());
        OnnxMl.ModelProto.Builder b = model.toBuilder();
        metadata.forEach((k, v) -> b.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return b.build();
    }

    /**
     * Cuts a model at its {@value #HOST_DOMAIN} nodes into a program. Nodes are taken in file order (a
     * topological order, as ONNX requires), so everything before a host node runs before it.
     *
     * @param model    a model following docs/export-contract.md; inline weights
     * @param resolver makes the Java op for each host node (from its attributes)
     */
    public static RecordedProgram split(OnnxMl.ModelProto model, Function<OnnxMl.NodeProto, HostOp> resolver) {
        OnnxMl.GraphProto g = model.getGraph();
        Map<String, OnnxMl.ValueInfoProto> types = new HashMap<>();
        g.getValueInfoList().forEach(v -> types.put(v.getName(), v));
        g.getInputList().forEach(v -> types.put(v.getName(), v));
        g.getOutputList().forEach(v -> types.put(v.getName(), v));
        Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
        g.getInitializerList().forEach(t -> initializers.put(t.getName(), t));

        // Group nodes: runs of ordinary nodes, separated by host nodes.
        List<List<OnnxMl.NodeProto>> groups = new ArrayList<>();
        List<OnnxMl.NodeProto> hosts = new ArrayList<>();
        groups.add(new ArrayList<>());
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            if (HOST_DOMAIN.equals(n.getDomain())) {
                hosts.add(n);
                groups.add(new ArrayList<>());
            } else {
                groups.get(groups.size() - 1).add(n);
            }
        }
        // What each step reads, to decide what each segment must output.
        Set<String> graphOutputs = new LinkedHashSet<>();
        g.getOutputList().forEach(v -> graphOutputs.add(v.getName()));
        List<Set<String>> laterUses = new ArrayList<>();
        Set<String> used = new HashSet<>(graphOutputs);
        for (int i = groups.size() - 1; i >= 0; i--) {
            laterUses.add(0, new HashSet<>(used));
            for (OnnxMl.NodeProto n : groups.get(i)) {
                used.addAll(n.getInputList());
            }
            if (i > 0) {
                used.addAll(hosts.get(i - 1).getInputList());
            }
        }
        List<ProgramStep> steps = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            List<OnnxMl.NodeProto> nodes = groups.get(i);
            Set<String> produced = new LinkedHashSet<>();
            Map<String, OnnxMl.ValueInfoProto> inputs = new LinkedHashMap<>();
            Map<String, OnnxMl.TensorProto> inits = new LinkedHashMap<>();
            for (OnnxMl.NodeProto n : nodes) {
                for (String in : n.getInputList()) {
                    if (in.isEmpty() || produced.contains(in)) {
                        continue;
                    }
                    if (initializers.containsKey(in)) {
                        inits.putIfAbsent(in, initializers.get(in));
                    } else {
                        inputs.putIfAbsent(in, typeOf(types, in));
                    }
                }
                produced.addAll(n.getOutputList());
            }
            List<OnnxMl.ValueInfoProto> outputs = produced.stream().filter(laterUses.get(i)::contains)
                    .map(n -> typeOf(types, n)).toList();
            if (!outputs.isEmpty()) {
                OnnxMl.GraphProto seg = OnnxMl.GraphProto.newBuilder().setName("attnlab_segment_" + i)
                        .addAllNode(nodes).addAllInput(inputs.values()).addAllOutput(outputs)
                        .addAllInitializer(inits.values()).build();
                steps.add(new ProgramStep.Segment(OnnxProtos.model(seg, false), List.copyOf(inputs.keySet()),
                        outputs.stream().map(OnnxMl.ValueInfoProto::getName).toList()));
            }
            if (i < hosts.size()) {
                OnnxMl.NodeProto h = hosts.get(i);
                List<DType> inTypes = h.getInputList().stream().map(n -> dtypeOf(types, n)).toList();
                steps.add(new ProgramStep.Host(resolver.apply(h), h.getInputList(), inTypes, h.getOutputList()));
            }
        }
        List<InputSpec> programInputs = new ArrayList<>();
        List<StateSpec> states = new ArrayList<>();
        for (OnnxMl.ValueInfoProto in : g.getInputList()) {
            if (initializers.containsKey(in.getName())) {
                continue;
            }
            InputSpec spec = inputSpec(in);
            if (in.getName().startsWith(StateSpec.INPUT_PREFIX)) {
                states.add(new StateSpec(in.getName().substring(StateSpec.INPUT_PREFIX.length()), spec));
            } else {
                programInputs.add(spec);
            }
        }
        List<String> outputs = graphOutputs.stream().filter(n -> !n.startsWith(StateSpec.OUTPUT_PREFIX)).toList();
        return new RecordedProgram(steps, programInputs, states, outputs);
    }

    /** The value of string attribute {@code name} of a node, or null. */
    public static String stringAttribute(OnnxMl.NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .map(a -> a.getS().toStringUtf8()).orElse(null);
    }

    private static OnnxMl.ValueInfoProto typeOf(Map<String, OnnxMl.ValueInfoProto> types, String name) {
        OnnxMl.ValueInfoProto info = types.get(name);
        if (info == null) {
            throw new IllegalArgumentException("value '" + name + "' crosses a " + HOST_DOMAIN + " node but has no "
                    + "type in the graph's inputs, outputs or value_info; the export contract requires one");
        }
        return info;
    }

    private static DType dtypeOf(Map<String, OnnxMl.ValueInfoProto> types, String name) {
        return OnnxProtos.dtype(typeOf(types, name).getType().getTensorType().getElemType(), name);
    }

    static InputSpec inputSpec(OnnxMl.ValueInfoProto in) {
        OnnxMl.TypeProto.Tensor t = in.getType().getTensorType();
        List<Dim> dims = new ArrayList<>();
        int i = 0;
        for (OnnxMl.TensorShapeProto.Dimension d : t.getShape().getDimList()) {
            dims.add(d.hasDimValue() ? Dim.of(d.getDimValue())
                    : Dim.symbol(d.hasDimParam() ? d.getDimParam() : in.getName() + "_dim" + i));
            i++;
        }
        return new InputSpec(in.getName(), OnnxProtos.dtype(t.getElemType(), in.getName()), dims);
    }
}
