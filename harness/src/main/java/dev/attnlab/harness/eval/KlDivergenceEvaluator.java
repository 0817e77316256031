package dev.attnlab.harness.eval;

import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.eval.EvaluationContext;
import dev.attnlab.api.eval.EvaluationResult;
import dev.attnlab.api.eval.Evaluator;
import dev.attnlab.api.eval.Metric;
import dev.attnlab.api.eval.ResultRow;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.List;

/**
 * How far the method's next-token distribution is from full attention's: KL(P_full || P_method) at
 * every scored position of the strided windows, with top-1 agreement.
 */
public final class KlDivergenceEvaluator implements Evaluator {

    @Override
    public String id() {
        return "kl-divergence";
    }

    @Override
    public String description() {
        return "Next-token KL(P_full || P_method), top-1 agreement and share of positions above a threshold";
    }

    @Override
    public ConfigSchema configSchema() {
        return WindowOptions.SCHEMA.with(ConfigOption.real("threshold", 0.1, 0, Double.MAX_VALUE,
                "KL (nats) above which a position counts as diverged."));
    }

    @Override
    public EvaluationResult evaluate(EvaluationContext context, Settings settings) {
        WindowOptions options = WindowOptions.resolve(settings, context);
        double threshold = settings.getDouble("threshold");
        int[] tokens = options.tokens(context.tokens());
        List<Window> windows = options.windows(tokens, settings.keyPath());
        long total = windows.stream().mapToLong(Window::scored).sum();
        Stats all = new Stats(threshold);
        List<ResultRow> rows = new ArrayList<>();
        for (Window window : windows) {
            int[] ctx = window.context(tokens);
            int[] cont = window.continuation(tokens);
            // One reference pass per window, reused for every position of it.
            FloatTensor reference = context.reference().continuationLogits(ctx, cont);
            FloatTensor method = context.method().continuationLogits(ctx, cont);
            LogProbs.checkShape(reference, cont.length, context.reference().label());
            LogProbs.checkShape(method, cont.length, context.method().label());
            Stats local = new Stats(threshold);
            for (int i = 0; i < cont.length; i++) {
                double[] p = LogProbs.logSoftmax(reference, i);
                double[] q = LogProbs.logSoftmax(method, i);
                double kl = LogProbs.kl(p, q);
                boolean agree = LogProbs.argmax(p) == LogProbs.argmax(q);
                all.add(kl, agree);
                local.add(kl, agree);
            }
            rows.add(ResultRow.of("begin", window.begin(), "end", window.end(), "scored", window.scored(),
                    "kl_mean", local.mean(), "kl_max", local.max, "top1_agreement", local.agreement()));
            context.progress().report("kl-divergence " + context.method().label(), all.count, total);
        }
        List<Metric> metrics = List.of(
                Metric.of("kl.mean", all.mean(), "nats", "mean KL(P_full || P_method) per scored position"),
                Metric.of("kl.max", all.max, "nats", "largest KL at any position"),
                Metric.of("top1_agreement", all.agreement(), "fraction", "positions where both predict the same top token"),
                Metric.of("above_threshold", all.above / (double) all.count, "fraction",
                        "positions with KL > " + threshold + " nats"),
                Metric.of("positions", all.count, "positions", "scored positions"));
        return new EvaluationResult(metrics, rows, List.of("windows of " + options.contextLength()
                + " tokens, stride " + options.stride() + "; KL in nats, threshold " + threshold));
    }

    /** Running KL statistics. */
    private static final class Stats {
        private final double threshold;
        private double sum;
        private double max;
        private long count;
        private long agree;
        private long above;

        Stats(double threshold) {
            this.threshold = threshold;
        }

        void add(double kl, boolean agrees) {
            sum += kl;
            max = Math.max(max, kl);
            count++;
            agree += agrees ? 1 : 0;
            above += kl > threshold ? 1 : 0;
        }

        double mean() {
            return sum / count;
        }

        double agreement() {
            return agree / (double) count;
        }
    }
}
