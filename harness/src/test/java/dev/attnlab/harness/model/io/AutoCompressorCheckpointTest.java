package dev.attnlab.harness.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.LlamaNames;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.RopeLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds tiny AutoCompressor checkpoints in both known layouts and splits them. */
class AutoCompressorCheckpointTest {

    private static final int VOCAB = 10;
    private static final int DIM = 8;
    private static final int KAPPA = 3;
    private static final LlamaConfig CONFIG = new LlamaConfig(DIM, 16, 1, 2, 2, VOCAB, 32, 1e-6f, 10000f,
            RopeLayout.HALF, true, false);

    @TempDir
    Path dir;

    private static String configJson(String type, Integer summaryLength) {
        return "{\"model_type\": \"" + type + "\", \"hidden_size\": " + DIM + ", \"intermediate_size\": 16, "
                + "\"num_hidden_layers\": 1, \"num_attention_heads\": 2, \"num_key_value_heads\": 2, "
                + "\"vocab_size\": " + VOCAB + ", \"max_position_embeddings\": 32, \"tie_word_embeddings\": true"
                + (summaryLength == null ? "" : ", \"summary_length\": " + summaryLength) + "}";
    }

    private static FloatTensor summaryRows() {
        float[] rows = new float[KAPPA * DIM];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = 100 + i; // far from the random weights, so a mix-up cannot pass
        }
        return new FloatTensor(new long[] {KAPPA, DIM}, rows);
    }

    /** A checkpoint directory of the random-init model, with the summary embeddings stored per layout. */
    private Path checkpoint(String layout, String type, Integer summaryLength) throws IOException {
        LlamaModel base = LlamaModel.randomInit(CONFIG, 5);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        for (String name : base.weights().names()) {
            tensors.put(name, base.weights().get(name).orElseThrow());
        }
        FloatTensor embed = tensors.get(LlamaNames.EMBED);
        if (layout.equals("appended-rows")) {
            float[] grown = Arrays.copyOf(embed.data(), (VOCAB + KAPPA) * DIM);
            System.arraycopy(summaryRows().data(), 0, grown, VOCAB * DIM, KAPPA * DIM);
            tensors.put(LlamaNames.EMBED, new FloatTensor(new long[] {VOCAB + KAPPA, DIM}, grown));
        } else if (layout.equals("separate")) {
            tensors.put(AutoCompressorCheckpoint.SEPARATE_TENSOR, summaryRows());
        }
        Path source = Files.createDirectories(dir.resolve("source-" + layout));
        SafetensorsWriter.write(source.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        Files.writeString(source.resolve("config.json"), configJson(type, summaryLength));
        Files.writeString(source.resolve("tokenizer.json"), "{}");
        return source;
    }

    private void assertSplit(String layout) throws IOException {
        AutoCompressorCheckpoint.Imported imported = AutoCompressorCheckpoint.split(
                checkpoint(layout, "llama", KAPPA), dir.resolve("out-" + layout));

        assertThat(imported.layout()).isEqualTo(layout);
        assertThat(imported.summaryVectors()).isEqualTo(KAPPA);
        SafetensorsFile summary = SafetensorsFile.open(imported.summaryEmbeddings());
        assertThat(summary.read(AutoCompressorCheckpoint.SUMMARY_TENSOR)).isEqualTo(summaryRows());
        assertThat(summary.metadata()).containsEntry("attnlab.layout", layout);

        ModelDefinition model = HfModelDirectory.load(imported.modelDir());
        FloatTensor original = LlamaModel.randomInit(CONFIG, 5).weights().get(LlamaNames.EMBED).orElseThrow();
        assertThat(model.weights().get(LlamaNames.EMBED).orElseThrow()).isEqualTo(original);
        assertThat(model.weights().names()).doesNotContain(AutoCompressorCheckpoint.SEPARATE_TENSOR);
        assertThat(model.info().vocabSize()).isEqualTo(VOCAB);
        assertThat(imported.modelDir().resolve("tokenizer.json")).exists();
    }

    @Test
    void splitsSummaryRowsAppendedToTheEmbeddingTable() throws IOException {
        assertSplit("appended-rows");
    }

    @Test
    void splitsASeparateEmbedSummaryTensor() throws IOException {
        assertSplit("separate");
    }

    @Test
    void rejectsASummaryLengthThatDisagreesWithTheRows() throws IOException {
        Path source = checkpoint("appended-rows", "llama", 5);
        assertThatThrownBy(() -> AutoCompressorCheckpoint.split(source, dir.resolve("out")))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("summary_length is 5 but the checkpoint holds 3");
    }

    @Test
    void rejectsACheckpointWithoutSummaryEmbeddings() throws IOException {
        Path source = checkpoint("none", "llama", null);
        assertThatThrownBy(() -> AutoCompressorCheckpoint.split(source, dir.resolve("out")))
                .hasMessageContaining("holds no summary-token embeddings")
                .hasMessageContaining("embed_summary.weight");
    }

    @Test
    void refusesOptBasedCheckpointsNamingTheReason() throws IOException {
        Path source = checkpoint("separate", "opt", KAPPA);
        assertThatThrownBy(() -> AutoCompressorCheckpoint.split(source, dir.resolve("out")))
                .hasMessageContaining("model_type 'opt'").hasMessageContaining("no OPT model");
    }
}
