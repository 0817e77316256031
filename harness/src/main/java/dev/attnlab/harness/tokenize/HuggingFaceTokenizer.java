package dev.attnlab.harness.tokenize;

import ai.djl.engine.EngineException;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.attnlab.api.model.TextTokenizer;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json}, run by DJL's binding of the Rust {@code tokenizers} library and read
 * from a local file only (nothing is fetched from the Hub).
 *
 * <p>DJL's jar bundles the native library for linux-x86_64, linux-aarch64, osx-aarch64 and win-x86_64 and
 * extracts it into its cache ({@code ~/.djl.ai/tokenizers}, or {@code DJL_CACHE_DIR}) on first use, which
 * works offline; only on other platforms would DJL try to download it. Set {@code OPT_OUT_TRACKING=true} so
 * that DJL sends no telemetry.
 *
 * <p>The vocabulary size and the BOS/EOS tokens are not exposed by DJL, so they are read from the JSON:
 * the size is one more than the largest id of the model's vocabulary and the added tokens; BOS and EOS come
 * from a {@code tokenizer_config.json} next to the file when there is one, else from the usual special
 * token names ({@code <s>}, {@code </s>}, {@code <|endoftext|>}, {@code <|begin_of_text|>}, ...).
 * Encoding adds no special tokens and never truncates or pads.
 */
public final class HuggingFaceTokenizer implements TextTokenizer, AutoCloseable {

    private static final List<String> BOS_NAMES = List.of("<s>", "<|begin_of_text|>", "<|startoftext|>", "<bos>",
            "<|im_start|>");
    private static final List<String> EOS_NAMES = List.of("</s>", "<|end_of_text|>", "<|endoftext|>", "<eos>",
            "<|im_end|>");

    private final String name;
    private final ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tokenizer;
    private final int vocabSize;
    private final int bos;
    private final int eos;

    private HuggingFaceTokenizer(String name, ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tokenizer,
                                 int vocabSize, int bos, int eos) {
        this.name = name;
        this.tokenizer = tokenizer;
        this.vocabSize = vocabSize;
        this.bos = bos;
        this.eos = eos;
    }

