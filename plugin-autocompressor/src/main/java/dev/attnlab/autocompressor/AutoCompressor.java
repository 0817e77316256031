package dev.attnlab.autocompressor;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.compress.CompressionContext;
import dev.attnlab.api.compress.Compressor;
import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.model.ModelInfo;
import dev.attnlab.api.tensor.FloatTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The {@code autocompressor} compressor (Chevalier et al. 2023, "Adapting Language Models to Compress
 * Contexts"): each segment of the context is read together with learned summary tokens, and the model's
 * final hidden states at those tokens become summary vectors that later segments and the continuation
 * read as a soft prompt. See docs/methods/autocompressor.md.
 *
 * <p>{@link #create} loads the summary-token embeddings named by {@code embeddings} and checks them
 * against the model; it fails with the command that trains them when the option is missing.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class AutoCompressor implements Compressor {

    public static final String ID = "autocompressor";

    /** How to make an embeddings file, quoted in errors. */
    static final String HOW_TO_TRAIN = "train them with `attnlab train-autocompressor CONFIG.toml --method LABEL` "
            + "(see docs/methods/autocompressor.md) or split a released AutoCompressor checkpoint with the "
            + "harness's AutoCompressorCheckpoint";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "compresses segments into learned summary vectors, passed on as a soft prompt";
    }

    @Override
    public ConfigSchema configSchema() {
        return AutoCompressorSettings.SCHEMA;
    }

    @Override
    public SummaryCompressor create(CompressionContext context, Settings settings) {
        AutoCompressorSettings s = AutoCompressorSettings.from(settings);
        FloatTensor embeddings = loadEmbeddings(s, settings, context.model().info());
        ModelInfo info = context.model().info();
        int longest = s.summaryVectors() + s.longestSegment() + s.summaryVectors();
        if (longest > info.maxContext()) {
            throw new ConfigException(settings.keyPath("segment_length"), "a segment of " + s.longestSegment()
                    + " tokens with " + s.summaryVectors() + " summary tokens (and a soft prompt of at least as many)"
                    + " needs " + longest + " positions but model '" + info.name() + "' takes " + info.maxContext()
                    + "; use shorter segments");
        }
        return new SummaryCompressor(context.model(), embeddings, s);
    }

    private static FloatTensor loadEmbeddings(AutoCompressorSettings s, Settings settings, ModelInfo model) {
        String key = settings.keyPath("embeddings");
        if (s.embeddings().isBlank()) {
            throw new ConfigException(key, "no summary-token embeddings given: set it to a safetensors file "
                    + "holding " + AutoCompressorSettings.TENSOR + " [" + s.summaryVectors() + ", " + model.dim()
                    + "]; " + HOW_TO_TRAIN);
        }
        Path file = Path.of(s.embeddings());
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(key, "summary-token embeddings file " + file.toAbsolutePath()
                    + " does not exist; " + HOW_TO_TRAIN);
        }
        FloatTensor table;
        try {
            table = SafetensorsReader.read(file, AutoCompressorSettings.TENSOR);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage());
        }
        long[] expected = {s.summaryVectors(), model.dim()};
        if (!Arrays.equals(table.shape(), expected)) {
            throw new ConfigException(key, file + ": " + AutoCompressorSettings.TENSOR + " has shape "
                    + Arrays.toString(table.shape()) + " but summary_vectors = " + s.summaryVectors()
                    + " and model '" + model.name() + "' has dim " + model.dim() + " need "
                    + Arrays.toString(expected));
        }
        return table;
    }
}
