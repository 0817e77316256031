package dev.attnlab.harness.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.harness.defaults.EmbeddedDefault;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.ModelDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @TempDir
    Path temp;

    @Test
    void loadsALlama2cFileRelativeToTheBaseDirectory() {
        Path file = TestAssets.stories260K();
        ModelDefinition model = Checkpoints.load(file.getFileName().toString(), file.getParent());
        assertThat(model.info().name()).isEqualTo("stories260K");
        assertThat(model.info().architecture()).isEqualTo("llama");
    }

    @Test
    void handsEmbeddedSpecsToTheGivenResolver() {
        LlamaModel tiny = LlamaModel.randomInit(LlamaConfig.llama2c(8, 8, 1, 2, 2, 10, 8, true), 1);
        assertThat(Checkpoints.load("embedded:default", temp, name -> name.equals("default") ? tiny : null))
                .isSameAs(tiny);
        assertThatThrownBy(() -> Checkpoints.load("embedded:large", temp))
                .hasMessageContaining("embedded:large")
                .hasMessageContaining("embedded:default");
    }

    @Test
    void resolvesEmbeddedDefaultToTheHarnessDefaultModel() {
        ModelDefinition model = Checkpoints.load("embedded:default", temp);
        assertThat(model).isInstanceOf(LlamaModel.class);
        assertThat(model.info().contentHash())
                .isEqualTo(EmbeddedDefault.fromResources().model().info().contentHash());
    }

    @Test
    void pointsOnnxFilesToTheRuntimeLoaderAndRejectsUnknownOrMissingFiles() throws IOException {
        Files.writeString(temp.resolve("m.onnx"), "x");
        Files.writeString(temp.resolve("m.pt"), "x");
        assertThatThrownBy(() -> Checkpoints.load("m.onnx", temp)).hasMessageContaining("ONNX runtime loader");
        assertThatThrownBy(() -> Checkpoints.load("m.pt", temp)).hasMessageContaining("unknown format");
        assertThatThrownBy(() -> Checkpoints.load("absent.bin", temp))
                .hasMessageContaining("not found")
                .hasMessageContaining(temp.resolve("absent.bin").toString());
    }
}
