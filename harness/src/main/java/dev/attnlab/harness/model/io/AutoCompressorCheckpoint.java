package dev.attnlab.harness.model.io;

import dev.attnlab.api.tensor.FloatTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Imports a released Llama-based AutoCompressor checkpoint (a Hugging Face directory) by splitting it into
 * a plain Llama model directory, which {@link HfModelDirectory} loads, and a summary-embeddings file,
 * which the {@code autocompressor} plugin's {@code embeddings} option reads.
 *
 * <p>Two layouts of the summary-token embeddings are recognised: a separate {@code embed_summary.weight}
 * {@code [kappa, dim]} tensor (the original implementation keeps them in their own embedding module), or
 * kappa extra rows appended to {@code model.embed_tokens.weight} beyond {@code vocab_size} (checkpoints
 * that grew the vocabulary instead). When {@code config.json} has {@code summary_length}, kappa must
 * match it. OPT-based AutoCompressors are refused: the harness has no OPT model. Tensors are converted in
 * memory, so a 7B checkpoint needs memory for its float32 weights.
 */
public final class AutoCompressorCheckpoint {

    /** The separate summary-embedding tensor of the original implementation. */
    public static final String SEPARATE_TENSOR = "embed_summary.weight";
    /** The file written next to the model, holding {@link #SUMMARY_TENSOR}. */
    public static final String SUMMARY_FILE = "autocompressor-summary.safetensors";
    /** The tensor name the {@code autocompressor} plugin reads (its {@code embeddings} option). */
    public static final String SUMMARY_TENSOR = "autocompressor.summary_embeddings";

    private static final String EMBED = "model.embed_tokens.weight";
    private static final String LM_HEAD = "lm_head.weight";

    private AutoCompressorCheckpoint() {
    }

    /**
     * What {@link #split} wrote.
     *
     * @param modelDir          the plain Llama directory (config.json, model.safetensors, tokenizer files)
     * @param summaryEmbeddings the summary-embeddings file inside it
     * @param summaryVectors    kappa
     * @param layout            {@code separate} or {@code appended-rows}
     */
    public record Imported(Path modelDir, Path summaryEmbeddings, int summaryVectors, String layout) {
    }

    /** Splits the AutoCompressor checkpoint in {@code sourceDir} into {@code targetDir} (created if needed). */
    public static Imported split(Path sourceDir, Path targetDir) {
        JsonConfig config = JsonConfig.read(sourceDir.resolve("config.json"));
        String type = config.getString("model_type", "");
        if (!type.equals("llama")) {
            throw new CheckpointException(config.file() + ": model_type '" + type + "' is not supported by the "
                    + "AutoCompressor importer; only Llama-based AutoCompressors are (the harness has no OPT model)");
        }
        int vocab = config.requireInt("vocab_size");
        int dim = config.requireInt("hidden_size");
        Map<String, FloatTensor> weights = readAll(sourceDir);
        FloatTensor embed = weights.get(EMBED);
        if (embed == null || embed.rank() != 2 || embed.dim(1) != dim || embed.dim(0) < vocab) {
            throw new CheckpointException(sourceDir + ": expected " + EMBED + " [>= " + vocab + ", " + dim + "], found "
                    + (embed == null ? "none" : Arrays.toString(embed.shape())));
        }
        FloatTensor summary;
        String layout;
        if (weights.containsKey(SEPARATE_TENSOR)) {
            summary = weights.remove(SEPARATE_TENSOR);
            layout = "separate";
            if (summary.rank() != 2 || summary.dim(1) != dim) {
                throw new CheckpointException(sourceDir + ": " + SEPARATE_TENSOR + " has shape "
                        + Arrays.toString(summary.shape()) + "; expected [summary_length, " + dim + "]");
            }
        } else if (embed.dim(0) > vocab) {
            summary = rows(embed, vocab, (int) embed.dim(0));
            layout = "appended-rows";
        } else {
            throw new CheckpointException(sourceDir + " holds no summary-token embeddings: neither a "
                    + SEPARATE_TENSOR + " tensor nor rows of " + EMBED + " beyond vocab_size " + vocab
                    + "; is this an AutoCompressor checkpoint?");
        }
        int kappa = (int) summary.dim(0);
        int declared = config.getInt("summary_length", kappa);
        if (declared != kappa) {
            throw new CheckpointException(config.file() + ": summary_length is " + declared + " but the checkpoint holds "
                    + kappa + " summary-token embeddings (" + layout + ")");
        }
        weights.put(EMBED, rows(embed, 0, vocab));
        FloatTensor head = weights.get(LM_HEAD);
        if (head != null && head.rank() == 2 && head.dim(0) > vocab) {
            weights.put(LM_HEAD, rows(head, 0, vocab));
        }
        return write(sourceDir, targetDir, weights, summary, layout);
    }

    private static Imported write(Path sourceDir, Path targetDir, Map<String, FloatTensor> weights, FloatTensor summary,
                                  String layout) {
        try {
            Files.createDirectories(targetDir);
            try (Stream<Path> files = Files.list(sourceDir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String name = file.getFileName().toString();
                    if (!name.endsWith(".safetensors") && !name.equals("model.safetensors.index.json")) {
                        Files.copy(file, targetDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot copy " + sourceDir + " to " + targetDir + ": " + e.getMessage(), e);
        }
        SafetensorsWriter.write(targetDir.resolve("model.safetensors"), weights,
                Map.of("attnlab.source", sourceDir.toAbsolutePath().toString()));
        Path summaryFile = targetDir.resolve(SUMMARY_FILE);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("attnlab.format", "attnlab-autocompressor-v1");
        metadata.put("attnlab.source", sourceDir.toAbsolutePath().toString());
        metadata.put("attnlab.layout", layout);
        SafetensorsWriter.write(summaryFile, Map.of(SUMMARY_TENSOR, summary), metadata);
        return new Imported(targetDir, summaryFile, (int) summary.dim(0), layout);
    }

    private static Map<String, FloatTensor> readAll(Path dir) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(dir)) {
            listing.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new CheckpointException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new CheckpointException(dir + " has no *.safetensors weights");
        }
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Path file : files) {
            SafetensorsFile st = SafetensorsFile.open(file);
            for (SafetensorsFile.Entry e : st.entries().values()) {
                String name = e.name();
                if (!DTypes.isFloat(e.dtype()) || name.contains("rotary_emb.inv_freq")) {
                    continue; // integer buffers and RoPE tables are not weights the harness loads
                }
                if (out.put(name, st.read(name)) != null) {
                    throw new CheckpointException("tensor '" + name + "' appears twice in the safetensors files of " + dir);
                }
            }
        }
        return out;
    }

    private static FloatTensor rows(FloatTensor table, int from, int to) {
        int width = (int) table.dim(1);
        return new FloatTensor(new long[] {to - from, width},
                Arrays.copyOfRange(table.data(), from * width, to * width));
    }
}
