package dev.attnlab.harness.report;

import dev.attnlab.api.eval.EvaluationResult;
import dev.attnlab.api.eval.Metric;
import dev.attnlab.api.eval.ResultRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small run with a reference, a three-method sweep and a failing method, for the report tests. */
final class SampleRuns {

    private SampleRuns() {
    }

    static RunResults sample() {
        Provenance provenance = new Provenance("[experiment]\nname = \"demo\"\n", "ab".repeat(32),
                List.of(new Provenance.PluginVersion("strategy", "sliding-window", "0.1.0")), "stories260K",
                "cd".repeat(32), "model-samples, 64 tokens", 7, new Provenance.Machine("Linux 6", "amd64", 2, 4096, 24000, "Eclipse 17"),
                Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T10:01:00Z"), "0.1.0-SNAPSHOT");
        List<MethodRecord> methods = new ArrayList<>();
        methods.add(new MethodRecord("full", MethodRecord.REFERENCE, "full", "0.1.0", Map.of()));
        for (int w : new int[] {16, 32, 64}) {
            methods.add(new MethodRecord("sliding-window(window=" + w + ")", "strategy", "sliding-window", "0.1.0",
                    Map.of("window", (long) w)));
        }
        methods.add(new MethodRecord("broken, \"really\"", "compressor", "truncation", "0.1.0", Map.of()));
        List<CellResult> cells = new ArrayList<>();
        double[] ppl = {10.0, 14.0, 11.5, 10.2};
        for (int i = 0; i < 4; i++) {
            String label = methods.get(i).label();
            cells.add(CellResult.ok(label, "perplexity", new EvaluationResult(List.of(
                    Metric.of("ppl", ppl[i], "", "perplexity"), Metric.of("nll", Math.log(ppl[i]), "nats", "mean NLL"),
                    Metric.of("reference.ppl", 10.0, "", "reference perplexity")),
                    List.of(ResultRow.of("begin", 0, "end", 64)), List.of("windows of 64 tokens")), 1.5));
            cells.add(CellResult.ok(label, "kl-divergence", EvaluationResult.of(List.of(
                    Metric.of("kl.mean", i == 0 ? 0 : 0.3 / i, "nats", "mean KL"))), 0.5));
            List<ResultRow> retrieval = new ArrayList<>();
            List<ResultRow> scaling = new ArrayList<>();
            for (int length : new int[] {64, 128, 256}) {
                for (double depth : new double[] {0, 0.5, 1}) {
                    Object window = methods.get(i).settings().getOrDefault("window", 0L);
                    double acc = i == 0 ? 1.0 : Math.min(1, ((Long) window) / (double) length + depth / 4);
                    retrieval.add(ResultRow.of("test", "passkey", "length", length, "depth", depth, "exact_match", acc));
                    retrieval.add(ResultRow.of("test", "copy", "length", length, "depth", depth, "token_accuracy", acc / 2));
                }
                scaling.add(ResultRow.of("length", length, "prefill_ms", 0.01 * Math.pow(length, i == 0 ? 2 : 1.1),
                        "decode_ms_per_token", 0.001 * length, "rss_peak_mib", 100 + length / 10.0, "heap_peak_mib", 50.0));
            }
            cells.add(CellResult.ok(label, "retrieval", new EvaluationResult(List.of(
                    Metric.of("passkey.exact_match", 1.0 - 0.2 * i, "fraction", "exact"),
                    Metric.of("copy.token_accuracy", 0.9 - 0.1 * i, "fraction", "tok")), retrieval, List.of()), 2));
            cells.add(CellResult.ok(label, "scaling", new EvaluationResult(List.of(
                    Metric.of("prefill.exponent", i == 0 ? 2 : 1.1, "", "k")), scaling, List.of()), 3));
            cells.add(CellResult.ok(label, "generation", new EvaluationResult(List.of(
                    Metric.of("greedy.common_prefix", 1.0 / (i + 1), "fraction", "prefix")),
                    List.of(ResultRow.of("prompt", 0, "mode", "greedy", "prompt_text", "Once | upon", "full", "a time",
                            "method", "a dog")), List.of()), 1));
        }
        String broken = methods.get(4).label();
        for (String evaluator : List.of("perplexity", "kl-divergence", "retrieval", "generation")) {
            cells.add(CellResult.failed(broken, evaluator, "IllegalStateException: dictionary missing", 0.1));
        }
        cells.add(CellResult.skipped(broken, "scaling", "scaling does not measure compressors"));
        return new RunResults("demo", provenance, methods,
                List.of("perplexity", "kl-divergence", "retrieval", "scaling", "generation"), cells);
    }
}
