package dev.attnlab.harness.runtime;

import ai.onnx.proto.OnnxMl;
import dev.attnlab.api.model.ModelInfo;
import dev.attnlab.harness.model.GraphOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an exported .onnx says about itself in {@code metadata_props} (keys {@code attnlab.*}, see
 * docs/export-contract.md), so it can be run without its checkpoint.
 *
 * @param info           the model
 * @param methodLabel    e.g. {@code sliding-window(window=64)}
 * @param strategyId     the attention strategy's provider id
 * @param settings       the strategy's settings as written ({@code {key=value, ...}})
 * @param graphOptions   the exported graph variant
 * @param segmentLengths segment lengths of segmented layers (runs must not cross them); empty if none
 */
public record ExportMetadata(ModelInfo info, String methodLabel, String strategyId, String settings, GraphOptions graphOptions,
                      int[] segmentLengths) {

    static final String PREFIX = "attnlab.";

    Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PREFIX + "version", dev.attnlab.harness.lower.onnx.OnnxGraphRecorder.ATTNLAB_VERSION);
        m.put(PREFIX + "name", info.name());
        m.put(PREFIX + "architecture", info.architecture());
        m.put(PREFIX + "vocab_size", Integer.toString(info.vocabSize()));
        m.put(PREFIX + "max_context", Integer.toString(info.maxContext()));
        m.put(PREFIX + "layers", Integer.toString(info.layers()));
        m.put(PREFIX + "heads", Integer.toString(info.heads()));
        m.put(PREFIX + "kv_heads", Integer.toString(info.kvHeads()));
        m.put(PREFIX + "dim", Integer.toString(info.dim()));
        m.put(PREFIX + "content_hash", info.contentHash());
        m.put(PREFIX + "bos_token", Integer.toString(info.bosToken()));
        m.put(PREFIX + "eos_token", Integer.toString(info.eosToken()));
        m.put(PREFIX + "method", methodLabel);
        m.put(PREFIX + "strategy", strategyId);
        m.put(PREFIX + "settings", settings);
        m.put(PREFIX + "embeddings_input", Boolean.toString(graphOptions.embeddingsInput()));
        m.put(PREFIX + "attention_probabilities", Boolean.toString(graphOptions.attentionProbabilities()));
        m.put(PREFIX + "hidden_states", Boolean.toString(graphOptions.hiddenStates()));
        m.put(PREFIX + "segment_lengths", java.util.Arrays.stream(segmentLengths).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(",")));
        return m;
    }

    /** Reads the metadata of an exported file (parses the whole model; use when loading it anyway). */
    public static ExportMetadata read(Path file) {
        return read(dev.attnlab.harness.lower.onnx.ModelFiles.read(file), file);
    }

    static ExportMetadata read(OnnxMl.ModelProto model, Path file) {
        Map<String, String> m = new HashMap<>();
        model.getMetadataPropsList().forEach(e -> m.put(e.getKey(), e.getValue()));
        Reader r = new Reader(m, file);
        ModelInfo info = new ModelInfo(r.get("name"), r.get("architecture"), r.integer("vocab_size"),
                r.integer("max_context"), r.integer("layers"), r.integer("heads"), r.integer("kv_heads"),
                r.integer("dim"), r.get("content_hash"), r.integer("bos_token"), r.integer("eos_token"));
        GraphOptions options = new GraphOptions(r.bool("embeddings_input"), r.bool("attention_probabilities"),
                r.bool("hidden_states"));
        String segments = m.getOrDefault(PREFIX + "segment_lengths", "");
        int[] lengths;
        try {
            lengths = segments.isBlank() ? new int[0]
                    : java.util.Arrays.stream(segments.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": metadata '" + PREFIX + "segment_lengths' must be integers "
                    + "separated by commas, was '" + segments + "'", e);
        }
        return new ExportMetadata(info, r.get("method"), r.get("strategy"), r.get("settings"), options, lengths);
    }

    private record Reader(Map<String, String> map, Path file) {
        String get(String key) {
            String v = map.get(PREFIX + key);
            if (v == null) {
                throw new IllegalArgumentException(file + " lacks metadata_props key '" + PREFIX + key + "'; it was not "
                        + "written by attnlab export (see docs/export-contract.md for the keys a graph must carry)");
            }
            return v;
        }

        int integer(String key) {
            try {
                return Integer.parseInt(get(key));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": metadata '" + PREFIX + key + "' must be an integer, was '"
                        + get(key) + "'", e);
            }
        }

        boolean bool(String key) {
            return Boolean.parseBoolean(get(key));
        }
    }
}
