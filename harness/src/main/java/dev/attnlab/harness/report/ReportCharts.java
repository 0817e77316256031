package dev.attnlab.harness.report;

import dev.attnlab.api.eval.ResultRow;
import dev.attnlab.api.plugin.CommandContext;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Chooses and draws the charts of a run: quality against budget for methods that form a sweep, time and
 * memory against context length (log-log) from the scaling evaluator, and retrieval heat maps (depth x
 * length). Charts without data are not drawn.
 */
public final class ReportCharts {

    /** The headline metrics drawn against a method's budget, per evaluator. */
    private static final List<String[]> QUALITY = List.of(
            new String[] {"perplexity", "ppl", "perplexity"},
            new String[] {"kl-divergence", "kl.mean", "mean KL(P_full || P_method) (nats)"},
            new String[] {"retrieval", "passkey.exact_match", "passkey exact match"},
            new String[] {"retrieval", "copy.token_accuracy", "copy token accuracy"});

    private ReportCharts() {
    }

    /** Draws every chart that has data into {@code dir}; returns the PNG paths relative to {@code outputDir}. */
    public static List<String> write(RunResults run, Path outputDir, Path dir) {
        List<Path> written = new ArrayList<>();
        qualityVsBudget(run, dir, written);
        scaling(run, dir, written);
        retrievalHeatMaps(run, dir, written);
        List<String> pngs = new ArrayList<>();
        for (Path p : written) {
            if (p.getFileName().toString().endsWith(".png")) {
                pngs.add(outputDir.relativize(p).toString().replace('\\', '/'));
            }
        }
        return pngs;
    }

    /**
     * A sweep: methods of one provider whose settings differ in exactly one numeric option; methods that
     * also differ in categorical options (e.g. a variant) form one sweep per combination of those. A
     * categorical option with a different value for every method (the trained file that goes with each
     * point, say) names the points rather than lines, so it does not split the sweep.
     *
     * @param provider the provider id, followed by the categorical settings of this line when there are any
     */
    record Sweep(String provider, String option, List<MethodRecord> methods) {
    }

    static List<Sweep> sweeps(RunResults run) {
        Map<String, List<MethodRecord>> byProvider = new LinkedHashMap<>();
        for (MethodRecord m : run.methods()) {
            if (!m.isReference()) {
                byProvider.computeIfAbsent(m.provider(), k -> new ArrayList<>()).add(m);
            }
        }
        List<Sweep> sweeps = new ArrayList<>();
        byProvider.forEach((provider, methods) -> {
            if (methods.size() < 2) {
                return;
            }
            List<String> numeric = new ArrayList<>();
            List<String> categorical = new ArrayList<>();
            for (String key : methods.get(0).settings().keySet()) {
                long distinct = methods.stream().map(m -> m.settings().get(key)).distinct().count();
                if (distinct > 1) {
                    boolean number = methods.stream().allMatch(m -> m.settings().get(key) instanceof Number);
                    if (number) {
                        numeric.add(key);
                    } else if (distinct < methods.size()) {
                        categorical.add(key);
                    }
                }
            }
            if (numeric.size() != 1) {
                return;
            }
            String option = numeric.get(0);
            Map<String, List<MethodRecord>> lines = new LinkedHashMap<>();
            for (MethodRecord m : methods) {
                StringBuilder name = new StringBuilder(provider);
                for (String key : categorical) {
                    name.append(' ').append(key).append('=').append(m.settings().get(key));
                }
                lines.computeIfAbsent(name.toString(), k -> new ArrayList<>()).add(m);
            }
            lines.forEach((name, members) -> {
                if (members.size() < 2) {
                    return;
                }
                List<MethodRecord> sorted = new ArrayList<>(members);
                sorted.sort((a, b) -> Double.compare(((Number) a.settings().get(option)).doubleValue(),
                        ((Number) b.settings().get(option)).doubleValue()));
                sweeps.add(new Sweep(name, option, sorted));
            });
        });
        return sweeps;
    }

