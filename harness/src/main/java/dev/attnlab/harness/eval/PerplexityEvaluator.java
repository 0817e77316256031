package dev.attnlab.harness.eval;

import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.eval.EvaluationContext;
import dev.attnlab.api.eval.EvaluationResult;
import dev.attnlab.api.eval.Evaluator;
import dev.attnlab.api.eval.Metric;
import dev.attnlab.api.eval.MethodUnderTest;
import dev.attnlab.api.eval.ResultRow;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Strided sliding-window perplexity of the method and of the reference on the same windows: the mean
 * negative log-likelihood of every data token but the first, its exponential, and bits per token.
 */
public final class PerplexityEvaluator implements Evaluator {

    private static final double LN2 = Math.log(2);

    @Override
    public String id() {
        return "perplexity";
    }

    @Override
    public String description() {
        return "Strided sliding-window perplexity, NLL and bits per token of method and reference on the same windows";
    }

    @Override
    public ConfigSchema configSchema() {
        return WindowOptions.SCHEMA;
    }

    @Override
    public EvaluationResult evaluate(EvaluationContext context, Settings settings) {
        WindowOptions options = WindowOptions.resolve(settings, context);
        int[] tokens = options.tokens(context.tokens());
        List<Window> windows = options.windows(tokens, settings.keyPath());
        long total = windows.stream().mapToLong(Window::scored).sum();
        double methodNll = 0;
        double referenceNll = 0;
        long done = 0;
        List<ResultRow> rows = new ArrayList<>();
        for (Window window : windows) {
            double m = windowNll(context.method(), tokens, window);
            double r = windowNll(context.reference(), tokens, window);
            methodNll += m;
            referenceNll += r;
            done += window.scored();
            rows.add(ResultRow.of("begin", window.begin(), "end", window.end(), "scored", window.scored(),
                    "nll", m / window.scored(), "reference_nll", r / window.scored()));
            context.progress().report("perplexity " + context.method().label(), done, total);
        }
        double nll = methodNll / total;
        double refNll = referenceNll / total;
        List<Metric> metrics = List.of(
                Metric.of("ppl", Math.exp(nll), "", "perplexity exp(mean NLL) of the method"),
                Metric.of("nll", nll, "nats", "mean negative log-likelihood per scored token"),
                Metric.of("bits_per_token", nll / LN2, "bits", "mean NLL in bits (NLL / ln 2)"),
                Metric.of("tokens", total, "tokens", "tokens scored (each data token but the first, once)"),
                Metric.of("reference.ppl", Math.exp(refNll), "", "perplexity of full attention on the same windows"),
                Metric.of("reference.nll", refNll, "nats", "mean NLL of full attention"),
                Metric.of("reference.bits_per_token", refNll / LN2, "bits", "mean NLL of full attention in bits"),
                Metric.of("ppl_ratio", Math.exp(nll - refNll), "x", "method perplexity / reference perplexity"));
        List<String> notes = List.of("windows of " + options.contextLength() + " tokens, stride " + options.stride()
                + ", " + windows.size() + " windows over " + tokens.length + " tokens");
        return new EvaluationResult(metrics, rows, notes);
    }

    /** Sum of -log p(token) over the scored tokens of one window. */
    static double windowNll(MethodUnderTest method, int[] tokens, Window window) {
        int[] continuation = window.continuation(tokens);
        FloatTensor logits = method.continuationLogits(window.context(tokens), continuation);
        LogProbs.checkShape(logits, continuation.length, method.label());
        double sum = 0;
        for (int i = 0; i < continuation.length; i++) {
            sum -= LogProbs.logSoftmax(logits, i)[continuation[i]];
        }
        return sum;
    }
}
