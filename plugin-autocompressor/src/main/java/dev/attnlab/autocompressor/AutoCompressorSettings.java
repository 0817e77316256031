package dev.attnlab.autocompressor;

import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import java.util.List;

/**
 * The options of {@code autocompressor}, typed.
 *
 * @param summaryVectors kappa, the summary vectors made per segment
 * @param segmentLength  tokens per segment when {@code segments} is empty (and for what the list leaves)
 * @param segments       explicit segment lengths, in order; the last one repeats for any remainder
 * @param accumulate     whether the soft prompt concatenates every segment's summaries (else: the last only)
 * @param embeddings     the safetensors file with the summary-token embeddings, or empty
 * @param stopGradient   training only: whether gradients stop at earlier segments' summaries
 * @param keepTokens     the last tokens of the context kept as they are (as their embeddings, after the summaries)
 */
record AutoCompressorSettings(int summaryVectors, int segmentLength, int[] segments, boolean accumulate,
                              String embeddings, boolean stopGradient, int keepTokens) {

    /** The tensor the embeddings file holds: {@code [summary_vectors, dim]}. */
    static final String TENSOR = "autocompressor.summary_embeddings";

    static final ConfigSchema SCHEMA = ConfigSchema.of(
            ConfigOption.integer("summary_vectors", 20, 1, 4096,
                    "kappa: summary vectors made per segment; must match the rows of the embeddings file"),
            ConfigOption.integer("segment_length", 256, 1, 1 << 20,
                    "tokens per compressed segment (each segment plus the soft prompt plus the summary tokens "
                            + "must fit the model's context)"),
            ConfigOption.integers("segments", List.of(),
                    "explicit segment lengths in order; the last repeats for the rest; empty uses segment_length"),
            ConfigOption.bool("accumulate", true,
                    "true: the soft prompt concatenates the summaries of all segments; false: only the last "
                            + "segment's summaries (which already read the earlier ones)"),
            ConfigOption.path("embeddings", "",
                    "safetensors file holding " + TENSOR + " [summary_vectors, dim], as written by the "
                            + "AutoCompressor trainer or the checkpoint importer"),
            ConfigOption.bool("stop_gradient", true,
                    "training only: stop gradients at earlier segments' summaries (the original's option); "
                            + "has no effect when compressing"),
            ConfigOption.integer("keep_tokens", 0, 0, 1 << 20,
                    "the last tokens of the context passed on as they are, after the summaries of the rest "
                            + "(as the original reads the current segment in full); at least the caller's "
                            + "protected tail"),
            ConfigOption.real("budget", 1.0, 0.0, 1.0,
                    "positions the compressed context may take, as a share of the context's tokens: summaries "
                            + "of the oldest segments are dropped beyond it (read by the experiment runner)"));

    static AutoCompressorSettings from(Settings s) {
        List<Long> list = s.getLongList("segments");
        int[] segments = new int[list.size()];
        for (int i = 0; i < segments.length; i++) {
            long length = list.get(i);
            if (length < 1 || length > Integer.MAX_VALUE) {
                throw new ConfigException(s.keyPath("segments"), "segment length " + length
                        + " at index " + i + " must be a positive token count");
            }
            segments[i] = (int) length;
        }
        return new AutoCompressorSettings(s.getInt("summary_vectors"), s.getInt("segment_length"), segments,
                s.getBoolean("accumulate"), s.getString("embeddings"), s.getBoolean("stop_gradient"),
                s.getInt("keep_tokens"));
    }

    /**
     * The lengths of the segments that cover {@code length} tokens: the explicit list in order (the last
     * entry repeating), or runs of {@code segment_length}; the final segment may be shorter.
     */
    int[] split(int length) {
        int[] pattern = segments.length > 0 ? segments : new int[] {segmentLength};
        java.util.List<Integer> out = new java.util.ArrayList<>();
        int covered = 0;
        for (int i = 0; covered < length; i++) {
            int next = Math.min(pattern[Math.min(i, pattern.length - 1)], length - covered);
            out.add(next);
            covered += next;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The longest segment this configuration can produce. */
    int longestSegment() {
        return segments.length > 0 ? java.util.Arrays.stream(segments).max().orElseThrow() : segmentLength;
    }
}
