package dev.attnlab.harness.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.harness.config.EvaluatorSpec;
import dev.attnlab.harness.config.Experiment;
import dev.attnlab.harness.config.MethodSpec;
import dev.attnlab.harness.eval.KlDivergenceEvaluator;
import dev.attnlab.harness.eval.PerplexityEvaluator;
import dev.attnlab.harness.eval.ScalingEvaluator;
import dev.attnlab.harness.report.CellStatus;
import dev.attnlab.harness.report.ReportWriter;
import dev.attnlab.harness.report.ResultsJson;
import dev.attnlab.harness.report.RunResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentRunnerTest {

    private static final String CONFIG = "[experiment]\nname = \"runner-test\"\n";

    @TempDir
    Path dir;

    private final Fakes.Catalog catalog = new Fakes.Catalog();
    private final Fakes.Models models = new Fakes.Models();
    private final Fakes.CountingEvaluator counting = new Fakes.CountingEvaluator();

    private ExperimentRunner runner() {
        return new ExperimentRunner(catalog, models, Fakes.data(48),
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), "0.1.0-test");
    }

    private Experiment experiment(String config, List<MethodSpec> methods, List<EvaluatorSpec> evaluators) throws IOException {
        return Fakes.experiment(dir, config, methods, evaluators);
    }

    private List<EvaluatorSpec> qualityEvaluators() {
        return List.of(
                Fakes.evaluator(catalog, 0, new PerplexityEvaluator(), Map.of("context_length", 16L, "stride", 8L)),
                Fakes.evaluator(catalog, 1, new KlDivergenceEvaluator(), Map.of("context_length", 16L, "stride", 8L)),
                Fakes.evaluator(catalog, 2, counting, Map.of()));
    }

    @Test
    void runsEveryMethodBesideTheReferenceAndWritesTheReport() throws IOException {
        Experiment experiment = experiment(CONFIG, List.of(
                Fakes.strategy(catalog, 0, "window", 4), Fakes.strategy(catalog, 1, "window", 16),
                Fakes.compressor(catalog, 2, 3)), qualityEvaluators());

        RunResults results = runner().run(experiment, RunOptions.defaults().withCharts(false));

        assertThat(results.methods()).extracting(m -> m.label())
                .containsExactly("full", "window(window=4)", "window(window=16)", "keep-last(budget=3)");
        assertThat(results.cells()).hasSize(4 * 3).allMatch(c -> c.status() == CellStatus.OK);
        assertThat(models.references).as("full attention is loaded once").isEqualTo(1);
        double fullKl = results.cell("full", "kl-divergence").orElseThrow().result().metric("kl.mean").orElseThrow().value();
        assertThat(fullKl).isCloseTo(0.0, within(1e-12));
        double narrow = results.cell("window(window=4)", "kl-divergence").orElseThrow().result().metric("kl.mean").orElseThrow().value();
        double wide = results.cell("window(window=16)", "kl-divergence").orElseThrow().result().metric("kl.mean").orElseThrow().value();
        assertThat(narrow).isGreaterThan(wide).isGreaterThan(0);
        Path out = dir.resolve("out");
        assertThat(out.resolve("results.json")).exists();
        assertThat(out.resolve("results.csv")).exists();
        String summary = Files.readString(out.resolve("summary.md"));
        summary = summary.substring(summary.indexOf("## perplexity"));
        assertThat(summary.indexOf("| full (reference) |")).isLessThan(summary.indexOf("| window(window=4) |"));
        assertThat(models.made).as("every model is closed").allMatch(m -> m.closed);
    }

    @Test
    void computesFullAttentionOncePerWindowAcrossMethodsAndEvaluators() throws IOException {
        Experiment experiment = experiment(CONFIG, List.of(Fakes.strategy(catalog, 0, "window", 4),
                Fakes.strategy(catalog, 1, "window", 8)), qualityEvaluators());

        runner().run(experiment, RunOptions.defaults().withCharts(false));

        // 48 tokens, windows of 16 with stride 8: windows start at 0, 8, 16, 24, 32 -> 5 windows
        assertThat(models.made.get(0).requests).hasSize(5);
    }

    @Test
    void aFailingMethodIsReportedAndTheOthersComplete() throws IOException {
        Experiment experiment = experiment(CONFIG, List.of(Fakes.strategy(catalog, 0, "broken", 4),
                Fakes.strategy(catalog, 1, "explode", 8), Fakes.strategy(catalog, 2, "window", 8)), qualityEvaluators());

        RunResults results = runner().run(experiment, RunOptions.defaults().withCharts(false));

        assertThat(results.cell("broken(window=4)", "perplexity").orElseThrow().message())
                .contains("could not build the method", "no kernel for strategy broken");
        assertThat(results.cell("explode(window=8)", "counting").orElseThrow().message())
                .isEqualTo("IllegalStateException: evaluator exploded on purpose");
        assertThat(results.cell("explode(window=8)", "perplexity").orElseThrow().status()).isEqualTo(CellStatus.OK);
        assertThat(results.cell("window(window=8)", "counting").orElseThrow().status()).isEqualTo(CellStatus.OK);
        assertThat(results.failures()).hasSize(3 + 1);
        assertThat(Files.readString(dir.resolve("out/summary.md")))
                .contains("no kernel for strategy broken", "evaluator exploded on purpose");
    }

    @Test
    void writesResultsJsonAfterEveryCell() throws IOException {
        List<Integer> cellsSeen = new ArrayList<>();
        Path results = dir.resolve("out").resolve(ReportWriter.RESULTS_JSON);
        counting.probe = context -> {
            try {
                cellsSeen.add(Files.exists(results) ? ResultsJson.read(Files.readString(results), "r").cells().size() : 0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return 1.0;
        };
        Experiment experiment = experiment(CONFIG, List.of(Fakes.strategy(catalog, 0, "window", 4)), qualityEvaluators());

        runner().run(experiment, RunOptions.defaults().withCharts(false));

        // the counting evaluator runs third for each method: 2 cells of full before, then 3 + 2
        assertThat(cellsSeen).containsExactly(2, 5);
    }

    @Test
    void resumeSkipsFinishedCellsOfTheSameConfigurationAndRetriesFailures() throws IOException {
        Experiment experiment = experiment(CONFIG, List.of(Fakes.strategy(catalog, 0, "window", 4),
                Fakes.strategy(catalog, 1, "explode", 8)), qualityEvaluators());
        runner().run(experiment, RunOptions.defaults().withCharts(false));
        assertThat(counting.calls).containsExactly("full", "window(window=4)", "explode(window=8)");

        counting.calls.clear();
        RunResults resumed = runner().run(experiment, RunOptions.defaults().withCharts(false).withResume(true));

        assertThat(counting.calls).as("only the failed cell runs again").containsExactly("explode(window=8)");
        assertThat(resumed.cells()).hasSize(3 * 3);

        counting.calls.clear();
        Experiment changed = experiment(CONFIG + "# changed\n", experiment.methods(), experiment.evaluators());
        runner().run(changed, RunOptions.defaults().withCharts(false).withResume(true));
        assertThat(counting.calls).as("another configuration runs everything").hasSize(3);
    }

    @Test
    void skipsEvaluatorsThatDoNotMeasureCompressors() throws IOException {
        List<EvaluatorSpec> evaluators = List.of(Fakes.evaluator(catalog, 0, new ScalingEvaluator(),
                Map.of("lengths", List.of(8L, 16L), "decode_tokens", 1L, "warmup", 0L)));
        Experiment experiment = experiment(CONFIG, List.of(Fakes.compressor(catalog, 0, 2)), evaluators);

        RunResults results = runner().run(experiment, RunOptions.defaults().withCharts(false));

        assertThat(results.cell("keep-last(budget=2)", "scaling").orElseThrow().status()).isEqualTo(CellStatus.SKIPPED);
    }

    @Test
    void recordsProvenanceInResultsJson() throws IOException {
        Experiment experiment = experiment(CONFIG, List.of(Fakes.strategy(catalog, 0, "window", 4)), qualityEvaluators());

        runner().run(experiment, RunOptions.defaults().withCharts(false));
        RunResults back = ResultsJson.read(Files.readString(dir.resolve("out/results.json")), "results.json");

        assertThat(back.provenance().configText()).isEqualTo(CONFIG);
        assertThat(back.provenance().configHash()).isEqualTo(ExperimentRunner.sha256(CONFIG)).hasSize(64);
        assertThat(back.provenance().modelHash()).isEqualTo("feedbeef");
        assertThat(back.provenance().seed()).isEqualTo(7);
        assertThat(back.provenance().data()).isEqualTo("test tokens");
        assertThat(back.provenance().attnlabVersion()).isEqualTo("0.1.0-test");
        assertThat(back.provenance().finished()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(back.provenance().machine().cpus()).isPositive();
        assertThat(back.provenance().plugins()).extracting(p -> p.id() + "@" + p.version())
                .contains("window@9.9", "perplexity@" + new PerplexityEvaluator().version());
    }

    @Test
    void repeatedLabelsAreMadeDistinct() {
        List<MethodSpec> specs = List.of(Fakes.strategy(catalog, 0, "window", 4), Fakes.strategy(catalog, 1, "window", 4));

        assertThat(ExperimentRunner.uniqueLabels(specs)).containsExactly("window(window=4)", "window(window=4) #2");
    }
}
