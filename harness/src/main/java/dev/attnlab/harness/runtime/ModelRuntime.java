package dev.attnlab.harness.runtime;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.attention.SegmentedAttention;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.model.ModelInfo;
import dev.attnlab.api.tensor.HostOp;
import dev.attnlab.harness.lower.onnx.ModelFiles;
import dev.attnlab.harness.lower.onnx.OnnxGraphRecorder;
import dev.attnlab.harness.lower.onnx.RecordedProgram;
import dev.attnlab.harness.lower.onnx.SingleFileGraph;
import dev.attnlab.harness.model.GraphOptions;
import dev.attnlab.harness.model.ModelDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/** Loads models onto ONNX Runtime: from a {@link ModelDefinition} and a strategy, or from an exported .onnx. */
public final class ModelRuntime {

    private final Supplier<Set<OrtProvider>> providers;

    public ModelRuntime() {
        this(ExecutionProviders::available);
    }

    /** For tests: pretend ORT has exactly these providers. */
    ModelRuntime(Supplier<Set<OrtProvider>> providers) {
        this.providers = providers;
    }

    /**
     * Builds {@code def} with {@code strategy} in every layer and prepares it for ONNX Runtime. Graph variants
     * are recorded when first used.
     *
     * @throws IllegalStateException when {@code options.device()} is {@code cuda} and CUDA cannot be used
     */
    public OrtLanguageModel load(ModelDefinition def, AttentionStrategy strategy, Settings settings,
                                 RuntimeOptions options) {
        List<LayerAttention> layers = new ArrayList<>();
        for (int i = 0; i < def.info().layers(); i++) {
            layers.add(strategy.create(def.attentionContext(i), settings));
        }
        ProgramSource source = graph -> record(def, layers, graph);
        return open(def.info(), methodLabel(strategy, settings), source, def::embed, options, segmentLengths(strategy, layers));
    }

    /** Records {@code def} with the given layers into a program (no ONNX Runtime involved). */
    public static RecordedProgram record(ModelDefinition def, List<LayerAttention> layers, GraphOptions graph) {
        OnnxGraphRecorder recorder = new OnnxGraphRecorder(def.weights(), graph.attentionProbabilities());
        def.build(recorder, layers, graph);
        return recorder.finish();
    }

    /**
     * Loads an .onnx written by {@link ModelExporter} (or following docs/export-contract.md). Host-op nodes in the
     * {@code dev.attnlab} domain run plugin-side through {@code hostOps}; the graph variant is the one exported.
     *
     * @param hostOps makes the Java op for a host node; see {@link ExportedHostOps}
     */
    public OrtLanguageModel loadExported(Path file, RuntimeOptions options, Function<OnnxMl.NodeProto, HostOp> hostOps) {
        OnnxMl.ModelProto model = ModelFiles.read(file);
        ExportMetadata meta = ExportMetadata.read(model, file);
        RecordedProgram program = SingleFileGraph.split(model, hostOps);
        GraphOptions exported = meta.graphOptions();
        ProgramSource source = graph -> {
            if (!graph.equals(exported)) {
                throw new UnsupportedOperationException(file + " was exported with " + exported + "; " + graph
                        + " needs a new export (attnlab export) from the checkpoint");
            }
            return program;
        };
        return open(meta.info(), meta.methodLabel(), source, null, options, meta.segmentLengths());
    }

    private OrtLanguageModel open(ModelInfo info, String label, ProgramSource source,
                                  Function<int[], dev.attnlab.api.tensor.FloatTensor> embed, RuntimeOptions options,
                                  int[] segmentLengths) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions();
        try {
            if (options.threads() > 0) {
                sessionOptions.setIntraOpNumThreads(options.threads());
            }
            sessionOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            String device = ExecutionProviders.configure(sessionOptions, options.device(), providers.get());
            return new OrtLanguageModel(info, label, source, embed, env, sessionOptions, device, segmentLengths);
        } catch (OrtException | RuntimeException e) {
            sessionOptions.close();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot configure ONNX Runtime: " + e.getMessage(), e);
        }
    }

    /** The distinct segment lengths of the layers that are {@link SegmentedAttention}. */
    static int[] segmentLengths(AttentionStrategy strategy, List<LayerAttention> layers) {
        int[] segments = layers.stream().filter(l -> l instanceof SegmentedAttention)
                .mapToInt(l -> ((SegmentedAttention) l).segmentLength()).distinct().toArray();
        for (int len : segments) {
            if (len < 1) {
                throw new IllegalArgumentException("strategy " + strategy.id() + " declares segment length " + len
                        + "; a segment must hold at least one token");
            }
        }
        return segments;
    }

    /** {@code id} alone, or {@code id(key=value, ...)} when the strategy has settings. */
    public static String methodLabel(AttentionStrategy strategy, Settings settings) {
        Map<String, Object> values = settings.asMap();
        if (values.isEmpty()) {
            return strategy.id();
        }
        StringBuilder b = new StringBuilder(strategy.id()).append('(');
        values.forEach((k, v) -> b.append(b.charAt(b.length() - 1) == '(' ? "" : ", ").append(k).append('=').append(v));
        return b.append(')').toString();
    }
}
