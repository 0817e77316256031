package dev.attnlab.harness.config;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.compress.CompressionContext;
import dev.attnlab.api.compress.Compressor;
import dev.attnlab.api.compress.ContextCompressor;
import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.eval.EvaluationContext;
import dev.attnlab.api.eval.EvaluationResult;
import dev.attnlab.api.eval.Evaluator;
import dev.attnlab.harness.plugins.PluginRegistry;
import java.util.List;

/** Providers registered in code for the loader's tests (a test-only META-INF/services would be invisible). */
final class FakeProviders {

    private FakeProviders() {
    }

    static PluginRegistry registry() {
        return PluginRegistry.of(new Window(), new Full(), new Budget(), new Perplexity());
    }

    static final class Full implements AttentionStrategy {
        public String id() { return "full"; }
        public String description() { return "fake full"; }
        public LayerAttention create(AttentionContext c, Settings s) { throw new UnsupportedOperationException(); }
    }

    static final class Window implements AttentionStrategy {
        public String id() { return "window"; }
        public String description() { return "fake window"; }
        public ConfigSchema configSchema() {
            return ConfigSchema.of(ConfigOption.integer("window", 64, 1, 1 << 20, "keys kept"),
                    ConfigOption.choice("mode", "last", List.of("last", "strided"), "which keys"));
        }
        public LayerAttention create(AttentionContext c, Settings s) { throw new UnsupportedOperationException(); }
    }

    static final class Budget implements Compressor {
        public String id() { return "budget"; }
        public String description() { return "fake compressor"; }
        public ConfigSchema configSchema() {
            return ConfigSchema.of(ConfigOption.real("ratio", 0.5, 0.0, 1.0, "fraction kept"),
                    ConfigOption.integer("seed-tokens", 0, "required in tests").asRequired(),
                    ConfigOption.path("dictionary", "", "a file the compressor reads"));
        }
        public ContextCompressor create(CompressionContext c, Settings s) { throw new UnsupportedOperationException(); }
    }

    static final class Perplexity implements Evaluator {
        public String id() { return "perplexity"; }
        public String description() { return "fake perplexity"; }
        public ConfigSchema configSchema() {
            return ConfigSchema.of(ConfigOption.integer("stride", 256, 1, 1 << 20, "window stride"));
        }
        public EvaluationResult evaluate(EvaluationContext c, Settings s) { throw new UnsupportedOperationException(); }
    }
}
