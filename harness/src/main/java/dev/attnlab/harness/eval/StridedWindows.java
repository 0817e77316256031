package dev.attnlab.harness.eval;

import dev.attnlab.api.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Strided sliding windows as in the usual evaluation of fixed-length models: window k reads
 * {@code tokens[k*stride, k*stride + contextLength)} and scores only the tokens the previous window did
 * not score, so every token but the first is scored exactly once and, after the first window, with at
 * least {@code contextLength - stride} tokens of context. The first token has no context and is never
 * scored.
 */
final class StridedWindows {

    private StridedWindows() {
    }

    /**
     * The windows over {@code length} tokens.
     *
     * @param keyPath where the options sit, for errors
     * @throws ConfigException when there are fewer than two tokens or the stride leaves no context
     */
    static List<Window> of(int length, int contextLength, int stride, String keyPath) {
        if (length < 2) {
            throw new ConfigException(keyPath, "needs at least 2 data tokens (one of context, one to score), got "
                    + length + "; give [data] more tokens");
        }
        if (contextLength < 2) {
            throw new ConfigException(keyPath + ".context_length", "must be at least 2, was " + contextLength);
        }
        if (stride < 1 || stride >= contextLength) {
            throw new ConfigException(keyPath + ".stride", "must be in [1, context_length - 1] = [1, "
                    + (contextLength - 1) + "] so that every window keeps some context, was " + stride);
        }
        List<Window> windows = new ArrayList<>();
        int previousEnd = 0;
        for (int begin = 0; ; begin += stride) {
            int end = Math.min(begin + contextLength, length);
            int scoreFrom = Math.max(previousEnd, begin + 1);
            if (scoreFrom < end) {
                windows.add(new Window(begin, scoreFrom, end));
            }
            previousEnd = end;
            if (end == length) {
                return windows;
            }
        }
    }
}
