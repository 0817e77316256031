package dev.attnlab.harness.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.attnlab.api.plugin.ProviderKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentLoaderTest {

    @TempDir
    Path dir;

    private final ExperimentLoader loader = new ExperimentLoader(FakeProviders.registry());

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("exp.toml"), text);
    }

    private List<ConfigProblem> problems(String text) throws IOException {
        Path file = write(text);
        InvalidExperimentException e = catchThrowableOfType(InvalidExperimentException.class, () -> loader.load(file));
        assertThat(e).as("expected the file to be rejected").isNotNull();
        assertThat(e.file()).isEqualTo(file.toAbsolutePath().normalize());
        return e.problems();
    }

    @Test
    void readsACompleteExperimentIntoRecords() throws IOException {
        Files.writeString(dir.resolve("text.txt"), "hello");
        Path file = write("""
                [experiment]
                name = "demo"
                seed = 7
                output = "out/demo"

                [model]
                checkpoint = "embedded:default"
                device = "cpu"
                threads = 2

                [data]
                source = "text.txt"
                tokens = 512
                offset = 10

                [[methods]]
                strategy = "window"
                window = 32

                [[methods]]
                compressor = "budget"
                label = "half"
                seed-tokens = 4

                [[evaluators]]
                id = "perplexity"
                stride = 128
                """);
        Experiment e = loader.load(file);
        assertThat(e.name()).isEqualTo("demo");
        assertThat(e.seed()).isEqualTo(7);
        assertThat(e.outputDir()).isEqualTo(dir.resolve("out/demo").toAbsolutePath().normalize());
        assertThat(e.model()).isEqualTo(new ModelSpec("embedded:default", Optional.empty(), "cpu", 2));
        assertThat(e.data()).isEqualTo(new DataSpec(dir.resolve("text.txt").toAbsolutePath().normalize().toString(), 512, 10));
        assertThat(e.methods()).hasSize(2);
        MethodSpec window = e.methods().get(0);
        assertThat(window.kind()).isEqualTo(ProviderKind.ATTENTION_STRATEGY);
        assertThat(window.label()).isEqualTo("window(window=32)");
        assertThat(window.settings().getInt("window")).isEqualTo(32);
        assertThat(window.settings().getString("mode")).isEqualTo("last");
        MethodSpec budget = e.methods().get(1);
        assertThat(budget.kind()).isEqualTo(ProviderKind.COMPRESSOR);
        assertThat(budget.label()).isEqualTo("half");
        assertThat(budget.settings().getDouble("ratio")).isEqualTo(0.5);
        assertThat(e.evaluators()).singleElement().satisfies(ev -> {
            assertThat(ev.id()).isEqualTo("perplexity");
            assertThat(ev.settings().getLong("stride")).isEqualTo(128);
        });
    }

    @Test
    void resolvesPluginPathOptionsAgainstTheExperimentFilesDirectory() throws IOException {
        Experiment e = loader.load(write("""
                [[methods]]
                compressor = "budget"
                seed-tokens = 4
                dictionary = "trained/dict.bin"

                [[methods]]
                compressor = "budget"
                label = "no-file"
                seed-tokens = 4
                """));
        assertThat(e.methods().get(0).settings().getString("dictionary"))
                .isEqualTo(dir.resolve("trained/dict.bin").normalize().toString());
        assertThat(e.methods().get(1).settings().getString("dictionary")).as("blank stays blank").isEmpty();
    }

    @Test
    void fillsDefaultsForEverythingOptional() throws IOException {
        Experiment e = loader.load(write(""));
        assertThat(e.name()).isEqualTo("exp");
        assertThat(e.seed()).isEqualTo(42);
        assertThat(e.outputDir()).isEqualTo(dir.resolve("results/exp").toAbsolutePath().normalize());
        assertThat(e.model()).isEqualTo(new ModelSpec("embedded:default", Optional.empty(), "auto", 0));
        assertThat(e.data()).isEqualTo(new DataSpec("embedded:default", 2048, 0));
        assertThat(e.methods()).isEmpty();
        assertThat(e.evaluators()).extracting(EvaluatorSpec::id).containsExactly("perplexity");
    }

    @Test
    void rejectsUnknownKeysListingTheAllowedKeysWithLine() throws IOException {
        List<ConfigProblem> problems = problems("""
                [model]
                device = "cpu"
                threds = 2

                [[methods]]
                strategy = "window"
                windw = 3
                """);
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).keyPath()).isEqualTo("model.threds");
        assertThat(problems.get(0).line()).isEqualTo(3);
        assertThat(problems.get(0).detail()).contains("allowed keys: checkpoint, tokenizer, device, threads");
        assertThat(problems.get(1).keyPath()).isEqualTo("methods[0].windw");
        assertThat(problems.get(1).line()).isEqualTo(7);
        assertThat(problems.get(1).detail()).contains("strategy window").contains("allowed keys: strategy, label, parameters, window, mode");
        assertThat(problems.get(1).getMessage()).startsWith(dir.resolve("exp.toml").toAbsolutePath() + ":7: methods[0].windw: ");
    }

    @Test
    void rejectsWrongTypesNamingKeyPathAndLine() throws IOException {
        List<ConfigProblem> problems = problems("""
                [experiment]
                seed = "seven"

                [[methods]]
                strategy = "full"

                [[methods]]
                strategy = "window"
                window = "big"
                mode = "random"
                """);
        assertThat(problems).extracting(ConfigProblem::keyPath, ConfigProblem::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("experiment.seed", 2),
                        org.assertj.core.groups.Tuple.tuple("methods[1].window", 9),
                        org.assertj.core.groups.Tuple.tuple("methods[1].mode", 10));
        assertThat(problems.get(0).detail()).contains("expected integer but found string 'seven'");
        assertThat(problems.get(2).detail()).contains("allowed values: last, strided");
    }

    @Test
    void rejectsValuesOutOfRangeAndMissingRequiredKeys() throws IOException {
        List<ConfigProblem> problems = problems("""
                [data]
                tokens = 0

                [[methods]]
                compressor = "budget"
                ratio = 1.5
                """);
        assertThat(problems).extracting(ConfigProblem::keyPath)
                .containsExactly("data.tokens", "methods[0].seed-tokens", "methods[0].ratio");
        assertThat(problems.get(0).detail()).contains("out of range");
        assertThat(problems.get(1).detail()).contains("required integer is missing");
        assertThat(problems.get(1).line()).as("a missing key points at its table").isEqualTo(4);
        assertThat(problems.get(2).line()).isEqualTo(6);
    }

    @Test
    void rejectsUnknownPluginIdWithAllowedValues() throws IOException {
        List<ConfigProblem> problems = problems("""
                [[methods]]
                strategy = "sliding"

                [[methods]]
                compressor = "gzip"

                [[evaluators]]
                id = "bleu"
                """);
        assertThat(problems).extracting(ConfigProblem::keyPath, ConfigProblem::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("methods[0].strategy", 2),
                        org.assertj.core.groups.Tuple.tuple("methods[1].compressor", 5),
                        org.assertj.core.groups.Tuple.tuple("evaluators[0].id", 8));
        assertThat(problems.get(0).detail()).contains("unknown strategy id 'sliding'; available: full, window");
        assertThat(problems.get(1).detail()).contains("available: budget");
        assertThat(problems.get(2).detail()).contains("available: perplexity");
    }

    @Test
    void rejectsAMethodWithBothOrNeitherStrategyAndCompressor() throws IOException {
        List<ConfigProblem> problems = problems("""
                [[methods]]
                strategy = "window"
                compressor = "budget"

                [[methods]]
                label = "nothing"
                """);
        assertThat(problems).extracting(ConfigProblem::keyPath, ConfigProblem::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("methods[0]", 1),
                        org.assertj.core.groups.Tuple.tuple("methods[1]", 5));
        assertThat(problems.get(0).detail()).contains("both strategy and compressor");
        assertThat(problems.get(1).detail()).contains("missing strategy = \"id\" or compressor = \"id\"")
                .contains("strategies: full, window");
    }

    @Test
    void reportsAMissingFileWithItsResolvedPath() {
        Path missing = dir.resolve("sub/../nope.toml");
        InvalidExperimentException e = catchThrowableOfType(InvalidExperimentException.class, () -> loader.load(missing));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(dir.resolve("nope.toml").toAbsolutePath());
            assertThat(p.getMessage()).isEqualTo(dir.resolve("nope.toml").toAbsolutePath() + ": no such file");
        });
    }

    @Test
    void reportsTomlSyntaxErrorsWithTomlLine() throws IOException {
        List<ConfigProblem> problems = problems("""
                [experiment]
                name = "x"
                name = "y"
                """);
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.detail()).startsWith("TOML syntax error").contains("Duplicate key");
        });
    }

    @Test
    void rejectsTablesOfTheWrongShape() throws IOException {
        List<ConfigProblem> problems = problems("""
                model = "big"
                colour = "red"

                [methods]
                strategy = "full"
                """);
        assertThat(problems).extracting(ConfigProblem::keyPath).containsExactlyInAnyOrder("model", "colour", "methods");
        assertThat(problems).filteredOn(p -> p.keyPath().equals("methods")).singleElement()
                .satisfies(p -> {
                    assertThat(p.line()).isEqualTo(4);
                    assertThat(p.detail()).contains("[[methods]]");
                });
        assertThat(problems).filteredOn(p -> p.keyPath().equals("colour")).singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(2));
    }

    @Test
    void rejectsMissingAssetFilesWithResolvedPaths() throws IOException {
        List<ConfigProblem> problems = problems("""
                [model]
                checkpoint = "models/none.bin"
                [data]
                source = "embedded:other"
                """);
        assertThat(problems).extracting(ConfigProblem::keyPath).containsExactly("model.checkpoint", "data.source");
        assertThat(problems.get(0).detail()).contains(dir.resolve("models/none.bin").toAbsolutePath().toString());
        assertThat(problems.get(1).detail()).contains("embedded:default");
    }

    @Test
    void resolvesWikiTextSourcesAgainstTheFile() throws IOException {
        Files.writeString(dir.resolve("wiki.txt"), " = Title = \n text\n");
        Experiment e = loader.load(write("[data]\nsource = \"wikitext:wiki.txt\"\n"));
        assertThat(e.data().source()).isEqualTo("wikitext:" + dir.resolve("wiki.txt").toAbsolutePath().normalize());
        List<ConfigProblem> problems = problems("[data]\nsource = \"wikitext:none.txt\"\n");
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.detail()).contains(dir.resolve("none.txt").toAbsolutePath().toString()));
    }

    @Test
    void readsCommandLineAssignmentsAsTomlValues() {
        var entry = FakeProviders.registry().entry(ProviderKind.ATTENTION_STRATEGY, "window");
        var settings = loader.settings(entry, List.of("window=32", "mode = strided"), "--set");
        assertThat(settings.getLong("window")).isEqualTo(32);
        assertThat(settings.getString("mode")).isEqualTo("strided");
        assertThatThrownBy(() -> loader.settings(entry, List.of("window=big"), "--set"))
                .hasMessageContaining("--set.window").hasMessageContaining("expected integer");
        assertThatThrownBy(() -> loader.settings(entry, List.of("window"), "--set")).hasMessageContaining("key=value");
    }

    @Test
    void rejectsDuplicateMethodLabels() throws IOException {
        List<ConfigProblem> problems = problems("""
                [[methods]]
                strategy = "window"
                [[methods]]
                strategy = "window"
                window = 64
                """);
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.keyPath()).isEqualTo("methods[1].label");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.detail()).contains("'window' is already used by methods[0]");
        });
    }

    @Test
    void readsTrainedParametersOfAStrategyResolvedAgainstTheFile() throws IOException {
        Path file = write("""
                [[methods]]
                strategy = "window"
                parameters = "trained/window.safetensors"
                """);
        Experiment experiment = loader.load(file);
        assertThat(experiment.methods().get(0).parameters()).contains(dir.resolve("trained/window.safetensors"));
        assertThat(experiment.methods().get(0).settings().asMap()).doesNotContainKey("parameters");
    }

    @Test
    void rejectsTrainedParametersOnACompressor() throws IOException {
        List<ConfigProblem> problems = problems("""
                [[methods]]
                compressor = "budget"
                seed-tokens = 4
                parameters = "x.safetensors"
                """);
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.keyPath()).isEqualTo("methods[0].parameters");
            assertThat(p.detail()).contains("unknown key").doesNotContain("parameters,");
        });
    }

    @Test
    void collectsEveryProblemIntoOneMessageSortedByLine() throws IOException {
        Path file = write("""
                [[methods]]
                strategy = "nope"
                [model]
                device = "tpu"
                """);
        InvalidExperimentException e = catchThrowableOfType(InvalidExperimentException.class, () -> loader.load(file));
        assertThat(e.getMessage()).startsWith(file.toAbsolutePath() + ": 2 problems")
                .contains(":2: methods[0].strategy: unknown strategy id 'nope'")
                .contains(":4: model.device: 'tpu' is not allowed; allowed values: auto, cpu, cuda");
        assertThat(e.getMessage().indexOf(":2:")).isLessThan(e.getMessage().indexOf(":4:"));
    }
}