    private static void qualityVsBudget(RunResults run, Path dir, List<Path> written) {
        List<Sweep> sweeps = sweeps(run);
        if (sweeps.isEmpty()) {
            return;
        }
        MethodRecord reference = run.methods().stream().filter(MethodRecord::isReference).findFirst().orElse(null);
        for (String[] q : QUALITY) {
            if (!run.evaluators().contains(q[0])) {
                continue;
            }
            List<CommandContext.Series> series = new ArrayList<>();
            for (Sweep sweep : sweeps) {
                double[] x = new double[sweep.methods().size()];
                double[] y = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    MethodRecord m = sweep.methods().get(i);
                    x[i] = ((Number) m.settings().get(sweep.option())).doubleValue();
                    y[i] = metric(run, m.label(), q[0], q[1]);
                }
                // Lines split by categorical settings are named by those alone, so the legend stays short.
                String provider = sweep.provider();
                String line = provider.contains(" ") ? provider.substring(provider.indexOf(' ') + 1)
                        : provider + " (" + sweep.option() + ")";
                series.add(new CommandContext.Series(line, x, y));
            }
            if (series.stream().allMatch(s -> java.util.Arrays.stream(s.y()).noneMatch(Double::isFinite))) {
                continue;
            }
            List<Map.Entry<String, Double>> refs = reference == null ? List.of()
                    : List.of(new AbstractMap.SimpleEntry<>("full attention", metric(run, reference.label(), q[0], q[1])));
            String option = sweeps.size() == 1 ? sweeps.get(0).option() : "budget (each method's swept option)";
            written.addAll(Charts.lineChart(dir.resolve("quality-" + slug(q[1])), q[2] + " vs budget", option, q[2],
                    series, false, false, refs));
        }
    }

    private static void scaling(RunResults run, Path dir, List<Path> written) {
        if (!run.evaluators().contains("scaling")) {
            return;
        }
        String[][] charts = {
            {"prefill_ms", "scaling-prefill-time", "Prefill time vs context length", "prefill time (ms)"},
            {"decode_ms_per_token", "scaling-decode-time", "Decode time per token vs context length", "decode time (ms/token)"},
            {"rss_peak_mib", "scaling-native-memory", "Peak resident memory vs context length", "peak RSS (MiB)"},
            {"heap_peak_mib", "scaling-heap-memory", "Peak JVM heap vs context length", "peak heap (MiB)"}};
        for (String[] c : charts) {
            List<CommandContext.Series> series = new ArrayList<>();
            for (MethodRecord m : run.methods()) {
                List<ResultRow> rows = rows(run, m.label(), "scaling");
                if (rows.isEmpty()) {
                    continue;
                }
                double[] x = rows.stream().mapToDouble(r -> r.number("length")).toArray();
                double[] y = rows.stream().mapToDouble(r -> r.number(c[0])).toArray();
                series.add(new CommandContext.Series(m.label(), x, y));
            }
            if (series.stream().anyMatch(s -> java.util.Arrays.stream(s.y()).anyMatch(v -> v > 0))) {
                written.addAll(Charts.lineChart(dir.resolve(c[1]), c[2] + " (log-log)", "context length (tokens)", c[3],
                        series, true, true));
            }
        }
    }

    private static void retrievalHeatMaps(RunResults run, Path dir, List<Path> written) {
        if (!run.evaluators().contains("retrieval")) {
            return;
        }
        for (MethodRecord m : run.methods()) {
            List<ResultRow> rows = rows(run, m.label(), "retrieval");
            Map<String, List<ResultRow>> byTest = new LinkedHashMap<>();
            rows.forEach(r -> byTest.computeIfAbsent(String.valueOf(r.cells().get("test")), k -> new ArrayList<>()).add(r));
            byTest.forEach((test, testRows) -> {
                TreeSet<Integer> lengths = new TreeSet<>();
                TreeSet<Double> depths = new TreeSet<>();
                testRows.forEach(r -> {
                    lengths.add((int) r.number("length"));
                    depths.add(r.number("depth"));
                });
                List<Integer> xs = new ArrayList<>(lengths);
                List<Double> ys = new ArrayList<>(depths);
                double[][] z = new double[ys.size()][xs.size()];
                for (double[] line : z) {
                    java.util.Arrays.fill(line, Double.NaN);
                }
                String value = test.equals("copy") ? "token_accuracy" : "exact_match";
                testRows.forEach(r -> z[ys.indexOf(r.number("depth"))][xs.indexOf((int) r.number("length"))] = r.number(value));
                List<String> depthLabels = ys.stream().map(d -> String.format(Locale.ROOT, "%.2f", d)).toList();
                written.addAll(Charts.heatMap(dir.resolve("retrieval-" + test + "-" + slug(m.label())),
                        test + " " + value.replace('_', ' ') + ": " + m.label(), "context length (tokens)",
                        "depth (0 = start)", xs, depthLabels, z, 0, 1));
            });
        }
    }

    private static double metric(RunResults run, String method, String evaluator, String name) {
        return run.cell(method, evaluator).filter(c -> c.status() == CellStatus.OK)
                .flatMap(c -> c.result().metric(name)).map(dev.attnlab.api.eval.Metric::value).orElse(Double.NaN);
    }

    private static List<ResultRow> rows(RunResults run, String method, String evaluator) {
        return run.cell(method, evaluator).filter(c -> c.status() == CellStatus.OK).map(c -> c.result().rows())
                .orElse(List.of()).stream().filter(Objects::nonNull).toList();
    }

    /** A file-name-safe form of a label: lower case, runs of other characters as one dash. */
    static String slug(String label) {
        String s = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.isEmpty() ? "method" : s;
    }
}
