package dev.attnlab.harness.model.io;

import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.Gpt2Config;
import dev.attnlab.harness.model.Gpt2Model;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.MapWeightStore;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.ModelIdentity;
import dev.attnlab.harness.model.RopeLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Loads a Hugging Face model directory: {@code config.json} plus {@code model.safetensors}, or shards
 * listed in {@code model.safetensors.index.json}, or else every {@code *.safetensors} file.
 *
 * <p>The architecture comes from {@code model_type} (or {@code architectures[0]}): {@code llama},
 * {@code mistral} and {@code qwen2} (with q/k/v biases) become a {@link LlamaModel} with
 * {@link RopeLayout#HALF} RoPE, {@code gpt2} a {@link Gpt2Model}. Weights in F32, F16 or BF16 are
 * converted to float32. Features these families do not implement (RoPE scaling, a head dimension
 * other than {@code hidden_size / num_attention_heads}, activations other than SiLU / tanh-GELU) are
 * refused with an error rather than computed differently from the original.
 */
public final class HfModelDirectory {

    /** The {@code model_type} values this importer reads. */
    public static final List<String> SUPPORTED = List.of("llama", "mistral", "qwen2", "gpt2");

    private static final Map<String, String> ARCHITECTURES = Map.of(
            "LlamaForCausalLM", "llama", "MistralForCausalLM", "mistral", "Qwen2ForCausalLM", "qwen2",
            "GPT2LMHeadModel", "gpt2");

    private HfModelDirectory() {
    }

    public static ModelDefinition load(Path dir) {
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new CheckpointException(dir + " has no config.json; a Hugging Face model directory needs "
                    + "config.json and *.safetensors weights");
        }
        JsonConfig config = JsonConfig.read(configFile);
        String type = modelType(config);
        ModelIdentity identity = new ModelIdentity(dir.toAbsolutePath().normalize().getFileName().toString(),
                config.tokenId("bos_token_id"), config.tokenId("eos_token_id"));
        if (type.equals("gpt2")) {
            return new Gpt2Model(gpt2Config(config), new MapWeightStore(gpt2Weights(dir), dir.toString()), identity);
        }
        LlamaConfig llama = llamaConfig(config, type);
        return new LlamaModel(llama, new MapWeightStore(readWeights(dir, name -> name), dir.toString()), identity);
    }

    private static String modelType(JsonConfig config) {
        String type = config.getString("model_type", null);
        if (type == null && config.has("architectures") && config.root().get("architectures").isJsonArray()
                && config.root().getAsJsonArray("architectures").size() > 0) {
            String architecture = config.root().getAsJsonArray("architectures").get(0).getAsString();
            type = ARCHITECTURES.getOrDefault(architecture, architecture);
        }
        if (type == null || !SUPPORTED.contains(type)) {
            throw new CheckpointException("unsupported architecture " + (type == null ? "(no model_type or architectures)"
                    : "'" + type + "'") + " in " + config.file() + "; supported model_type values: "
                    + String.join(", ", SUPPORTED) + " (or architectures " + new TreeSet<>(ARCHITECTURES.keySet()) + ")");
        }
        return type;
    }

    private static LlamaConfig llamaConfig(JsonConfig c, String type) {
        int dim = c.requireInt("hidden_size");
        int heads = c.requireInt("num_attention_heads");
        if (c.has("head_dim") && c.getInt("head_dim", 0) != dim / heads) {
            throw new CheckpointException(c.file() + ": head_dim " + c.getInt("head_dim", 0) + " differs from hidden_size / "
                    + "num_attention_heads = " + dim / heads + "; such models are not supported yet");
        }
        if (c.has("rope_scaling")) {
            throw new CheckpointException(c.file() + ": rope_scaling " + c.root().get("rope_scaling")
                    + " is not supported; only plain RoPE (rope_scaling null) is implemented");
        }
        String act = c.getString("hidden_act", "silu");
        if (!act.equals("silu")) {
            throw new CheckpointException(c.file() + ": hidden_act '" + act + "' is not supported; expected 'silu'");
        }
        boolean bias = type.equals("qwen2") || c.getBoolean("attention_bias", false);
        try {
            return new LlamaConfig(dim, c.requireInt("intermediate_size"), c.requireInt("num_hidden_layers"), heads,
                    c.getInt("num_key_value_heads", heads), c.requireInt("vocab_size"),
                    c.getInt("max_position_embeddings", 2048), c.getFloat("rms_norm_eps", 1e-6f),
                    c.getFloat("rope_theta", 10000f), RopeLayout.HALF, c.getBoolean("tie_word_embeddings", false), bias);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(c.file() + " describes an invalid " + type + " model: " + e.getMessage(), e);
        }
    }

    private static Gpt2Config gpt2Config(JsonConfig c) {
        String act = c.getString("activation_function", "gelu_new");
        if (!act.equals("gelu_new") && !act.equals("gelu_pytorch_tanh")) {
            throw new CheckpointException(c.file() + ": activation_function '" + act
                    + "' is not supported; expected 'gelu_new' (tanh-approximated GELU)");
        }
        int dim = c.requireInt("n_embd");
        try {
            return new Gpt2Config(dim, c.getInt("n_inner", 4 * dim), c.requireInt("n_layer"), c.requireInt("n_head"),
                    c.requireInt("vocab_size"), c.getInt("n_positions", c.getInt("n_ctx", 1024)),
                    c.getFloat("layer_norm_epsilon", 1e-5f));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(c.file() + " describes an invalid gpt2 model: " + e.getMessage(), e);
        }
    }

    /** GPT-2 files saved from GPT2Model lack the {@code transformer.} prefix; the tied lm_head is dropped. */
    private static Map<String, FloatTensor> gpt2Weights(Path dir) {
        return readWeights(dir, name -> {
            if (name.equals("lm_head.weight") || name.endsWith(".attn.bias") || name.endsWith(".attn.masked_bias")) {
                return null;
            }
            return name.startsWith("transformer.") ? name : "transformer." + name;
        });
    }

    /** Reads every float tensor of the directory's safetensors files, renamed (null drops a tensor). */
    private static Map<String, FloatTensor> readWeights(Path dir, UnaryOperator<String> rename) {
        Map<String, FloatTensor> weights = new LinkedHashMap<>();
        for (Path file : safetensorsFiles(dir)) {
            SafetensorsFile st = SafetensorsFile.open(file);
            for (SafetensorsFile.Entry e : st.entries().values()) {
                String name = rename.apply(e.name());
                if (name == null || e.name().contains("rotary_emb.inv_freq") || !DTypes.isFloat(e.dtype())) {
                    continue;
                }
                if (weights.put(name, st.read(e.name())) != null) {
                    throw new CheckpointException("weight '" + name + "' appears twice in the safetensors files of " + dir);
                }
            }
        }
        return weights;
    }

    private static List<Path> safetensorsFiles(Path dir) {
        Path index = dir.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(index)) {
            JsonConfig json = JsonConfig.read(index);
            if (!json.has("weight_map") || !json.root().get("weight_map").isJsonObject()) {
                throw new CheckpointException(index + " lacks the 'weight_map' object from tensor names to shard files");
            }
            TreeSet<String> shards = new TreeSet<>();
            json.root().getAsJsonObject("weight_map").entrySet().forEach(e -> shards.add(e.getValue().getAsString()));
            List<Path> files = new ArrayList<>();
            for (String shard : shards) {
                Path file = dir.resolve(shard);
                if (!Files.isRegularFile(file)) {
                    throw new CheckpointException(index + " lists shard '" + shard + "' but " + file + " does not exist");
                }
                files.add(file);
            }
            return files;
        }
        if (Files.isRegularFile(dir.resolve("model.safetensors"))) {
            return List.of(dir.resolve("model.safetensors"));
        }
        try (Stream<Path> listing = Files.list(dir)) {
            List<Path> files = listing.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
            if (files.isEmpty()) {
                throw new CheckpointException(dir + " has no *.safetensors weights (PyTorch .bin weights are not read; "
                        + "convert them with safetensors' convert script or save_pretrained(safe_serialization=True))");
            }
            return files;
        } catch (IOException e) {
            throw new CheckpointException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
