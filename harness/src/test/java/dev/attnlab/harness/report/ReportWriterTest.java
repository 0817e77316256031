package dev.attnlab.harness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.eval.EvaluationResult;
import dev.attnlab.api.eval.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir
    Path dir;

    @Test
    void resultsJsonRoundTripsEveryNumberIncludingNan() {
        RunResults run = SampleRuns.sample().with(CellResult.ok("full", "attention-fidelity",
                EvaluationResult.of(List.of(Metric.of("mse.mean", Double.NaN, "", "no maps"))), 0.1));

        RunResults back = ResultsJson.read(ResultsJson.write(run), "results.json");

        assertThat(back.provenance()).isEqualTo(run.provenance());
        assertThat(back.methods()).isEqualTo(run.methods());
        assertThat(back.cells()).hasSameSizeAs(run.cells());
        assertThat(back.cell("full", "attention-fidelity").orElseThrow().result().metric("mse.mean").orElseThrow().value())
                .isNaN();
        assertThat(back.cell("sliding-window(window=32)", "perplexity").orElseThrow().result().metric("ppl")
                .orElseThrow().value()).isEqualTo(11.5);
        assertThat(back.failures()).hasSize(4).allMatch(c -> c.message().contains("dictionary missing"));
    }

    @Test
    void resultsJsonIsStrictJsonWithProvenance() {
        String json = ResultsJson.write(SampleRuns.sample());

        assertThat(json).doesNotContain("NaN").contains("\"config_hash\"", "\"model_hash\"", "\"machine\"",
                "\"plugins\"", "\"seed\": 7", "\"attnlab_version\"", "\"config\": \"[experiment]\\nname");
    }

    @Test
    void rejectsAFileThatIsNotResultsWithItsName() {
        assertThatThrownBy(() -> ResultsJson.read("{\"format\": 99}", "out/results.json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out/results.json");
        assertThatThrownBy(() -> ResultsJson.read("[1,2", "out/results.json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an attnlab results.json");
    }

    @Test
    void csvHasOneRowPerMethodEvaluatorAndMetricWithQuoting() {
        String csv = ResultsCsv.write(SampleRuns.sample());
        List<String> lines = csv.lines().toList();

        assertThat(lines.get(0)).isEqualTo(ResultsCsv.HEADER);
        // 4 methods x (3 + 1 + 2 + 1 + 1) metrics + 5 cells of the broken method
        assertThat(lines).hasSize(1 + 4 * 8 + 5);
        assertThat(lines).contains("full,reference,perplexity,ppl,10.0,,ok");
        assertThat(lines).contains("\"broken, \"\"really\"\"\",compressor,perplexity,,,,failed");
    }

    @Test
    void summaryPutsTheReferenceFirstWithUnitsNotesAndFailures() {
        String md = SummaryMarkdown.write(SampleRuns.sample(), List.of("charts/x.png"));

        assertThat(md).contains("## perplexity", "| method | ppl | nll (nats) |", "- windows of 64 tokens",
                "## Failures", "IllegalStateException: dictionary missing", "![charts/x.png](charts/x.png)");
        String table = md.substring(md.indexOf("## perplexity"));
        assertThat(table.indexOf("| full (reference) |")).isLessThan(table.indexOf("| sliding-window(window=16) |"));
        assertThat(md).contains("| Once \\| upon |").contains("scaling does not measure compressors");
        assertThat(table).as("the reference row replaces reference.* columns").doesNotContain("reference.ppl");
    }

    @Test
    void writesAllFilesAndChartsWithoutLeavingTemporaries() throws IOException {
        RunResults sample = SampleRuns.sample();
        // three methods keep the test quick: drawing is slow on a busy 2-core machine
        RunResults small = new RunResults(sample.experiment(), sample.provenance(), sample.methods().subList(0, 3),
                sample.evaluators(), sample.cells());
        List<String> charts = ReportWriter.writeAll(small, dir, true);

        assertThat(dir.resolve("results.json")).exists();
        assertThat(dir.resolve("results.csv")).exists();
        assertThat(Files.readString(dir.resolve("summary.md"))).contains("charts/quality-ppl.png");
        assertThat(charts).contains("charts/quality-ppl.png", "charts/quality-kl-mean.png",
                "charts/scaling-prefill-time.png", "charts/scaling-native-memory.png",
                "charts/retrieval-passkey-full.png", "charts/retrieval-copy-sliding-window-window-16.png");
        for (String chart : charts) {
            byte[] png = Files.readAllBytes(dir.resolve(chart));
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            String svg = Files.readString(dir.resolve(chart.replace(".png", ".svg")));
            assertThat(svg).contains("<svg");
        }
        try (var files = Files.walk(dir)) {
            assertThat(files.map(Path::toString)).noneMatch(p -> p.endsWith(".tmp"));
        }
    }

    @Test
    void findsSweepsOfOneNumericOption() {
        List<ReportCharts.Sweep> sweeps = ReportCharts.sweeps(SampleRuns.sample());

        assertThat(sweeps).singleElement().satisfies(s -> {
            assertThat(s.provider()).isEqualTo("sliding-window");
            assertThat(s.option()).isEqualTo("window");
            assertThat(s.methods()).hasSize(3);
        });
    }

    @Test
    void splitsASweepByItsCategoricalSettings() {
        List<MethodRecord> methods = new java.util.ArrayList<>();
        methods.add(new MethodRecord("full", MethodRecord.REFERENCE, "full", "0.1.0", Map.of()));
        for (String variant : List.of("static", "tail")) {
            for (double budget : List.of(0.75, 0.25, 0.5)) {
                methods.add(new MethodRecord(variant + "-" + budget, "compressor", "attention-truncation", "0.1.0",
                        Map.of("variant", variant, "budget", budget, "window", 256L)));
            }
        }
        RunResults sample = SampleRuns.sample();
        RunResults run = new RunResults(sample.experiment(), sample.provenance(), methods, sample.evaluators(),
                List.of());

        List<ReportCharts.Sweep> sweeps = ReportCharts.sweeps(run);

        assertThat(sweeps).extracting(ReportCharts.Sweep::provider)
                .containsExactly("attention-truncation variant=static", "attention-truncation variant=tail");
        assertThat(sweeps).allSatisfy(s -> {
            assertThat(s.option()).isEqualTo("budget");
            assertThat(s.methods()).extracting(m -> m.settings().get("budget")).containsExactly(0.25, 0.5, 0.75);
        });
    }

    @Test
    void aCategoricalOptionThatDiffersForEveryMethodDoesNotSplitTheSweep() {
        List<MethodRecord> methods = new java.util.ArrayList<>();
        methods.add(new MethodRecord("full", MethodRecord.REFERENCE, "full", "0.1.0", Map.of()));
        for (long kappa : List.of(20L, 5L, 50L)) {
            methods.add(new MethodRecord("ac-" + kappa, "compressor", "autocompressor", "0.1.0",
                    Map.of("summary_vectors", kappa, "embeddings", "trained/k" + kappa + ".safetensors")));
        }
        RunResults sample = SampleRuns.sample();
        RunResults run = new RunResults(sample.experiment(), sample.provenance(), methods, sample.evaluators(),
                List.of());

        assertThat(ReportCharts.sweeps(run)).singleElement().satisfies(s -> {
            assertThat(s.provider()).isEqualTo("autocompressor");
            assertThat(s.methods()).extracting(m -> m.settings().get("summary_vectors")).containsExactly(5L, 20L, 50L);
        });
    }

    @Test
    void tickLabelsKeepThreeSignificantDigits() {
        assertThat(Charts.tick(272.586)).isEqualTo("273");
        assertThat(Charts.tick(121.988)).isEqualTo("122");
        assertThat(Charts.tick(4096.0)).isEqualTo("4,096");
        assertThat(Charts.tick(1234.5)).isEqualTo("1,230");
        assertThat(Charts.tick(0.012345)).isEqualTo("0.012");
    }

    @Test
    void slugsAreFileNameSafe() {
        assertThat(ReportCharts.slug("sliding-window(window=32)")).isEqualTo("sliding-window-window-32");
        assertThat(ReportCharts.slug("((")).isEqualTo("method");
    }

    @Test
    void lineChartRejectsSeriesWithoutDrawablePoints() {
        assertThatThrownBy(() -> Charts.lineChart(dir.resolve("empty"), "t", "x", "y",
                List.of(new dev.attnlab.api.plugin.CommandContext.Series("s", new double[] {0}, new double[] {1})),
                true, true)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no drawable points");
    }
}