    /**
     * Loads {@code file} (a {@code tokenizer.json}).
     *
     * @throws TokenizerException naming the file when it is missing or malformed, or when DJL's native
     *                            library cannot be loaded on this platform
     */
    public static HuggingFaceTokenizer load(Path file) {
        Path path = file.toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new TokenizerException("tokenizer file " + path + " does not exist (expected a Hugging Face "
                    + "tokenizer.json)");
        }
        JsonObject json = readJson(path);
        Map<String, Integer> specials = new HashMap<>();
        int vocab = vocabularySize(json, path, specials);
        Map<String, String> configured = configuredSpecials(path.resolveSibling("tokenizer_config.json"));
        int bos = special(specials, configured.get("bos_token"), BOS_NAMES);
        int eos = special(specials, configured.get("eos_token"), EOS_NAMES);
        Map<String, String> options = Map.of("addSpecialTokens", "false", "truncation", "false",
                "padding", "false");
        ai.djl.huggingface.tokenizers.HuggingFaceTokenizer djl;
        try {
            djl = ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(path, options);
        } catch (EngineException | UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            throw new TokenizerException("cannot load tokenizer " + path + ": DJL's Hugging Face tokenizers native "
                    + "library failed to load on " + platform() + " (ai.djl.huggingface:tokenizers bundles it for "
                    + "linux-x86_64, linux-aarch64, osx-aarch64 and win-x86_64 and unpacks it into ~/.djl.ai or "
                    + "DJL_CACHE_DIR, which must be writable; on other platforms it would have to be downloaded): "
                    + e, e);
        } catch (IOException | RuntimeException e) {
            throw new TokenizerException("cannot load tokenizer " + path + ": the Hugging Face tokenizers library "
                    + "rejected it: " + e.getMessage(), e);
        }
        return new HuggingFaceTokenizer(path.getFileName().toString(), djl, vocab, bos, eos);
    }

    private static JsonObject readJson(Path path) {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            JsonObject json = new Gson().fromJson(reader, JsonObject.class);
            if (json == null) {
                throw new TokenizerException("tokenizer file " + path + " is empty; expected tokenizer.json");
            }
            return json;
        } catch (IOException | JsonParseException | ClassCastException e) {
            throw new TokenizerException("tokenizer file " + path + " is not valid JSON (" + e.getMessage()
                    + "); expected a Hugging Face tokenizer.json", e);
        }
    }

    /** One more than the largest id in {@code model.vocab} and {@code added_tokens}; collects special tokens. */
    private static int vocabularySize(JsonObject json, Path path, Map<String, Integer> specials) {
        JsonElement model = json.get("model");
        JsonElement vocab = model != null && model.isJsonObject() ? model.getAsJsonObject().get("vocab") : null;
        if (vocab == null) {
            throw new TokenizerException("tokenizer file " + path + " has no model.vocab; expected a Hugging Face "
                    + "tokenizer.json (with \"model\": {\"type\": ..., \"vocab\": ...})");
        }
        int size;
        if (vocab.isJsonArray()) {
            size = vocab.getAsJsonArray().size(); // Unigram: [[piece, score], ...] in id order
        } else {
            size = 0;
            for (Map.Entry<String, JsonElement> e : vocab.getAsJsonObject().entrySet()) {
                size = Math.max(size, e.getValue().getAsInt() + 1);
            }
        }
        JsonElement added = json.get("added_tokens");
        if (added != null && added.isJsonArray()) {
            for (JsonElement t : added.getAsJsonArray()) {
                JsonObject token = t.getAsJsonObject();
                int id = token.get("id").getAsInt();
                size = Math.max(size, id + 1);
                specials.put(token.get("content").getAsString(), id);
            }
        }
        if (size == 0) {
            throw new TokenizerException("tokenizer file " + path + " has an empty vocabulary");
        }
        return size;
    }

    private static Map<String, String> configuredSpecials(Path config) {
        Map<String, String> out = new HashMap<>();
        if (!Files.isRegularFile(config)) {
            return out;
        }
        JsonObject json;
        try (Reader reader = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
            json = new Gson().fromJson(reader, JsonObject.class);
        } catch (IOException | JsonParseException | ClassCastException e) {
            throw new TokenizerException("tokenizer config " + config + " is not valid JSON: " + e.getMessage(), e);
        }
        for (String key : List.of("bos_token", "eos_token")) {
            JsonElement v = json == null ? null : json.get(key);
            if (v != null && v.isJsonPrimitive()) {
                out.put(key, v.getAsString());
            } else if (v != null && v.isJsonObject() && v.getAsJsonObject().has("content")) {
                out.put(key, v.getAsJsonObject().get("content").getAsString());
            }
        }
        return out;
    }

    private static int special(Map<String, Integer> specials, String configured, List<String> usualNames) {
        if (configured != null) {
            return specials.getOrDefault(configured, -1);
        }
        return usualNames.stream().map(specials::get).filter(id -> id != null).findFirst().orElse(-1);
    }

    private static String platform() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT) + "-" + System.getProperty("os.arch");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int bosToken() {
        return bos;
    }

    @Override
    public int eosToken() {
        return eos;
    }

    @Override
    public int[] encode(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        long[] ids = tokenizer.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /** Decodes {@code ids}, leaving out special tokens such as BOS and EOS. */
    @Override
    public String decode(int[] ids) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabSize) {
                throw new IllegalArgumentException("token id " + ids[i] + " is outside tokenizer " + name
                        + " (ids 0.." + (vocabSize - 1) + ")");
            }
            wide[i] = ids[i];
        }
        return tokenizer.decode(wide, true);
    }

    /** The tokenizer's pieces for {@code text}, for display. */
    public List<String> pieces(String text) {
        return List.of(tokenizer.encode(text, false, false).getTokens());
    }

    /** Frees the native tokenizer. */
    @Override
    public void close() {
        tokenizer.close();
    }

    @Override
    public String toString() {
        return "HuggingFaceTokenizer[" + name + ", " + vocabSize + " tokens]";
    }
}
