package dev.attnlab.harness.tokenize;

import dev.attnlab.api.model.ModelInfo;
import dev.attnlab.api.model.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Resolves a {@code [model] tokenizer} spec to a tokenizer, and checks that it fits the model. */
public final class Tokenizers {

    /** The spec of attnlab's own tokenizer ({@link DefaultTokenizer#embedded()}). */
    public static final String EMBEDDED_DEFAULT = "embedded:default";

    /**
     * A model's embedding table may be a little larger than its tokenizer's vocabulary (rows added for speed,
     * as in Qwen2 or GPT-2 padded to 50304); up to this fraction of unused rows is accepted.
     */
    static final double MAX_PADDING_FRACTION = 0.01;

    private Tokenizers() {
    }

    /**
     * Loads the tokenizer {@code spec}: {@code embedded:default}; a path (resolved against {@code baseDir})
     * ending in {@code .json} (Hugging Face tokenizer.json) or in {@code .bin} / {@code .model} (llama2.c's
     * tokenizer.bin format); or a directory holding a {@code tokenizer.json} or {@code tokenizer.bin}.
     *
     * @throws TokenizerException naming the resolved path when it does not exist or has another format
     */
    public static TextTokenizer load(String spec, Path baseDir) {
        if (spec == null || spec.isBlank()) {
            throw new TokenizerException("the tokenizer spec is empty; give a tokenizer.json, a llama2.c "
                    + "tokenizer.bin, or " + EMBEDDED_DEFAULT);
        }
        if (spec.startsWith("embedded:")) {
            if (!spec.equals(EMBEDDED_DEFAULT)) {
                throw new TokenizerException("unknown embedded tokenizer '" + spec + "'; the only one is "
                        + EMBEDDED_DEFAULT);
            }
            return DefaultTokenizer.embedded();
        }
        Path path = baseDir.resolve(spec).toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            for (String candidate : new String[] {"tokenizer.json", "tokenizer.bin"}) {
                if (Files.isRegularFile(path.resolve(candidate))) {
                    return load(path.resolve(candidate).toString(), baseDir);
                }
            }
            throw new TokenizerException("tokenizer directory " + path + " has neither tokenizer.json nor "
                    + "tokenizer.bin; give the tokenizer file itself");
        }
        if (!Files.exists(path)) {
            throw new TokenizerException("tokenizer '" + spec + "' not found: " + path + " does not exist");
        }
        String file = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (file.endsWith(".json")) {
            return HuggingFaceTokenizer.load(path);
        }
        if (file.endsWith(".bin") || file.endsWith(".model")) {
            return Llama2cTokenizer.load(path);
        }
        throw new TokenizerException("tokenizer '" + spec + "' (" + path + ") has an unknown format; expected a "
                + "Hugging Face tokenizer.json, a llama2.c tokenizer.bin (.bin or .model), or " + EMBEDDED_DEFAULT);
    }

    /**
     * Checks that every id {@code tokenizer} makes is a row of the model's output, and that the model has no
     * more rows than the tokenizer explains (allowing up to 1% of unused padding rows).
     *
     * @throws TokenizerException "tokenizer X has N tokens but model Y has M", with what to do
     */
    public static void checkMatches(TextTokenizer tokenizer, ModelInfo model) {
        int n = tokenizer.vocabSize();
        int m = model.vocabSize();
        if (n == m) {
            return;
        }
        boolean padded = n < m && m - n <= MAX_PADDING_FRACTION * m;
        if (!padded) {
            throw new TokenizerException("tokenizer " + tokenizer.name() + " has " + n + " tokens but model "
                    + model.name() + " has " + m + "; give the tokenizer the model was trained with ([model] "
                    + "tokenizer), or leave it out and use [data] source = \"model-samples\" for token-level work");
        }
    }
}
