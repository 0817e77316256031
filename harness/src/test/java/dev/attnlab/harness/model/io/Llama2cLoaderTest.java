package dev.attnlab.harness.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.LlamaNames;
import dev.attnlab.harness.model.RopeLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Llama2cLoaderTest {

    @TempDir
    Path temp;

    @Test
    void readsTheStories260KHeaderAndConsumesEveryByte() {
        LlamaModel model = Llama2cLoader.load(TestAssets.stories260K());
        LlamaConfig c = model.config();
        assertThat(new int[] {c.dim(), c.hiddenDim(), c.layers(), c.heads(), c.kvHeads(), c.vocabSize(), c.maxSeqLen()})
                .containsExactly(64, 172, 5, 8, 4, 512, 512);
        assertThat(c.sharedClassifier()).isTrue();
        assertThat(c.ropeLayout()).isEqualTo(RopeLayout.INTERLEAVED);
        assertThat(model.weights().names()).hasSize(1 + 5 * 9 + 1).doesNotContain(LlamaNames.LM_HEAD);
        assertThat(model.info().name()).isEqualTo("stories260K");
        assertThat(model.info().bosToken()).isEqualTo(1);
        // the loader throws when bytes are left over, so reaching here means all 1,056,540 were consumed
        assertThat(totalFloats(model) * 4 + 28 + 2 * 512 * 4 * 4).isEqualTo(1_056_540L);
    }

    @Test
    void rejectsATruncatedCheckpointNamingTheFileTheTensorAndTheByteCounts() throws IOException {
        byte[] bytes = Files.readAllBytes(TestAssets.stories260K());
        Path truncated = temp.resolve("cut.bin");
        Files.write(truncated, Arrays.copyOf(bytes, 200_000));
        assertThatThrownBy(() -> Llama2cLoader.load(truncated))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(truncated.toString())
                .hasMessageContaining("truncated")
                .hasMessageContaining("wq [5, 64, 64]")
                .hasMessageContaining("needs 81920 bytes")
                .hasMessageContaining("only 67620 are available");
    }

    @Test
    void rejectsTrailingBytesAfterTheLastTensor() throws IOException {
        byte[] bytes = Files.readAllBytes(TestAssets.stories260K());
        Path longer = temp.resolve("long.bin");
        Files.write(longer, Arrays.copyOf(bytes, bytes.length + 12));
        assertThatThrownBy(() -> Llama2cLoader.load(longer))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("12 bytes after the last tensor");
    }

    @Test
    void rejectsAHeaderThatIsNotLlama2c() throws IOException {
        Path bogus = temp.resolve("bogus.bin");
        ByteBuffer header = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(64).putInt(172).putInt(5).putInt(7).putInt(4).putInt(512).putInt(512);
        Files.write(bogus, header.array());
        assertThatThrownBy(() -> Llama2cLoader.load(bogus))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("valid llama2.c header")
                .hasMessageContaining("[64, 172, 5, 7, 4, 512, 512]");
    }

    @Test
    void readsASeparateClassifierWhenTheVocabSizeIsNegative() throws IOException {
        LlamaConfig config = LlamaConfig.llama2c(16, 24, 2, 4, 2, 30, 8, false);
        LlamaModel original = LlamaModel.randomInit(config, 5);
        Path file = temp.resolve("separate.bin");
        Files.write(file, Llama2cFiles.serialize(original));
        LlamaModel loaded = Llama2cLoader.load(file);
        assertThat(loaded.config()).isEqualTo(config);
        for (String name : original.weights().names()) {
            assertThat(loaded.weights().get(name)).as(name).contains(original.weights().get(name).orElseThrow());
        }
        assertThat(loaded.weights().names()).containsExactlyInAnyOrderElementsOf(original.weights().names());
    }

    private static long totalFloats(LlamaModel model) {
        return model.weights().names().stream()
                .mapToLong(n -> model.weights().get(n).map(FloatTensor::data).orElseThrow().length).sum();
    }
}
