package dev.attnlab.harness.defaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.model.ModelInfo;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.MapWeightStore;
import dev.attnlab.harness.model.ModelIdentity;
import dev.attnlab.harness.model.io.SafetensorsFile;
import dev.attnlab.harness.model.io.SafetensorsWriter;
import dev.attnlab.harness.tokenize.DefaultTokenizer;
import dev.attnlab.harness.tokenize.Tokenizers;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDefaultTest {

    @TempDir
    Path dir;

    @Test
    void untrainedModelIsADeterministicRandomInitThatSaysSo() {
        EmbeddedDefault embedded = EmbeddedDefault.fromDirectory(dir);
        assertThat(embedded.trained()).isFalse();
        ModelInfo info = embedded.model().info();
        assertThat(info.name()).isEqualTo("attnlab-default (random-init)");
        assertThat(info.contentHash()).isEqualTo(embedded.model().info().contentHash());
        assertThat(info.architecture()).isEqualTo("llama");
        assertThat(new int[] {info.dim(), info.layers(), info.heads(), info.kvHeads(), info.maxContext()})
                .containsExactly(64, 4, 4, 2, 2048);
    }

    @Test
    void modelInfoAgreesWithTheTokenizer() {
        EmbeddedDefault embedded = EmbeddedDefault.fromResources();
        DefaultTokenizer tokenizer = embedded.tokenizer();
        ModelInfo info = embedded.model().info();
        assertThat(info.vocabSize()).isEqualTo(tokenizer.vocabSize());
        assertThat(info.bosToken()).isEqualTo(tokenizer.bosToken());
        assertThat(info.eosToken()).isEqualTo(tokenizer.eosToken());
        Tokenizers.checkMatches(tokenizer, info);
        assertThat(info.name()).isEqualTo(embedded.trained() ? "attnlab-default (trained)"
                : "attnlab-default (random-init)");
    }

    @Test
    void trainedWeightsAreLoadedWithTheirConfigWhenPresent() {
        LlamaModel random = EmbeddedDefault.fromDirectory(dir).model();
        Map<String, FloatTensor> changed = new LinkedHashMap<>();
        for (String name : random.weights().names()) {
            FloatTensor t = random.weights().get(name).orElseThrow();
            float[] v = t.data().clone();
            v[0] += 1; // stands in for training: any change must show in the loaded model
            changed.put(name, new FloatTensor(t.shape(), v));
        }
        LlamaModel trained = new LlamaModel(random.config(), new MapWeightStore(changed, "test"),
                new ModelIdentity("t", 1, 2));
        Path file = EmbeddedDefault.writeTrained(trained, dir, "attnlab train test.toml");
        assertThat(SafetensorsFile.open(file).metadata()).containsEntry("command", "attnlab train test.toml");

        EmbeddedDefault embedded = EmbeddedDefault.fromDirectory(dir);
        assertThat(embedded.trained()).isTrue();
        LlamaModel loaded = embedded.model();
        assertThat(loaded.info().name()).isEqualTo("attnlab-default (trained)");
        assertThat(loaded.config()).isEqualTo(random.config());
        for (String name : changed.keySet()) {
            assertThat(Arrays.equals(loaded.weights().get(name).orElseThrow().data(), changed.get(name).data()))
                    .as("weight %s as written", name).isTrue();
        }
    }

    @Test
    void trainedWeightsForAnotherVocabularyAreRejectedWithWhatToDo() {
        LlamaModel random = EmbeddedDefault.fromDirectory(dir).model();
        Path file = EmbeddedDefault.writeTrained(random, dir, "attnlab train default.toml");
        SafetensorsFile written = SafetensorsFile.open(file);
        Map<String, String> meta = new HashMap<>(written.metadata());
        meta.put("tokenizer_fingerprint", "0".repeat(64));
        SafetensorsWriter.write(file, written.readAll(), meta);
        assertThatThrownBy(() -> EmbeddedDefault.fromDirectory(dir).model())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("fingerprint").hasMessageContaining("attnlab train default.toml");
    }

    @Test
    void checkpointSpecNamesOnlyTheDefault() {
        assertThat(EmbeddedDefault.checkpoint("default").info().vocabSize())
                .isEqualTo(DefaultTokenizer.embedded().vocabSize());
        assertThatThrownBy(() -> EmbeddedDefault.checkpoint("large")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embedded:large").hasMessageContaining("embedded:default");
    }

    @Test
    void corpusTextAndTokensComeFromTheSyntheticCorpus() {
        EmbeddedDefault embedded = EmbeddedDefault.fromResources();
        int[] ids = embedded.corpusTokens(7, 1000);
        assertThat(ids).hasSize(1000).containsExactly(new SyntheticCorpus(7).tokens(embedded.tokenizer(), 1000));
        String text = embedded.corpusText(7, 1000);
        assertThat(text).startsWith(new SyntheticCorpus(7).document(0));
        assertThat(embedded.tokenizer().decode(ids)).isEqualTo(text.substring(0, embedded.tokenizer().decode(ids)
                .length()));
    }
}
