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
import dev.attnlab.api.model.DecodeSession;
import dev.attnlab.api.model.LanguageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Wall time, throughput and peak memory of prefill (one forward pass over the whole context) and decode
 * (one token at a time after it) as the context grows, with the log-log growth exponent of each. Models
 * come from {@link EvaluationContext#models()} so lengths beyond the checkpoint's limit can run on
 * random-init models of the same geometry.
 */
public final class ScalingEvaluator implements Evaluator {

    private static final double MIB = 1024.0 * 1024.0;

    @Override
    public String id() {
        return "scaling";
    }

    @Override
    public String description() {
        return "Prefill and decode time, tokens/s and peak memory vs context length, with fitted growth exponents";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.of(
                ConfigOption.integers("lengths", List.of(256L, 512L, 1024L, 2048L, 4096L),
                        "Context lengths to time (each at most 65536)."),
                ConfigOption.integer("reference_max_length", 16384, 1, 65536,
                        "Longest length timed for full attention (the reference): its scores grow as length^2, "
                                + "so longer lengths are timed for the methods only."),
                ConfigOption.integer("decode_tokens", 16, 1, 4096, "Tokens decoded one at a time after each prefill."),
                ConfigOption.integer("repeats", 1, 1, 100, "Timed repetitions per length (the fastest is kept)."),
                ConfigOption.integer("warmup", 1, 0, 100, "Untimed runs at the first length before timing starts."));
    }

    @Override
    public boolean supportsCompressors() {
        return false;
    }

    @Override
    public EvaluationResult evaluate(EvaluationContext context, Settings settings) {
        List<Long> lengths = settings.getLongList("lengths");
        for (long length : lengths) {
            if (length < 1 || length > 65536) {
                throw new ConfigException(settings.keyPath("lengths"), "lengths must be in [1, 65536], got " + length);
            }
        }
        int decodeTokens = settings.getInt("decode_tokens");
        int repeats = settings.getInt("repeats");
        List<String> notes = new ArrayList<>();
        EvaluationContext.ModelFactory factory = context.models().orElse(null);
        if (factory == null) {
            notes.add("no model factory: timed the method's own model, lengths above its limit skipped");
        } else if (factory.randomInit()) {
            notes.add("random-init models of the checkpoint's geometry (timing does not depend on the weights)");
        }
        SplittableRandom random = new SplittableRandom(context.seed());
        List<ResultRow> rows = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        boolean peakReset = true;
        int warmup = settings.getInt("warmup");
        // The runner hands the reference itself in as the method of the reference's own cell.
        boolean reference = context.method() == context.reference();
        int referenceMax = settings.getInt("reference_max_length");
        for (int index = 0; index < lengths.size(); index++) {
            int length = Math.toIntExact(lengths.get(index));
            if (reference && length > referenceMax) {
                notes.add("length " + length + " not timed for full attention (reference_max_length "
                        + referenceMax + ")");
                continue;
            }
            LanguageModel model = modelFor(context, factory, length + decodeTokens, notes);
            if (model == null) {
                continue;
            }
            try {
                int vocab = model.info().vocabSize();
                int[] prompt = random.ints(length, 0, vocab).toArray();
                int[] next = random.ints(decodeTokens, 0, vocab).toArray();
                for (int w = 0; index == 0 && w < warmup; w++) {
                    measure(model, prompt, next);
                }
                Measurement best = null;
                for (int r = 0; r < repeats; r++) {
                    System.gc(); // start each measurement from a collected heap so peaks are comparable
                    long rssBefore = MemoryProbe.rssBytes().orElse(-1);
                    peakReset &= MemoryProbe.resetPeak();
                    Measurement m = measure(model, prompt, next);
                    m = m.withMemory(rssBefore, MemoryProbe.rssBytes().orElse(-1),
                            MemoryProbe.rssPeakBytes().orElse(-1), MemoryProbe.heapPeakBytes());
                    best = best == null || m.prefillNanos < best.prefillNanos ? m : best;
                }
                rows.add(best.row(length, decodeTokens));
                points.add(new double[] {length, best.prefillNanos / 1e6, best.decodeNanos / 1e6 / decodeTokens,
                        best.rssPeak < 0 ? Double.NaN : best.rssPeak / MIB, best.heapPeak / MIB});
            } finally {
                if (factory != null) {
                    model.close(); // factory models belong to this evaluator; the method's own model does not
                }
            }
            context.progress().report("scaling " + context.method().label(), index + 1, lengths.size());
        }
        if (!peakReset) {
            notes.add("could not reset the resident-set peak (VmHWM): native peaks are since process start");
        }
        notes.add("native memory = process resident set (VmRSS/VmHWM from /proc/self/status), the portable stand-in"
                + " for ONNX Runtime's arena; it is process-wide, so it includes every model the run holds (the"
                + " reference too); compare differences between lengths. Heap = JVM heap pools' peak usage");
        double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
        GrowthFit prefill = GrowthFit.fit(x, points.stream().mapToDouble(p -> p[1]).toArray());
        GrowthFit decode = GrowthFit.fit(x, points.stream().mapToDouble(p -> p[2]).toArray());
        double[] last = points.isEmpty() ? new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN}
                : points.get(points.size() - 1);
        List<Metric> metrics = List.of(
                Metric.of("prefill.exponent", prefill.exponent(), "", "k in prefill time ~ length^k (log-log least squares)"),
                Metric.of("decode.exponent", decode.exponent(), "", "k in per-token decode time ~ length^k"),
                Metric.of("prefill.ms_at_max", last[1], "ms", "prefill time at the longest length measured"),
                Metric.of("decode.ms_per_token_at_max", last[2], "ms", "decode time per token at the longest length"),
                Metric.of("rss_peak_mib_at_max", last[3], "MiB", "process resident-set peak at the longest length"),
                Metric.of("max_length", last[0], "tokens", "longest context measured"));
        return new EvaluationResult(metrics, rows, notes);
    }

    private static LanguageModel modelFor(EvaluationContext context, EvaluationContext.ModelFactory factory,
                                          int length, List<String> notes) {
        if (factory != null) {
            return factory.methodModel(length);
        }
        LanguageModel own = context.method().model().orElse(null);
        if (own == null || own.info().maxContext() < length) {
            notes.add("length " + length + " skipped: no model accepts its prefill plus decode steps ("
                    + length + " positions)");
            return null;
        }
        return own;
    }

    private static Measurement measure(LanguageModel model, int[] prompt, int[] next) {
        long t0 = System.nanoTime();
        model.logits(prompt);
        long prefill = System.nanoTime() - t0;
        long decode;
        try (DecodeSession session = model.newSession()) {
            session.append(prompt);
            long t1 = System.nanoTime();
            for (int token : next) {
                session.append(new int[] {token});
            }
            decode = System.nanoTime() - t1;
        }
        return new Measurement(prefill, decode, -1, -1, -1, -1);
    }

    private record Measurement(long prefillNanos, long decodeNanos, long rssBefore, long rssAfter, long rssPeak,
                               long heapPeak) {

        Measurement withMemory(long before, long after, long peak, long heap) {
            return new Measurement(prefillNanos, decodeNanos, before, after, peak, heap);
        }

        ResultRow row(int length, int decodeTokens) {
            double prefillMs = prefillNanos / 1e6;
            double decodeMs = decodeNanos / 1e6 / decodeTokens;
            return ResultRow.of("length", length, "prefill_ms", prefillMs, "prefill_tokens_per_s", length / (prefillMs / 1e3),
                    "decode_ms_per_token", decodeMs, "decode_tokens_per_s", 1e3 / decodeMs,
                    "heap_peak_mib", heapPeak / MIB, "rss_before_mib", mib(rssBefore), "rss_after_mib", mib(rssAfter),
                    "rss_peak_mib", mib(rssPeak));
        }

        private static double mib(long bytes) {
            return bytes < 0 ? Double.NaN : bytes / MIB;
        }
    }

}
