package dev.attnlab.harness.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.Gpt2Config;
import dev.attnlab.harness.model.Gpt2Model;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.RopeLayout;
import dev.attnlab.harness.model.WeightStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfModelDirectoryTest {

    @TempDir
    Path temp;

    private static final String LLAMA_CONFIG = """
            {"architectures": ["LlamaForCausalLM"], "model_type": "%s", "hidden_size": 32, "intermediate_size": 48,
             "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 50,
             "max_position_embeddings": 64, "rms_norm_eps": 1e-06, "rope_theta": 500.0, "hidden_act": "silu",
             "tie_word_embeddings": %s, "bos_token_id": 1, "eos_token_id": [2, 3], "rope_scaling": null,
             "torch_dtype": "float32"}
            """;

    @Test
    void loadsALlamaDirectoryWithHalfRope() throws IOException {
        LlamaConfig config = new LlamaConfig(32, 48, 2, 4, 2, 50, 64, 1e-6f, 500f, RopeLayout.HALF, false, false);
        LlamaModel original = LlamaModel.randomInit(config, 21);
        Path dir = modelDir("llama-tiny", LLAMA_CONFIG.formatted("llama", "false"), weights(original.weights()));

        ModelDefinition loaded = HfModelDirectory.load(dir);
        assertThat(loaded).isInstanceOf(LlamaModel.class);
        assertThat(((LlamaModel) loaded).config()).isEqualTo(config);
        assertThat(weights(loaded.weights())).isEqualTo(weights(original.weights()));
        assertThat(loaded.info().name()).isEqualTo("llama-tiny");
        assertThat(loaded.info().bosToken()).isEqualTo(1);
        assertThat(loaded.info().eosToken()).isEqualTo(2);
        assertThat(loaded.info().contentHash()).isEqualTo(original.info().contentHash());
    }

    @Test
    void loadsQwen2WithQkvBiasesAndATiedClassifier() throws IOException {
        LlamaConfig config = new LlamaConfig(32, 48, 2, 4, 2, 50, 64, 1e-6f, 500f, RopeLayout.HALF, true, true);
        LlamaModel original = LlamaModel.randomInit(config, 22);
        Path dir = modelDir("qwen", LLAMA_CONFIG.formatted("qwen2", "true"), weights(original.weights()));

        LlamaModel loaded = (LlamaModel) HfModelDirectory.load(dir);
        assertThat(loaded.config().attentionBias()).isTrue();
        assertThat(loaded.config().sharedClassifier()).isTrue();
        assertThat(loaded.weights().get("model.layers.1.self_attn.k_proj.bias"))
                .contains(original.weights().get("model.layers.1.self_attn.k_proj.bias").orElseThrow());
    }

    @Test
    void takesTheArchitectureFromArchitecturesWhenModelTypeIsAbsent() throws IOException {
        LlamaConfig config = new LlamaConfig(32, 48, 2, 4, 2, 50, 64, 1e-6f, 500f, RopeLayout.HALF, true, true);
        String json = LLAMA_CONFIG.formatted("x", "true").replace("\"model_type\": \"x\",", "")
                .replace("LlamaForCausalLM", "Qwen2ForCausalLM");
        Path dir = modelDir("qwen-arch", json, weights(LlamaModel.randomInit(config, 3).weights()));
        assertThat(((LlamaModel) HfModelDirectory.load(dir)).config()).isEqualTo(config);
    }

    @Test
    void qwen2WithoutItsBiasesIsRejectedNamingTheMissingWeight() throws IOException {
        LlamaConfig noBias = new LlamaConfig(32, 48, 2, 4, 2, 50, 64, 1e-6f, 500f, RopeLayout.HALF, true, false);
        Path dir = modelDir("qwen-nobias", LLAMA_CONFIG.formatted("qwen2", "true"),
                weights(LlamaModel.randomInit(noBias, 1).weights()));
        assertThatThrownBy(() -> HfModelDirectory.load(dir))
                .hasMessageContaining("model.layers.0.self_attn.q_proj.bias")
                .hasMessageContaining("missing");
    }

    @Test
    void loadsShardsListedInTheSafetensorsIndex() throws IOException {
        LlamaConfig config = new LlamaConfig(32, 48, 2, 4, 2, 50, 64, 1e-6f, 500f, RopeLayout.HALF, false, false);
        LlamaModel original = LlamaModel.randomInit(config, 23);
        Path dir = Files.createDirectories(temp.resolve("sharded"));
        Files.writeString(dir.resolve("config.json"), LLAMA_CONFIG.formatted("mistral", "false"));
        Map<String, FloatTensor> first = new LinkedHashMap<>();
        Map<String, FloatTensor> second = new LinkedHashMap<>();
        StringBuilder index = new StringBuilder("{\"metadata\": {}, \"weight_map\": {");
        for (String name : original.weights().names()) {
            boolean one = name.contains("layers.0") || name.startsWith("model.embed");
            (one ? first : second).put(name, original.weights().get(name).orElseThrow());
            index.append(index.charAt(index.length() - 1) == '{' ? "" : ",").append('"').append(name).append("\": \"")
                    .append(one ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors").append('"');
        }
        Files.writeString(dir.resolve("model.safetensors.index.json"), index.append("}}").toString());
        SafetensorsWriter.write(dir.resolve("model-00001-of-00002.safetensors"), first, Map.of());
        SafetensorsWriter.write(dir.resolve("model-00002-of-00002.safetensors"), second, Map.of());

        assertThat(weights(HfModelDirectory.load(dir).weights())).isEqualTo(weights(original.weights()));
    }

    @Test
    void loadsGpt2SavedWithoutTheTransformerPrefixAndSkipsBuffers() throws IOException {
        Gpt2Config config = new Gpt2Config(32, 128, 2, 4, 60, 40, 1e-5f);
        Gpt2Model original = Gpt2Model.randomInit(config, 24);
        Map<String, FloatTensor> saved = new LinkedHashMap<>();
        for (String name : original.weights().names()) {
            saved.put(name.substring("transformer.".length()), original.weights().get(name).orElseThrow());
        }
        saved.put("h.0.attn.bias", FloatTensor.zeros(1, 1, 40, 40));
        saved.put("lm_head.weight", original.weights().get("transformer.wte.weight").orElseThrow());
        Path dir = modelDir("gpt2-tiny", """
                {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "n_embd": 32, "n_layer": 2, "n_head": 4,
                 "vocab_size": 60, "n_positions": 40, "n_ctx": 40, "n_inner": null, "layer_norm_epsilon": 1e-05,
                 "activation_function": "gelu_new", "bos_token_id": 50, "eos_token_id": 50}
                """, saved);

        ModelDefinition loaded = HfModelDirectory.load(dir);
        assertThat(loaded).isInstanceOf(Gpt2Model.class);
        assertThat(((Gpt2Model) loaded).config()).isEqualTo(config);
        assertThat(weights(loaded.weights())).isEqualTo(weights(original.weights()));
    }

    @Test
    void rejectsAnUnknownArchitectureListingTheSupportedOnes() throws IOException {
        Path dir = modelDir("mamba", "{\"model_type\": \"mamba\", \"hidden_size\": 8}", Map.of());
        assertThatThrownBy(() -> HfModelDirectory.load(dir))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("unsupported architecture 'mamba'")
                .hasMessageContaining(dir.resolve("config.json").toString())
                .hasMessageContaining("llama, mistral, qwen2, gpt2");
    }

    @Test
    void refusesRopeScalingRatherThanComputingSomethingElse() throws IOException {
        String config = LLAMA_CONFIG.formatted("llama", "false")
                .replace("\"rope_scaling\": null", "\"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8.0}");
        Path dir = modelDir("scaled", config, Map.of());
        assertThatThrownBy(() -> HfModelDirectory.load(dir))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("rope_scaling");
    }

    @Test
    void rejectsADirectoryWithoutConfigOrWeights() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        assertThatThrownBy(() -> HfModelDirectory.load(empty)).hasMessageContaining("has no config.json");
        Files.writeString(empty.resolve("config.json"), LLAMA_CONFIG.formatted("llama", "false"));
        assertThatThrownBy(() -> HfModelDirectory.load(empty)).hasMessageContaining("has no *.safetensors");
    }

    private Path modelDir(String name, String config, Map<String, FloatTensor> weights) throws IOException {
        Path dir = Files.createDirectories(temp.resolve(name));
        Files.writeString(dir.resolve("config.json"), config);
        if (!weights.isEmpty()) {
            SafetensorsWriter.write(dir.resolve("model.safetensors"), weights, Map.of("format", "pt"));
        }
        return dir;
    }

    private static Map<String, FloatTensor> weights(WeightStore store) {
        Map<String, FloatTensor> map = new LinkedHashMap<>();
        store.names().forEach(n -> map.put(n, store.get(n).orElseThrow()));
        return map;
    }
}
