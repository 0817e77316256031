package dev.attnlab.treekernel;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.plugin.CommandContext;
import dev.attnlab.api.plugin.PluginCommand;
import dev.attnlab.treekernel.kernel.KernelAnalysis;
import dev.attnlab.treekernel.kernel.KernelEstimate;
import dev.attnlab.treekernel.kernel.RandomFeatures;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code attnlab kernel-analysis}: how far random-feature estimates of {@code exp(S q.k)} scatter, swept
 * over the norms of q and k; prints a table and writes {@code kernel-analysis.csv} and a std/mean chart.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class KernelAnalysisCommand implements PluginCommand {

    private static final Set<String> FLAGS = Set.of("--orthogonal", "--planted");
    private static final List<String> VALUED = List.of("--method", "--dim", "--features", "--query-norm",
            "--key-norm", "--scaling", "--exponent", "--draws", "--out", "--cosine", "--steps", "--seed");
    private static final List<String> REQUIRED = List.of("--method", "--dim", "--features", "--query-norm",
            "--key-norm", "--scaling", "--exponent");

    @Override
    public String name() {
        return "kernel-analysis";
    }

    @Override
    public String description() {
        return "mean, std and std/mean of random-feature estimates of exp(S q.k), swept over query/key norms";
    }

    @Override
    public String usage() {
        return """
                usage: attnlab kernel-analysis --method M --dim D --features R [--orthogonal] --query-norm Q
                         --key-norm K --scaling S --exponent E [--draws N] [--out DIR] [--cosine C]
                         [--planted] [--steps N] [--seed N]
                  --method      FAVOR+, FAVOR+ReLU, or all (both, iid and orthogonal)
                  --dim         dimension D of q and k (>= 2)
                  --features    number of random features R (>= 1)
                  --orthogonal  draw features in orthogonal blocks (ignored with --method all)
                  --query-norm  largest |q| of the sweep (>= 0)
                  --key-norm    largest |k| of the sweep (>= 0)
                  --scaling     score scale S > 0: the kernel is exp(S q.k), e.g. 1/sqrt(D)
                  --exponent    power p of FAVOR+ReLU features relu(w.x)^p (> 0; FAVOR+ ignores it)
                  --draws       independent feature draws per point (default 2000, >= 2)
                  --out         output directory (default ./kernel-analysis)
                  --cosine      cosine of the angle between q and k (default 0: orthogonal, like random
                                high-dimensional vectors)
                  --planted     q in the direction of k (cosine 1), as in the test example
                  --steps       norms swept: i/steps of the given norms, i = 1..steps (default 8)
                  --seed        random seed (default 0)
                """;
    }

    @Override
    public int run(CommandContext context, List<String> args) {
        Map<String, String> options;
        KernelAnalysis.Setup setup;
        List<RunSpec> runs;
        int steps;
        try {
            options = parse(args);
            int dim = integer(options, "--dim", null);
            steps = integer(options, "--steps", "8");
            if (steps < 1) {
                throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
            }
            double cosine = options.containsKey("--planted") ? 1.0 : real(options, "--cosine", "0");
            double power = real(options, "--exponent", null);
            if (!(power > 0)) {
                throw new IllegalArgumentException("--exponent must be positive, got " + power);
            }
            setup = new KernelAnalysis.Setup(RandomFeatures.Kind.POSITIVE, dim, integer(options, "--features", null),
                    options.containsKey("--orthogonal"), real(options, "--query-norm", null),
                    real(options, "--key-norm", null), cosine, real(options, "--scaling", null), power,
                    integer(options, "--draws", "2000"), Long.parseLong(options.getOrDefault("--seed", "0")));
            runs = runs(options.get("--method"), setup.orthogonal());
        } catch (IllegalArgumentException e) {
            context.err().println("kernel-analysis: " + e.getMessage());
            context.err().print(usage());
            return 2;
        }
        Path out = context.workingDirectory().resolve(options.getOrDefault("--out", "kernel-analysis"));
        List<KernelEstimate> rows = new ArrayList<>();
        for (RunSpec r : runs) {
            rows.addAll(KernelAnalysis.sweep(setup.with(r.kind(), r.orthogonal()), steps));
        }
        printTable(context.out(), setup, rows);
        try {
            Files.createDirectories(out);
            writeCsv(out.resolve("kernel-analysis.csv"), rows);
        } catch (IOException e) {
            context.err().println("kernel-analysis: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
        chart(context, out.resolve("kernel-analysis"), runs, rows);
        context.out().println("wrote " + out.resolve("kernel-analysis.csv") + " and chart "
                + out.resolve("kernel-analysis") + ".{png,svg}");
        return 0;
    }

    private record RunSpec(RandomFeatures.Kind kind, boolean orthogonal) {
    }

    private static List<RunSpec> runs(String method, boolean orthogonal) {
        return switch (method) {
            case "FAVOR+" -> List.of(new RunSpec(RandomFeatures.Kind.POSITIVE, orthogonal));
            case "FAVOR+ReLU" -> List.of(new RunSpec(RandomFeatures.Kind.RELU, orthogonal));
            case "all" -> List.of(new RunSpec(RandomFeatures.Kind.POSITIVE, false),
                    new RunSpec(RandomFeatures.Kind.POSITIVE, true), new RunSpec(RandomFeatures.Kind.RELU, false),
                    new RunSpec(RandomFeatures.Kind.RELU, true));
            default -> throw new IllegalArgumentException("--method '" + method
                    + "' is not known; expected FAVOR+, FAVOR+ReLU or all");
        };
    }

    private static Map<String, String> parse(List<String> args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (FLAGS.contains(a)) {
                options.put(a, "true");
            } else if (VALUED.contains(a)) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                options.put(a, args.get(++i));
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        for (String r : REQUIRED) {
            if (!options.containsKey(r)) {
                throw new IllegalArgumentException("missing " + r);
            }
        }
        return options;
    }

    private static int integer(Map<String, String> options, String key, String fallback) {
        String raw = options.getOrDefault(key, fallback);
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " expects an integer, got '" + raw + "'");
        }
    }

    private static double real(Map<String, String> options, String key, String fallback) {
        String raw = options.getOrDefault(key, fallback);
        try {
            return Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " expects a number, got '" + raw + "'");
        }
    }

    private static void printTable(PrintStream out, KernelAnalysis.Setup s, List<KernelEstimate> rows) {
        out.printf(Locale.ROOT, "kernel-analysis: D=%d R=%d S=%g cosine=%g draws=%d%n", s.dim(), s.features(),
                s.scaling(), s.cosine(), s.draws());
        out.printf(Locale.ROOT, "%-24s %8s %8s %12s %12s %12s %12s %14s%n", "estimator", "|q|", "|k|", "exact",
                "mean", "std", "std/mean", "closed std/mean");
        for (KernelEstimate r : rows) {
            out.printf(Locale.ROOT, "%-24s %8.3f %8.3f %12.5g %12.5g %12.5g %12.5g %14.5g%n", r.label(), r.queryNorm(),
                    r.keyNorm(), r.exact(), r.mean(), r.std(), r.ratio(), r.closedFormRatio());
        }
    }

    private static void writeCsv(Path file, List<KernelEstimate> rows) throws IOException {
        StringBuilder csv = new StringBuilder(
                "method,orthogonal,query_norm,key_norm,exact,mean,std,std_over_mean,closed_form_std_over_mean,draws\n");
        for (KernelEstimate r : rows) {
            csv.append(String.format(Locale.ROOT, "%s,%b,%.6g,%.6g,%.9g,%.9g,%.9g,%.9g,%.9g,%d%n", r.method(),
                    r.orthogonal(), r.queryNorm(), r.keyNorm(), r.exact(), r.mean(), r.std(), r.ratio(),
                    r.closedFormRatio(), r.draws()));
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    private static void chart(CommandContext context, Path base, List<RunSpec> runs, List<KernelEstimate> rows) {
        List<CommandContext.Series> series = new ArrayList<>();
        int perRun = rows.size() / runs.size();
        for (int i = 0; i < runs.size(); i++) {
            List<KernelEstimate> part = rows.subList(i * perRun, (i + 1) * perRun);
            series.add(new CommandContext.Series(part.get(0).label(),
                    part.stream().mapToDouble(KernelEstimate::queryNorm).toArray(),
                    part.stream().mapToDouble(KernelEstimate::ratio).toArray()));
            if (!Double.isNaN(part.get(0).closedFormRatio())) {
                series.add(new CommandContext.Series("FAVOR+ (iid) closed form",
                        part.stream().mapToDouble(KernelEstimate::queryNorm).toArray(),
                        part.stream().mapToDouble(KernelEstimate::closedFormRatio).toArray()));
            }
        }
        boolean positive = series.stream().allMatch(s -> java.util.Arrays.stream(s.y()).allMatch(y -> y > 0
                && Double.isFinite(y)));
        context.lineChart(base, "std/mean of random-feature estimates of exp(S q.k)", "|q| (|k| scaled alike)",
                "std / mean", series, false, positive);
    }
}
