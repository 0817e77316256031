package dev.attnlab.harness.defaults;

import dev.attnlab.api.model.GenerationOptions;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.model.ModelInfo;
import dev.attnlab.api.model.TextTokenizer;
import dev.attnlab.harness.config.DataSpec;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Turns an experiment's {@code [data]} section into token ids. Sources:
 * <ul>
 *   <li>{@code embedded:default}: the {@link SyntheticCorpus} of the experiment's seed, each document after
 *       the tokenizer's BOS, encoded with the model's tokenizer;</li>
 *   <li>a UTF-8 text file (resolved against the experiment's directory), encoded whole with the model's
 *       tokenizer; {@code wikitext:<file>} reads a WikiText file as prose first ({@link WikiText});</li>
 *   <li>{@code model-samples}: ids the reference model samples itself (temperature 1, no top-p), for models
 *       without a tokenizer such as stories260K here. The stream is made of segments, each a BOS followed by
 *       up to {@code maxContext - 1} sampled tokens, segment {@code s} seeded with {@code seed + s}.</li>
 * </ul>
 * {@code [data] offset} ids are skipped, then exactly {@code [data] tokens} are returned.
 */
public final class DataSources {

    /** The source of tokens sampled from the model itself. */
    public static final String MODEL_SAMPLES = "model-samples";

    private DataSources() {
    }

    /**
     * Loads the tokens of {@code spec}.
     *
     * @param spec      the {@code [data]} section
     * @param baseDir   the experiment file's directory, against which file paths are resolved
     * @param tokenizer the model's tokenizer, or null for a token-level model (then only {@code model-samples}
     *                  works)
     * @param info      the model's info (its name for messages, BOS and context length for sampling)
     * @param sampler   supplies the reference model, asked for only by {@code model-samples} (may be null for
     *                  other sources); the caller owns the model and closes it
     * @param seed      the experiment's seed
     * @throws IllegalArgumentException naming the source, file and counts when the tokens cannot be had
     */
    public static DataTokens load(DataSpec spec, Path baseDir, TextTokenizer tokenizer, ModelInfo info,
                                  Supplier<LanguageModel> sampler, long seed) {
        String source = spec.source();
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("[data] source is empty; give " + EmbeddedDefault.SPEC + ", "
                    + MODEL_SAMPLES + ", or a text file");
        }
        if (spec.tokens() <= 0) {
            throw new IllegalArgumentException("[data] tokens must be > 0, was " + spec.tokens());
        }
        if (spec.offset() < 0) {
            throw new IllegalArgumentException("[data] offset must be >= 0, was " + spec.offset());
        }
        int needed = Math.addExact(spec.offset(), spec.tokens());
        if (source.equals(MODEL_SAMPLES)) {
            if (sampler == null) {
                throw new IllegalArgumentException("[data] source " + MODEL_SAMPLES + " needs the reference model "
                        + info.name() + " to sample from, and none was given");
            }
            int[] ids = sample(sampler.get(), needed, seed);
            return slice(ids, spec, "model-samples of " + info.name() + " (seed " + seed + ", temperature 1, "
                    + "segments of BOS + up to " + (info.maxContext() - 1) + " sampled tokens)");
        }
        if (tokenizer == null) {
            throw new IllegalArgumentException("[data] source '" + source + "' is text, but model " + info.name()
                    + " has no tokenizer (it is token-level here): set [model] tokenizer, or use [data] source = \""
                    + MODEL_SAMPLES + "\" to evaluate on tokens the model samples itself");
        }
        if (source.equals(EmbeddedDefault.SPEC)) {
            int[] ids = new SyntheticCorpus(seed).tokens(tokenizer, needed);
            return slice(ids, spec, EmbeddedDefault.SPEC + " synthetic corpus (seed " + seed + ") tokenized with "
                    + tokenizer.name());
        }
        boolean wikiText = source.startsWith(WikiText.SOURCE_PREFIX);
        String fileSpec = wikiText ? source.substring(WikiText.SOURCE_PREFIX.length()) : source;
        Path file = baseDir.resolve(fileSpec).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("[data] source '" + source + "' not found: " + file
                    + " is not a file (give a UTF-8 text file, " + EmbeddedDefault.SPEC + " or " + MODEL_SAMPLES + ")");
        }
        int[] ids = tokenizer.encode(wikiText ? WikiText.read(file) : readText(file));
        if (ids.length < needed) {
            throw new IllegalArgumentException("[data] source " + file + " has " + ids.length + " tokens (with "
                    + tokenizer.name() + ") but [data] offset " + spec.offset() + " + tokens " + spec.tokens()
                    + " = " + needed + " are needed; lower them or give a longer file");
        }
        return slice(ids, spec, (wikiText ? "WikiText " : "") + file + " tokenized with " + tokenizer.name());
    }

    static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("[data] source " + file + " is not UTF-8 text: " + e, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read [data] source " + file + ": " + e, e);
        }
    }

    /**
     * {@code count} ids sampled from {@code model}: segments of BOS plus sampled tokens, each within the
     * model's context, segment {@code s} seeded with {@code seed + s}.
     */
    public static int[] sample(LanguageModel model, int count, long seed) {
        ModelInfo info = model.info();
        if (info.bosToken() < 0) {
            throw new IllegalArgumentException("[data] source " + MODEL_SAMPLES + " starts every sample at BOS, but "
                    + "model " + info.name() + " has no BOS token; use a text source with its tokenizer");
        }
        if (info.maxContext() < 2) {
            throw new IllegalArgumentException("model " + info.name() + " has a context of " + info.maxContext()
                    + " tokens; " + MODEL_SAMPLES + " needs at least 2");
        }
        int[] out = new int[count];
        int filled = 0;
        for (long segment = 0; filled < count; segment++) {
            out[filled++] = info.bosToken();
            int want = Math.min(info.maxContext() - 1, count - filled);
            if (want == 0) {
                break;
            }
            int[] generated = model.generate(new int[] {info.bosToken()},
                    GenerationOptions.sampled(want, 1.0, 1.0, seed + segment));
            if (generated.length == 0) {
                throw new IllegalStateException("model " + info.name() + " generated no tokens for "
                        + MODEL_SAMPLES + " segment " + segment);
            }
            int take = Math.min(generated.length, count - filled);
            System.arraycopy(generated, 0, out, filled, take);
            filled += take;
        }
        return out;
    }

    private static DataTokens slice(int[] ids, DataSpec spec, String provenance) {
        int[] window = Arrays.copyOfRange(ids, spec.offset(), spec.offset() + spec.tokens());
        String where = spec.offset() == 0 ? "" : ", from token " + spec.offset();
        return new DataTokens(window, provenance + where + ", " + spec.tokens() + " tokens");
    }
}
