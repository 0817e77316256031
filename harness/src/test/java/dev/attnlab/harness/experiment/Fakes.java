package dev.attnlab.harness.experiment;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.compress.CompressedContext;
import dev.attnlab.api.compress.CompressionContext;
import dev.attnlab.api.compress.Compressor;
import dev.attnlab.api.compress.ContextCompressor;
import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.eval.EvaluationContext;
import dev.attnlab.api.eval.EvaluationResult;
import dev.attnlab.api.eval.Evaluator;
import dev.attnlab.api.eval.Metric;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.model.TextTokenizer;
import dev.attnlab.api.plugin.ProviderKind;
import dev.attnlab.harness.config.DataSpec;
import dev.attnlab.harness.config.EvaluatorSpec;
import dev.attnlab.harness.config.Experiment;
import dev.attnlab.harness.config.MethodSpec;
import dev.attnlab.harness.config.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Providers, models and data for runner tests; nothing here touches ONNX Runtime. */
final class Fakes {

    private Fakes() {
    }

    /** A strategy the fake model provider maps to a {@link ToyModel} (its graph is never built). */
    static final class WindowStrategy implements AttentionStrategy {
        private final String id;

        WindowStrategy(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String description() {
            return "test strategy";
        }

        @Override
        public String version() {
            return "9.9";
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.of(ConfigOption.integer("window", 8, "window"));
        }

        @Override
        public LayerAttention create(AttentionContext context, Settings settings) {
            throw new UnsupportedOperationException("the fake model provider never builds graphs");
        }
    }

    /** Keeps the last {@code budget} tokens. */
    static final class KeepLast implements Compressor {
        @Override
        public String id() {
            return "keep-last";
        }

        @Override
        public String description() {
            return "keeps the most recent tokens";
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.of(ConfigOption.integer("budget", 4, "tokens kept"));
        }

        @Override
        public ContextCompressor create(CompressionContext context, Settings settings) {
            return (tokens, budget, tail) -> {
                int keep = budget.resolve(tokens.length);
                return new CompressedContext.Tokens(Arrays.copyOfRange(tokens, tokens.length - keep, tokens.length));
            };
        }
    }

    /** Counts its calls; fails for methods whose label contains "explode". */
    static final class CountingEvaluator implements Evaluator {
        final List<String> calls = new ArrayList<>();
        Function<EvaluationContext, Double> probe = c -> 1.0;

        @Override
        public String id() {
            return "counting";
        }

        @Override
        public String description() {
            return "counts calls";
        }

        @Override
        public EvaluationResult evaluate(EvaluationContext context, Settings settings) {
            calls.add(context.method().label());
            if (context.method().label().contains("explode")) {
                throw new IllegalStateException("evaluator exploded on purpose");
            }
            return EvaluationResult.of(List.of(Metric.of("value", probe.apply(context), "", "probe value")));
        }
    }

    static final class Catalog implements ProviderCatalog {
        final Map<String, AttentionStrategy> strategies = new LinkedHashMap<>();
        final Map<String, Compressor> compressors = new LinkedHashMap<>();
        final Map<String, Evaluator> evaluators = new LinkedHashMap<>();

        @Override
        public AttentionStrategy strategy(String id) {
            return strategies.get(id);
        }

        @Override
        public Compressor compressor(String id) {
            return compressors.get(id);
        }

        @Override
        public Evaluator evaluator(String id) {
            return evaluators.get(id);
        }
    }

    /** Full attention is a successor model; "broken" cannot be built; other strategies are successor models too. */
    static final class Models implements ModelProvider {
        final List<ToyModel> made = new ArrayList<>();
        int references;

        @Override
        public LanguageModel reference(Experiment experiment) {
            references++;
            ToyModel model = ToyModel.successor("full");
            made.add(model);
            return model;
        }

        @Override
        public LanguageModel withStrategy(Experiment experiment, AttentionStrategy strategy, Settings settings) {
            if (strategy.id().equals("broken")) {
                throw new IllegalStateException("no kernel for strategy broken");
            }
            // a wider window is closer to full attention: less confident in the same prediction
            ToyModel model = new ToyModel(strategy.id(), 32, 1, 3f - 8f / settings.getInt("window"), 0);
            made.add(model);
            return model;
        }

        @Override
        public Optional<EvaluationContext.ModelFactory> factory(Experiment experiment, AttentionStrategy strategy,
                                                                Settings settings) {
            return Optional.empty();
        }

        @Override
        public Optional<TextTokenizer> tokenizer(Experiment experiment) {
            return Optional.empty();
        }
    }

    static DatasetProvider data(int count) {
        return (experiment, reference, tokenizer) -> {
            int[] tokens = new int[count];
            for (int i = 0; i < count; i++) {
                tokens[i] = (i * 5) % 32;
            }
            return new DatasetProvider.Dataset(tokens, "test tokens");
        };
    }

    static MethodSpec strategy(Catalog catalog, int index, String id, int window) {
        AttentionStrategy s = catalog.strategies.computeIfAbsent(id, WindowStrategy::new);
        Settings settings = s.configSchema().validate(Map.of("window", (long) window), "methods[" + index + "]", Set.of());
        return new MethodSpec(index, ProviderKind.ATTENTION_STRATEGY, id, id + "(window=" + window + ")", settings);
    }

    static MethodSpec compressor(Catalog catalog, int index, int budget) {
        Compressor c = catalog.compressors.computeIfAbsent("keep-last", k -> new KeepLast());
        Settings settings = c.configSchema().validate(Map.of("budget", (long) budget), "methods[" + index + "]", Set.of());
        return new MethodSpec(index, ProviderKind.COMPRESSOR, "keep-last", "keep-last(budget=" + budget + ")", settings);
    }

    static EvaluatorSpec evaluator(Catalog catalog, int index, Evaluator evaluator, Map<String, ?> raw) {
        catalog.evaluators.put(evaluator.id(), evaluator);
        return new EvaluatorSpec(index, evaluator.id(),
                evaluator.configSchema().validate(raw, "evaluators[" + index + "]", Set.of()));
    }

    static Experiment experiment(Path dir, String configText, List<MethodSpec> methods, List<EvaluatorSpec> evaluators)
            throws IOException {
        Path file = dir.resolve("experiment.toml");
        Files.writeString(file, configText);
        return new Experiment(file, "runner-test", 7, dir.resolve("out"),
                new ModelSpec("embedded:default", Optional.empty(), "cpu", 1), new DataSpec("test", 64, 0),
                methods, evaluators);
    }
}
