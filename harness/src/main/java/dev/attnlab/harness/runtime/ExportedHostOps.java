package dev.attnlab.harness.runtime;

import ai.onnx.proto.OnnxMl;
import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Dim;
import dev.attnlab.api.tensor.HostOp;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.harness.lower.onnx.OnnxGraphRecorder;
import dev.attnlab.harness.lower.onnx.ProgramStep;
import dev.attnlab.harness.lower.onnx.SingleFileGraph;
import dev.attnlab.harness.model.WeightStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds the Java code for the {@code dev.attnlab} host nodes of an exported graph: it makes the strategy's
 * layers again, records each layer's attention on a scratch recorder to obtain its host ops, and matches
 * them to the nodes by {@link HostOp#name()} (the node's {@code name} attribute).
 */
public final class ExportedHostOps {

    private ExportedHostOps() {
    }

    /**
     * @param strategy the strategy named by the nodes' {@code strategy} attribute
     * @param settings its settings (as exported; the {@code settings} attribute records them for checking)
     * @param contexts every layer's geometry
     * @param weights  weights the strategy's layers read while recording (trainable ones may be absent)
     */
    public static Function<OnnxMl.NodeProto, HostOp> fromStrategy(AttentionStrategy strategy, Settings settings,
                                                                  List<AttentionContext> contexts, WeightStore weights) {
        Map<String, HostOp> byName = new HashMap<>();
        for (AttentionContext c : contexts) {
            OnnxGraphRecorder scratch = new OnnxGraphRecorder(weights, false);
            Dim t = Dim.symbol("seq");
            Tensor q = scratch.input("q", DType.FLOAT32, Dim.of(1), Dim.of(c.heads()), t, Dim.of(c.headDim()));
            Tensor k = scratch.input("k", DType.FLOAT32, Dim.of(1), Dim.of(c.kvHeads()), t, Dim.of(c.headDim()));
            Tensor v = scratch.input("v", DType.FLOAT32, Dim.of(1), Dim.of(c.kvHeads()), t, Dim.of(c.headDim()));
            Tensor p = scratch.input("p", DType.INT64, t);
            scratch.output("out", strategy.create(c, settings)
                    .attend(scratch, new AttentionInputs(q, k, v, p, c.defaultScale(), c)).output());
            for (ProgramStep step : scratch.finish().steps()) {
                if (step instanceof ProgramStep.Host h) {
                    byName.put(h.op().name(), h.op());
                }
            }
        }
        return node -> {
            String name = SingleFileGraph.stringAttribute(node, SingleFileGraph.ATTR_NAME);
            HostOp op = byName.get(name);
            if (op == null) {
                throw new IllegalArgumentException("host node '" + node.getName() + "' (op " + name + ", strategy "
                        + SingleFileGraph.stringAttribute(node, "strategy") + ") matches no host op of strategy '"
                        + strategy.id() + "' with settings " + settings + "; known ops: " + byName.keySet());
            }
            return op;
        };
    }

    /** A resolver for graphs that must not contain host nodes. */
    public static Function<OnnxMl.NodeProto, HostOp> none() {
        return node -> {
            throw new IllegalArgumentException("the graph has a host node '" + node.getName() + "' (strategy "
                    + SingleFileGraph.stringAttribute(node, "strategy") + ") but no plugin was given to run it");
        };
    }
}
