package dev.attnlab.harness.eval;

import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.eval.EvaluationContext;
import dev.attnlab.api.eval.EvaluationResult;
import dev.attnlab.api.eval.Evaluator;
import dev.attnlab.api.eval.Metric;
import dev.attnlab.api.eval.ResultRow;
import dev.attnlab.api.model.ForwardRequest;
import dev.attnlab.api.model.ForwardResult;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Mean squared error between full attention's and the method's attention probabilities, per layer and
 * head, over the causal (lower-triangular) entries of short windows. Needs a method that runs on a
 * model and returns probabilities; otherwise the metrics are NaN with a note saying why.
 */
public final class AttentionFidelityEvaluator implements Evaluator {

    @Override
    public String id() {
        return "attention-fidelity";
    }

    @Override
    public String description() {
        return "MSE between full and method attention probabilities per layer and head on short windows";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.of(
                ConfigOption.integer("window", 64, 2, 4096, "Tokens per window (attention maps are window x window)."),
                ConfigOption.integer("windows", 4, 1, 1000, "How many windows, spread evenly over the data."));
    }

    @Override
    public EvaluationResult evaluate(EvaluationContext context, Settings settings) {
        Optional<LanguageModel> methodModel = context.method().model();
        if (methodModel.isEmpty()) {
            return unavailable("the method runs no attention of its own (a compressor): no probabilities to compare");
        }
        int window = settings.getInt("window");
        int count = settings.getInt("windows");
        int[] tokens = context.tokens();
        if (tokens.length < 2) {
            throw new dev.attnlab.api.config.ConfigException(settings.keyPath(),
                    "needs at least 2 data tokens, got " + tokens.length);
        }
        window = Math.min(window, tokens.length);
        int maxStart = tokens.length - window;
        double[][] sums = null;
        long[] entries = new long[1];
        for (int w = 0; w < count; w++) {
            int start = count == 1 ? 0 : (int) ((long) maxStart * w / (count - 1));
            int[] slice = Arrays.copyOfRange(tokens, start, start + window);
            ForwardResult full = context.referenceModel().forward(ForwardRequest.of(slice).withAttention());
            ForwardResult method;
            try {
                method = methodModel.get().forward(ForwardRequest.of(slice).withAttention());
            } catch (IllegalStateException | UnsupportedOperationException e) {
                // Methods that attend through a memory or a host op may have no per-key probabilities.
                return unavailable("the method cannot expose attention probabilities: " + e.getMessage());
            }
            if (method.attention().isEmpty() || full.attention().isEmpty()) {
                return unavailable((method.attention().isEmpty() ? "the method" : "the reference")
                        + " returned no attention probabilities");
            }
            if (method.attention().size() != full.attention().size()) {
                return unavailable("the method has " + method.attention().size() + " layers of attention, the reference "
                        + full.attention().size());
            }
            if (sums == null) {
                sums = new double[full.attention().size()][];
            }
            for (int layer = 0; layer < full.attention().size(); layer++) {
                FloatTensor a = full.attention().get(layer);
                FloatTensor b = method.attention().get(layer);
                if (!Arrays.equals(a.shape(), b.shape())) {
                    return unavailable("layer " + layer + ": method attention " + Arrays.toString(b.shape())
                            + " vs reference " + Arrays.toString(a.shape()));
                }
                double[] perHead = squaredErrors(a, b, entries, layer == 0);
                if (sums[layer] == null) {
                    sums[layer] = new double[perHead.length];
                }
                for (int h = 0; h < perHead.length; h++) {
                    sums[layer][h] += perHead[h];
                }
            }
            context.progress().report("attention-fidelity " + context.method().label(), w + 1, count);
        }
        List<ResultRow> rows = new ArrayList<>();
        double total = 0;
        double worst = 0;
        int cells = 0;
        for (int layer = 0; layer < sums.length; layer++) {
            for (int h = 0; h < sums[layer].length; h++) {
                double mse = sums[layer][h] / entries[0];
                rows.add(ResultRow.of("layer", layer, "head", h, "mse", mse));
                total += mse;
                worst = Math.max(worst, mse);
                cells++;
            }
        }
        return new EvaluationResult(List.of(
                Metric.of("mse.mean", total / cells, "", "attention-probability MSE averaged over layers and heads"),
                Metric.of("mse.max", worst, "", "MSE of the worst layer and head")),
                rows, List.of(count + " windows of " + window + " tokens; MSE over causal entries (key <= query)"));
    }

    /**
     * Sum of squared differences per head over entries with key position <= query position; adds the
     * number of such entries per head to {@code entries[0]} once per window (when {@code count}).
     */
    static double[] squaredErrors(FloatTensor a, FloatTensor b, long[] entries, boolean count) {
        int heads = (int) a.dim(0);
        int q = (int) a.dim(1);
        int k = (int) a.dim(2);
        int offset = k - q; // a soft prompt or cache makes the key axis longer than the query axis
        float[] x = a.data();
        float[] y = b.data();
        double[] out = new double[heads];
        long perHead = 0;
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < q; i++) {
                int base = (h * q + i) * k;
                for (int j = 0; j <= Math.min(k - 1, i + offset); j++) {
                    double d = x[base + j] - y[base + j];
                    out[h] += d * d;
                    if (h == 0) {
                        perHead++;
                    }
                }
            }
        }
        if (count) {
            entries[0] += perHead;
        }
        return out;
    }

    private static EvaluationResult unavailable(String why) {
        return new EvaluationResult(List.of(
                Metric.of("mse.mean", Double.NaN, "", "attention-probability MSE averaged over layers and heads"),
                Metric.of("mse.max", Double.NaN, "", "MSE of the worst layer and head")),
                List.of(), List.of(why));
    }
}
