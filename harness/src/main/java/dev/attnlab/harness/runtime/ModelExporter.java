package dev.attnlab.harness.runtime;

import ai.onnx.proto.OnnxMl;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.Settings;
import dev.attnlab.harness.lower.onnx.ModelFiles;
import dev.attnlab.harness.lower.onnx.OnnxGraphRecorder;
import dev.attnlab.harness.lower.onnx.ProgramStep;
import dev.attnlab.harness.lower.onnx.RecordedProgram;
import dev.attnlab.harness.lower.onnx.SingleFileGraph;
import dev.attnlab.harness.model.GraphOptions;
import dev.attnlab.harness.model.ModelDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes a model with one attention strategy as a single .onnx file (docs/export-contract.md), and keeps a
 * cache of exports keyed by content hash so the same model, strategy, settings and graph variant are recorded
 * only once.
 */
public final class ModelExporter {

    private static final String CACHED_NAME = "model.onnx";

    private final Path cacheDir;

    /** @param cacheDir the export cache, or null for none */
    public ModelExporter(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /** Exports with weights inline unless they exceed {@link ModelFiles#EXTERNAL_DATA_THRESHOLD}. */
    public ExportResult export(ModelDefinition def, AttentionStrategy strategy, Settings settings, GraphOptions options,
                               Path out) {
        return export(def, strategy, settings, options, out, false);
    }

    /**
     * Exports to {@code out}; with {@code externalData} (or large weights) the weights go to a file named
     * {@code attnlab-<key>.onnx.data} beside it.
     */
    public ExportResult export(ModelDefinition def, AttentionStrategy strategy, Settings settings, GraphOptions options,
                               Path out, boolean externalData) {
        String key = cacheKey(def, strategy, settings, options);
        if (cacheDir != null) {
            Path cached = cacheDir.resolve(key + (externalData ? "-ext" : "")).resolve(CACHED_NAME);
            boolean reused = Files.isRegularFile(cached);
            int hosts = reused ? countHostNodes(cached) : write(def, strategy, settings, options, key, cached, externalData);
            copyExport(cached, out);
            return new ExportResult(out, key, reused, hosts);
        }
        return new ExportResult(out, key, false, write(def, strategy, settings, options, key, out, externalData));
    }

    /**
     * The cache key: SHA-256 of the model's content hash and weight names, the strategy id, its settings, the
     * graph variant, the attnlab version and the ONNX opset.
     */
    public static String cacheKey(ModelDefinition def, AttentionStrategy strategy, Settings settings,
                                  GraphOptions options) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(def.info().contentHash(), String.join(",", def.weights().names()),
                    strategy.id(), settings.asMap().toString(), options.toString(),
                    OnnxGraphRecorder.ATTNLAB_VERSION, Integer.toString(OnnxGraphRecorder.OPSET))) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static int write(ModelDefinition def, AttentionStrategy strategy, Settings settings, GraphOptions options,
                             String key, Path file, boolean externalData) {
        List<LayerAttention> layers = new ArrayList<>();
        for (int i = 0; i < def.info().layers(); i++) {
            layers.add(strategy.create(def.attentionContext(i), settings));
        }
        RecordedProgram program = ModelRuntime.record(def, layers, options);
        String label = ModelRuntime.methodLabel(strategy, settings);
        ExportMetadata meta = new ExportMetadata(def.info(), label, strategy.id(), settings.asMap().toString(), options,
                ModelRuntime.segmentLengths(strategy, layers));
        OnnxMl.ModelProto model = SingleFileGraph.join(program,
                op -> Map.of("strategy", strategy.id(), "settings", settings.asMap().toString()), meta.toMap());
        boolean external = externalData || ModelFiles.weightBytes(model) > ModelFiles.EXTERNAL_DATA_THRESHOLD;
        ModelFiles.write(model, file, external ? "attnlab-" + key + ".onnx.data" : null);
        return (int) program.steps().stream().filter(s -> s instanceof ProgramStep.Host).count();
    }

    private static int countHostNodes(Path file) {
        try (var in = Files.newInputStream(file)) {
            OnnxMl.GraphProto g = OnnxMl.ModelProto.parseFrom(in).getGraph();
            return (int) g.getNodeList().stream().filter(n -> SingleFileGraph.HOST_DOMAIN.equals(n.getDomain())).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cached export " + file + ": " + e.getMessage(), e);
        }
    }

    /** Copies the cached .onnx (and its external data file, whose name the model refers to) to {@code out}. */
    private static void copyExport(Path cached, Path out) {
        try {
            Path dir = out.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            try (var files = Files.list(cached.getParent())) {
                for (Path f : files.toList()) {
                    if (f.getFileName().toString().endsWith(".onnx.data")) {
                        Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Files.copy(cached, out, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy cached export " + cached + " to " + out + ": " + e.getMessage(), e);
        }
    }
}
