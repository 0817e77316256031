package dev.attnlab.harness.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.model.DecodeSession;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.lower.onnx.ModelFiles;
import dev.attnlab.harness.lower.onnx.SingleFileGraph;
import dev.attnlab.harness.model.FullAttentionStrategy;
import dev.attnlab.harness.model.GraphOptions;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelExporterTest {

    private static final TinyAttentionModel DEF = new TinyAttentionModel(11);
    private static final Settings NONE = ConfigSchema.EMPTY.defaults();
    private static final int[] TOKENS = {1, 2, 3, 5, 8};

    @Test
    void exportedFileReloadedFromDiskGivesTheSameLogitsAndDecodes(@TempDir Path dir) {
        Path out = dir.resolve("tiny.onnx");
        ExportResult result = new ModelExporter(null).export(DEF, new FullAttentionStrategy(), NONE,
                GraphOptions.LOGITS_ONLY, out);
        assertThat(result.hostOps()).isZero();
        assertThat(out).isRegularFile();
        ModelRuntime runtime = new ModelRuntime();
        try (OrtLanguageModel direct = runtime.load(DEF, new FullAttentionStrategy(), NONE, RuntimeOptions.cpu());
             OrtLanguageModel loaded = runtime.loadExported(out, RuntimeOptions.cpu(), ExportedHostOps.none())) {
            assertThat(loaded.logits(TOKENS)).isEqualTo(direct.logits(TOKENS));
            assertThat(loaded.info()).isEqualTo(DEF.info());
            assertThat(loaded.methodLabel()).isEqualTo("full");
            try (DecodeSession a = loaded.newSession(); DecodeSession b = direct.newSession()) {
                a.append(new int[] {4, 4});
                b.append(new int[] {4, 4});
                assertThat(a.append(new int[] {7})).isEqualTo(b.append(new int[] {7}));
            }
            assertThatThrownBy(() -> loaded.forward(dev.attnlab.api.model.ForwardRequest.of(TOKENS).withAttention()))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("attnlab export");
        }
    }

    @Test
    void secondExportWithTheSameInputsReusesTheCachedFile(@TempDir Path dir) throws Exception {
        ModelExporter exporter = new ModelExporter(dir.resolve("cache"));
        ExportResult first = exporter.export(DEF, new FullAttentionStrategy(), NONE, GraphOptions.LOGITS_ONLY,
                dir.resolve("a.onnx"));
        ExportResult second = exporter.export(DEF, new FullAttentionStrategy(), NONE, GraphOptions.LOGITS_ONLY,
                dir.resolve("b.onnx"));
        ExportResult variant = exporter.export(DEF, new FullAttentionStrategy(), NONE,
                new GraphOptions(false, false, true), dir.resolve("c.onnx"));
        assertThat(first.reused()).isFalse();
        assertThat(second.reused()).isTrue();
        assertThat(second.cacheKey()).isEqualTo(first.cacheKey());
        assertThat(Files.readAllBytes(dir.resolve("b.onnx"))).isEqualTo(Files.readAllBytes(dir.resolve("a.onnx")));
        assertThat(variant.cacheKey()).isNotEqualTo(first.cacheKey());
        assertThat(variant.reused()).isFalse();
        assertThat(ModelExporter.cacheKey(new TinyAttentionModel(12), new FullAttentionStrategy(), NONE,
                GraphOptions.LOGITS_ONLY)).isNotEqualTo(first.cacheKey());
    }

    @Test
    void externalDataExportOpensInPlainOrtAndReloadsWithTheSameLogits(@TempDir Path dir) throws Exception {
        LlamaModel llama = LlamaModel.randomInit(LlamaConfig.llama2c(16, 32, 1, 2, 1, 64, 32, true), 5);
        Path out = dir.resolve("ext.onnx");
        ExportResult r = new ModelExporter(dir.resolve("cache")).export(llama, new FullAttentionStrategy(), NONE,
                GraphOptions.LOGITS_ONLY, out, true);
        Path data = dir.resolve("attnlab-" + r.cacheKey() + ".onnx.data");
        assertThat(data).isRegularFile();
        // the 64 x 16 embedding table (4096 bytes) is above the inline limit, so it left the .onnx
        assertThat(Files.size(data)).isGreaterThanOrEqualTo(64 * 16 * 4);
        // a plain ONNX Runtime session opens the file from disk, external data included (no attnlab code involved)
        try (var opts = new ai.onnxruntime.OrtSession.SessionOptions();
             var session = ai.onnxruntime.OrtEnvironment.getEnvironment().createSession(out.toString(), opts)) {
            assertThat(session.getInputNames()).contains("input_ids", "positions", "state_in.layers.0.attn.cache.keys");
            assertThat(session.getOutputNames()).contains("logits", "state_out.layers.0.attn.cache.positions");
        }
        try (OrtLanguageModel direct = new ModelRuntime().load(llama, new FullAttentionStrategy(), NONE, RuntimeOptions.cpu());
             OrtLanguageModel loaded = new ModelRuntime().loadExported(out, RuntimeOptions.cpu(), ExportedHostOps.none())) {
            assertThat(loaded.logits(TOKENS)).isEqualTo(direct.logits(TOKENS));
        }
    }

    @Test
    void hostOpLayersExportAsAttnlabNodesAndRunPluginSideWhenReloaded(@TempDir Path dir) {
        Path out = dir.resolve("host.onnx");
        HostFullAttentionStrategy strategy = new HostFullAttentionStrategy();
        ExportResult r = new ModelExporter(null).export(DEF, strategy, NONE, GraphOptions.LOGITS_ONLY, out);
        assertThat(r.hostOps()).isEqualTo(1);
        OnnxMl.ModelProto model = ModelFiles.read(out);
        List<OnnxMl.NodeProto> hostNodes = model.getGraph().getNodeList().stream()
                .filter(n -> n.getDomain().equals(SingleFileGraph.HOST_DOMAIN)).toList();
        assertThat(hostNodes).hasSize(1);
        assertThat(SingleFileGraph.stringAttribute(hostNodes.get(0), "strategy")).isEqualTo("test-host-full");
        assertThat(SingleFileGraph.stringAttribute(hostNodes.get(0), "settings")).isEqualTo("{}");

        var hostOps = ExportedHostOps.fromStrategy(strategy, NONE,
                IntStream.range(0, 1).mapToObj(DEF::attentionContext).toList(), DEF.weights());
        try (OrtLanguageModel graph = new ModelRuntime().load(DEF, new FullAttentionStrategy(), NONE, RuntimeOptions.cpu());
             OrtLanguageModel loaded = new ModelRuntime().loadExported(out, RuntimeOptions.cpu(), hostOps)) {
            FloatTensor expected = graph.logits(TOKENS);
            FloatTensor actual = loaded.logits(TOKENS);
            OrtLanguageModelTest.assertClose(actual, expected, "reloaded host-op export");
        }
        assertThatThrownBy(() -> new ModelRuntime().loadExported(out, RuntimeOptions.cpu(), ExportedHostOps.none()))
                .hasMessageContaining("test-host-full").hasMessageContaining("no plugin");
    }

    @Test
    void fileWithoutAttnlabMetadataIsRejectedNamingTheKey(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bare.onnx");
        new ModelExporter(null).export(DEF, new FullAttentionStrategy(), NONE, GraphOptions.LOGITS_ONLY, out);
        OnnxMl.ModelProto stripped = ModelFiles.read(out).toBuilder().clearMetadataProps().build();
        ModelFiles.write(stripped, out, false);
        assertThatThrownBy(() -> new ModelRuntime().loadExported(out, RuntimeOptions.cpu(), ExportedHostOps.none()))
                .hasMessageContaining("bare.onnx").hasMessageContaining("attnlab.name");
    }
}
