package dev.attnlab.harness.defaults;

import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.MapWeightStore;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.ModelIdentity;
import dev.attnlab.harness.model.RopeLayout;
import dev.attnlab.harness.model.io.SafetensorsFile;
import dev.attnlab.harness.model.io.SafetensorsWriter;
import dev.attnlab.harness.tokenize.DefaultTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The project's own model, tokenizer and text, made by code, so that {@code attnlab quickstart} needs nothing
 * but Maven Central: {@code embedded:default} as a checkpoint, tokenizer or data source.
 *
 * <p>The model is a small Llama ({@link #randomInitConfig(int)}: dim 64, 4 layers, 4 heads, 2 KV heads,
 * hidden 172, context 2048, vocabulary of the {@link DefaultTokenizer}). When trained weights are present
 * ({@value #WEIGHTS_FILE}, a safetensors file whose {@code __metadata__} holds the config, the tokenizer's
 * fingerprint and the command that trained it; see {@link #writeTrained}) they are used and the model is
 * called {@code attnlab-default (trained)}; until then the model is a deterministic random initialisation
 * called {@code attnlab-default (random-init)}, so that plumbing, parity and timing work while quality
 * numbers are meaningless.
 */
public final class EmbeddedDefault {

    /** The spec that names the embedded default as checkpoint, tokenizer or data source. */
    public static final String SPEC = "embedded:default";
    /** The name of the trained weights next to this class (in the module's resources) or in a directory. */
    public static final String WEIGHTS_FILE = "default-model.safetensors";
    /** The seed of the random initialisation used until trained weights exist. */
    public static final long RANDOM_INIT_SEED = 0x5EEDL;
    static final String FORMAT = "attnlab-default-v1";

    private final Optional<Path> directory; // empty: the module's resources

    private EmbeddedDefault(Optional<Path> directory) {
        this.directory = directory;
    }

    /** The embedded default as shipped: trained weights from the harness's resources when present. */
    public static EmbeddedDefault fromResources() {
        return new EmbeddedDefault(Optional.empty());
    }

    /**
     * The embedded default with trained weights looked up in {@code dir} instead of the resources (for the
     * trainer to check what it wrote, and for tests).
     */
    public static EmbeddedDefault fromDirectory(Path dir) {
        return new EmbeddedDefault(Optional.of(dir));
    }

    /**
     * The model a checkpoint spec {@code embedded:<name>} names, for
     * {@code Checkpoints.load(spec, baseDir, EmbeddedDefault::checkpoint)}.
     *
     * @throws IllegalArgumentException for a name other than {@code default}, listing the allowed one
     */
    public static ModelDefinition checkpoint(String name) {
        if (!"default".equals(name)) {
            throw new IllegalArgumentException("unknown embedded checkpoint 'embedded:" + name + "'; the only one is "
                    + SPEC);
        }
        return fromResources().model();
    }

    /** attnlab's own tokenizer, {@link DefaultTokenizer#embedded()}. */
    public DefaultTokenizer tokenizer() {
        return DefaultTokenizer.embedded();
    }

    /** Text of the synthetic corpus of {@code seed}: whole documents holding at least {@code tokens} tokens. */
    public String corpusText(long seed, int tokens) {
        return new SyntheticCorpus(seed).textForTokens(tokenizer(), tokens);
    }

    /** Exactly {@code tokens} ids of the synthetic corpus of {@code seed} (each document after a BOS). */
    public int[] corpusTokens(long seed, int tokens) {
        return new SyntheticCorpus(seed).tokens(tokenizer(), tokens);
    }

    /** The architecture of the default model for a vocabulary of {@code vocabSize} tokens. */
    public static LlamaConfig randomInitConfig(int vocabSize) {
        return LlamaConfig.llama2c(64, 172, 4, 4, 2, vocabSize, 2048, true);
    }

    /** Whether trained weights are present. */
    public boolean trained() {
        try (InputStream in = open().orElse(null)) {
            return in != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The default model: the trained weights when present, else the random initialisation of
     * {@link #RANDOM_INIT_SEED}; {@code info().name()} says which.
     *
     * @throws IllegalStateException when trained weights exist but were made for another vocabulary or format
     */
    public LlamaModel model() {
        DefaultTokenizer tokenizer = tokenizer();
        Optional<InputStream> weights = open();
        if (weights.isEmpty()) {
            LlamaModel random = LlamaModel.randomInit(randomInitConfig(tokenizer.vocabSize()), RANDOM_INIT_SEED);
            return new LlamaModel(random.config(), random.weights(), identity("random-init"));
        }
        return loadTrained(weights.get(), tokenizer);
    }

    private static ModelIdentity identity(String kind) {
        return new ModelIdentity(DefaultTokenizer.NAME + " (" + kind + ")", 1, 2);
    }

    private Optional<InputStream> open() {
        if (directory.isPresent()) {
            Path file = directory.get().resolve(WEIGHTS_FILE);
            try {
                return Files.isRegularFile(file) ? Optional.of(Files.newInputStream(file)) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return Optional.ofNullable(EmbeddedDefault.class.getResourceAsStream(WEIGHTS_FILE));
    }

    private String where() {
        return directory.map(d -> d.resolve(WEIGHTS_FILE).toString())
                .orElse("harness resource dev/attnlab/harness/defaults/" + WEIGHTS_FILE);
    }

    private LlamaModel loadTrained(InputStream in, DefaultTokenizer tokenizer) {
        Path temp = null;
        try (in) {
            // SafetensorsFile reads through a FileChannel, and a resource inside a jar is no file.
            temp = Files.createTempFile("attnlab-default-", ".safetensors");
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            SafetensorsFile file = SafetensorsFile.open(temp);
            Map<String, String> meta = file.metadata();
            if (!FORMAT.equals(meta.get("format"))) {
                throw new IllegalStateException("the default model weights " + where() + " have format '"
                        + meta.get("format") + "', expected '" + FORMAT + "'; write them with "
                        + "EmbeddedDefault.writeTrained");
            }
            String fingerprint = meta.get("tokenizer_fingerprint");
            if (!tokenizer.fingerprint().equals(fingerprint)) {
                throw new IllegalStateException("the default model weights " + where() + " were trained for a "
                        + "tokenizer with fingerprint " + fingerprint + " but the default tokenizer now has "
                        + tokenizer.fingerprint() + " (its vocabulary file changed); restore default-vocab.txt or "
                        + "retrain the model with: " + meta.getOrDefault("command", "attnlab train"));
            }
            LlamaConfig config = configFrom(meta);
            return new LlamaModel(config, new MapWeightStore(file.readAll(), where()), identity("trained"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default model weights " + where(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }

    private LlamaConfig configFrom(Map<String, String> meta) {
        try {
            return new LlamaConfig(integer(meta, "dim"), integer(meta, "hidden_dim"), integer(meta, "layers"),
                    integer(meta, "heads"), integer(meta, "kv_heads"), integer(meta, "vocab_size"),
                    integer(meta, "max_seq_len"), Float.parseFloat(meta.get("norm_eps")),
                    Float.parseFloat(meta.get("rope_theta")), RopeLayout.valueOf(meta.get("rope_layout")),
                    Boolean.parseBoolean(meta.get("shared_classifier")), false);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the default model weights " + where() + " carry an invalid config in "
                    + "their metadata " + meta + ": " + e.getMessage(), e);
        }
    }

    private static int integer(Map<String, String> meta, String key) {
        String value = meta.get(key);
        if (value == null) {
            throw new IllegalArgumentException("metadata key '" + key + "' is missing");
        }
        return Integer.parseInt(value);
    }

    /**
     * Writes {@code model}'s weights and config as {@code dir/}{@value #WEIGHTS_FILE}, the form
     * {@link #model()} loads; {@code command} (how to reproduce the weights) is stored with them. To ship
     * them, write into {@code harness/src/main/resources/dev/attnlab/harness/defaults}.
     */
    public static Path writeTrained(LlamaModel model, Path dir, String command) {
        LlamaConfig c = model.config();
        if (c.attentionBias()) {
            throw new IllegalArgumentException("the default model has no attention biases");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("dim", Integer.toString(c.dim()));
        meta.put("hidden_dim", Integer.toString(c.hiddenDim()));
        meta.put("layers", Integer.toString(c.layers()));
        meta.put("heads", Integer.toString(c.heads()));
        meta.put("kv_heads", Integer.toString(c.kvHeads()));
        meta.put("vocab_size", Integer.toString(c.vocabSize()));
        meta.put("max_seq_len", Integer.toString(c.maxSeqLen()));
        meta.put("norm_eps", Float.toString(c.normEps()));
        meta.put("rope_theta", Float.toString(c.ropeTheta()));
        meta.put("rope_layout", c.ropeLayout().name());
        meta.put("shared_classifier", Boolean.toString(c.sharedClassifier()));
        meta.put("tokenizer_fingerprint", DefaultTokenizer.embedded().fingerprint());
        meta.put("command", command);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        for (String name : model.weights().names()) {
            tensors.put(name, model.weights().get(name).orElseThrow());
        }
        Path file = dir.resolve(WEIGHTS_FILE);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        SafetensorsWriter.write(file, tensors, meta);
        return file;
    }
}
