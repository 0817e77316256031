package dev.attnlab.harness.eval;

import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.eval.EvaluationContext;
import java.util.Arrays;
import java.util.List;

/** The window options perplexity and KL share, resolved against the model and the data. */
record WindowOptions(int contextLength, int stride, int maxTokens) {

    static final ConfigSchema SCHEMA = ConfigSchema.of(
            ConfigOption.integer("context_length", 0, 0, Integer.MAX_VALUE,
                    "Tokens per window; 0 = the reference model's context limit."),
            ConfigOption.integer("stride", 0, 0, Integer.MAX_VALUE,
                    "Tokens each window moves on (and scores, after the first); 0 = half the context length."),
            ConfigOption.integer("max_tokens", 0, 0, Integer.MAX_VALUE,
                    "Use only the first max_tokens data tokens; 0 = all."));

    static WindowOptions resolve(Settings settings, EvaluationContext context) {
        int contextLength = settings.getInt("context_length");
        if (contextLength == 0) {
            contextLength = context.reference().model().map(m -> m.info().maxContext())
                    .orElseThrow(() -> new dev.attnlab.api.config.ConfigException(
                            settings.keyPath("context_length"), "set it: the reference has no model to take a limit from"));
        }
        int stride = settings.getInt("stride");
        if (stride == 0) {
            stride = Math.max(1, contextLength / 2);
        }
        return new WindowOptions(contextLength, stride, settings.getInt("max_tokens"));
    }

    int[] tokens(int[] all) {
        return maxTokens > 0 && maxTokens < all.length ? Arrays.copyOf(all, maxTokens) : all;
    }

    List<Window> windows(int[] tokens, String keyPath) {
        return StridedWindows.of(tokens.length, contextLength, stride, keyPath);
    }
}
