package dev.attnlab.harness.model.io;

import dev.attnlab.harness.defaults.EmbeddedDefault;
import dev.attnlab.harness.model.ModelDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * Resolves a checkpoint spec, as written in an experiment's {@code [model] checkpoint} or on the command
 * line, to a model: a llama2.c {@code .bin} file, a Hugging Face model directory, or
 * {@code embedded:<name>} for a model the harness makes itself. Relative paths are resolved against the
 * experiment file's directory. Exported {@code .onnx} files carry a graph rather than weights and are
 * opened by the ONNX runtime loader instead.
 */
public final class Checkpoints {

    /** The prefix of specs that name a model built into the harness, e.g. {@code embedded:default}. */
    public static final String EMBEDDED_PREFIX = "embedded:";

    private Checkpoints() {
    }

    /**
     * Loads {@code spec} relative to {@code baseDir}, handing {@code embedded:<name>} specs to
     * {@code embedded} (given the name after the prefix).
     */
    public static ModelDefinition load(String spec, Path baseDir, Function<String, ModelDefinition> embedded) {
        if (spec == null || spec.isBlank()) {
            throw new CheckpointException("the checkpoint is empty; give a llama2.c .bin file, a Hugging Face model "
                    + "directory (config.json + *.safetensors), or embedded:default");
        }
        if (spec.startsWith(EMBEDDED_PREFIX)) {
            return embedded.apply(spec.substring(EMBEDDED_PREFIX.length()));
        }
        Path path = baseDir.resolve(spec).normalize();
        if (!Files.exists(path)) {
            throw new CheckpointException("checkpoint '" + spec + "' not found: " + path + " does not exist");
        }
        String file = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(path)) {
            return HfModelDirectory.load(path);
        }
        if (file.endsWith(".bin")) {
            return Llama2cLoader.load(path);
        }
        if (file.endsWith(".onnx")) {
            throw new CheckpointException(path + " is an exported ONNX graph, not a checkpoint with weights: open it "
                    + "with the ONNX runtime loader (attnlab run reads .onnx checkpoints directly)");
        }
        if (file.endsWith(".safetensors")) {
            throw new CheckpointException(path + " is a bare safetensors file; give the directory that holds it "
                    + "together with its config.json");
        }
        throw new CheckpointException("checkpoint '" + spec + "' (" + path + ") has an unknown format; expected a "
                + "llama2.c .bin file, a Hugging Face model directory with config.json, an exported .onnx, "
                + "or embedded:default");
    }

    /**
     * {@link #load(String, Path, Function)} with the harness's own embedded models
     * ({@link EmbeddedDefault#checkpoint}): {@code embedded:default} is the default model as shipped.
     */
    public static ModelDefinition load(String spec, Path baseDir) {
        return load(spec, baseDir, EmbeddedDefault::checkpoint);
    }
}
