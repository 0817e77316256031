package dev.attnlab.harness.eval;

import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.eval.EvaluationContext;
import dev.attnlab.api.eval.EvaluationResult;
import dev.attnlab.api.eval.Evaluator;
import dev.attnlab.api.eval.Metric;
import dev.attnlab.api.eval.ResultRow;
import dev.attnlab.api.model.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Continuations of fixed prompts from full attention and from the method, side by side: greedy and,
 * optionally, sampled with a seed. Prompts are text (needs a tokenizer) or, without prompts or
 * tokenizer, slices of the data.
 */
public final class GenerationEvaluator implements Evaluator {

    @Override
    public String id() {
        return "generation";
    }

    @Override
    public String description() {
        return "Greedy and seeded sampled continuations of fixed prompts, full attention beside the method";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.of(
                ConfigOption.strings("prompts", List.of("Once upon a time", "The little dog"),
                        "Text prompts (need a tokenizer); without a tokenizer, data slices are used."),
                ConfigOption.integer("data_prompts", 2, 0, 100, "Data slices used as prompts when there is no tokenizer."),
                ConfigOption.integer("prompt_length", 32, 1, 100_000, "Tokens per data-slice prompt."),
                ConfigOption.integer("max_new_tokens", 32, 1, 4096, "Tokens generated per prompt."),
                ConfigOption.bool("sampled", true, "Also sample with temperature and top_p (seeded)."),
                ConfigOption.real("temperature", 0.8, 0.01, 100, "Sampling temperature."),
                ConfigOption.real("top_p", 0.95, 0.01, 1, "Nucleus mass for sampling."));
    }

    @Override
    public EvaluationResult evaluate(EvaluationContext context, Settings settings) {
        Optional<TextTokenizer> tokenizer = context.tokenizer();
        List<int[]> prompts = prompts(context, settings, tokenizer);
        int maxNew = settings.getInt("max_new_tokens");
        double temperature = settings.getDouble("temperature");
        double topP = settings.getDouble("top_p");
        List<String> modes = settings.getBoolean("sampled") ? List.of("greedy", "sampled") : List.of("greedy");
        int stop = tokenizer.map(TextTokenizer::eosToken).orElse(-1);
        List<ResultRow> rows = new ArrayList<>();
        double greedyAgreement = 0;
        int done = 0;
        for (int p = 0; p < prompts.size(); p++) {
            int[] prompt = prompts.get(p);
            for (String mode : modes) {
                double t = mode.equals("greedy") ? 0 : temperature;
                long seed = context.seed() * 1_000_003L + p;
                int[] full = Sampler.generate(context.reference(), prompt, maxNew, t, topP, seed, stop);
                int[] method = Sampler.generate(context.method(), prompt, maxNew, t, topP, seed, stop);
                int same = commonPrefix(full, method);
                if (mode.equals("greedy")) {
                    greedyAgreement += same / (double) Math.max(1, full.length);
                }
                rows.add(ResultRow.of("prompt", p, "mode", mode, "prompt_text", show(prompt, tokenizer),
                        "full", show(full, tokenizer), "method", show(method, tokenizer), "common_prefix", same));
                context.progress().report("generation " + context.method().label(), ++done, (long) prompts.size() * modes.size());
            }
        }
        return new EvaluationResult(List.of(Metric.of("greedy.common_prefix", greedyAgreement / prompts.size(), "fraction",
                "share of full attention's greedy tokens the method reproduces before the first difference")),
                rows, List.of(prompts.size() + " prompts, " + maxNew + " new tokens, sampling temperature "
                        + temperature + " top_p " + topP + " (seed = experiment seed)"));
    }

    private static List<int[]> prompts(EvaluationContext context, Settings settings, Optional<TextTokenizer> tokenizer) {
        List<int[]> prompts = new ArrayList<>();
        if (tokenizer.isPresent() && !settings.getStringList("prompts").isEmpty()) {
            TextTokenizer tok = tokenizer.get();
            for (String text : settings.getStringList("prompts")) {
                int[] ids = tok.encode(text);
                if (tok.bosToken() >= 0) {
                    int[] withBos = new int[ids.length + 1];
                    withBos[0] = tok.bosToken();
                    System.arraycopy(ids, 0, withBos, 1, ids.length);
                    ids = withBos;
                }
                if (ids.length == 0) {
                    throw new ConfigException(settings.keyPath("prompts"), "prompt '" + text
                            + "' encodes to no tokens and the tokenizer has no BOS token");
                }
                prompts.add(ids);
            }
            return prompts;
        }
        int count = settings.getInt("data_prompts");
        int length = settings.getInt("prompt_length");
        int[] tokens = context.tokens();
        if (count == 0 || tokens.length == 0) {
            throw new ConfigException(settings.keyPath(), "no prompts: give a tokenizer and prompts, or data tokens"
                    + " and data_prompts > 0");
        }
        length = Math.min(length, tokens.length);
        for (int i = 0; i < count; i++) {
            int start = count == 1 ? 0 : (int) ((long) (tokens.length - length) * i / (count - 1));
            prompts.add(Arrays.copyOfRange(tokens, start, start + length));
        }
        return prompts;
    }

    static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    private static String show(int[] ids, Optional<TextTokenizer> tokenizer) {
        return tokenizer.map(t -> t.decode(ids)).orElseGet(() -> Arrays.toString(ids));
    }
}
