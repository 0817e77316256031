package dev.attnlab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attnlab.harness.plugins.TestJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line run in-process: exit codes, what is printed, plugin command dispatch. */
class CliTest {

    @TempDir
    static Path work;

    private static Path plugins;

    @BeforeAll
    static void buildACommandPlugin() throws IOException {
        Path classes = TestJars.compile(work.resolve("build"), Map.of(
                "test.cmd/module-info.java", """
                        module test.cmd {
                            requires dev.attnlab.api;
                            provides dev.attnlab.api.plugin.PluginCommand with test.cmd.Chart, test.cmd.Fail;
                        }""",
                "test.cmd/test/cmd/Chart.java", """
                        package test.cmd;
                        import dev.attnlab.api.plugin.CommandContext;
                        import java.util.List;
                        public class Chart implements dev.attnlab.api.plugin.PluginCommand {
                            public String name() { return "demo chart"; }
                            public String description() { return "draws a chart"; }
                            public String usage() { return "demo chart OUT"; }
                            public int run(CommandContext c, List<String> args) {
                                if (args.size() != 1) { c.err().println("need OUT"); return 2; }
                                c.lineChart(java.nio.file.Path.of(args.get(0)), "t", "x", "y",
                                        List.of(new CommandContext.Series("s", new double[] {1, 2, 4}, new double[] {1, 3, 2})),
                                        true, false);
                                c.out().println("charted " + args.get(0));
                                return 0;
                            }
                        }""",
                "test.cmd/test/cmd/Fail.java", """
                        package test.cmd;
                        public class Fail implements dev.attnlab.api.plugin.PluginCommand {
                            public String name() { return "demo fail"; }
                            public String description() { return "always fails"; }
                            public String usage() { return "demo fail"; }
                            public int run(dev.attnlab.api.plugin.CommandContext c, java.util.List<String> args) {
                                throw new IllegalStateException("the disk is on fire");
                            }
                        }"""), true);
        plugins = Files.createDirectories(work.resolve("plugins"));
        TestJars.jar(plugins.resolve("demo.jar"), classes.resolve("test.cmd"), Map.of());
    }

    private static CliRun run(String... args) {
        return CliRun.of(work, args);
    }

    @Test
    void validatePrintsOneOkLineAndExitsZero() throws IOException {
        Files.writeString(work.resolve("good.toml"), """
                [experiment]
                name = "good"
                [[methods]]
                strategy = "full"
                label = "baseline"
                """);
        CliRun r = run("validate", "good.toml");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).startsWith("OK: " + work.resolve("good.toml").toAbsolutePath())
                .contains("experiment 'good', 1 method (baseline)").doesNotContain("\n");
    }

    @Test
    void validateExitsTwoWithEveryProblem() throws IOException {
        Files.writeString(work.resolve("bad.toml"), """
                [model]
                device = "gpu"
                [[methods]]
                strategy = "no-such-method"
                """);
        CliRun r = run("validate", "bad.toml");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("2 problems")
                .contains("bad.toml:2: model.device: 'gpu' is not allowed; allowed values: auto, cpu, cuda")
                .contains("bad.toml:4: methods[0].strategy: unknown strategy id 'no-such-method'; available: ")
                .doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void validateOfAMissingFileNamesItsResolvedPath() {
        CliRun r = run("validate", "nowhere/x.toml");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(work.resolve("nowhere/x.toml").toAbsolutePath() + ": no such file");
    }

    @Test
    void describeListsAvailableIdsForAnUnknownOne() {
        CliRun r = run("describe", "no-such-id");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("unknown provider id 'no-such-id'; available: ").contains("full");
    }

    @Test
    void describeShowsTheFixedTablesOfAnExperiment() {
        CliRun r = run("describe", "model");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("[model] table")
                .containsPattern("device +string +\"auto\" +auto \\| cpu \\| cuda +Where ONNX Runtime runs")
                .containsPattern("threads +integer +0 +\\[0, 1024\\]");
    }

    @Test
    void describeSaysWhenAProviderHasNoOptions() {
        CliRun r = run("describe", "full");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("strategy full ").contains("No options.").contains("strategy = \"full\"");
    }

    @Test
    void dispatchesPluginCommandsByTheirWordsAndWritesCharts() {
        CliRun r = run("--plugins", plugins.toString(), "demo", "chart", "charts/c1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("charted charts/c1");
        assertThat(work.resolve("charts/c1.png")).isNotEmptyFile();
        assertThat(work.resolve("charts/c1.svg")).content().contains("<svg");
    }

    @Test
    void listsPluginCommandsInHelpAndInPlugins() {
        CliRun help = run("--plugins", plugins.toString(), "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Plugin commands:").containsPattern("demo chart +draws a chart");
        CliRun describe = run("--plugins", plugins.toString(), "describe", "demo chart");
        assertThat(describe.code()).isZero();
        assertThat(describe.out()).contains("Usage: attnlab demo chart OUT");
        CliRun list = run("plugins", "--plugins", plugins.toString());
        assertThat(list.out()).containsPattern("demo chart +" + java.util.regex.Pattern.quote(
                plugins.resolve("demo.jar").toAbsolutePath().toString()) + " +draws a chart");
    }

    @Test
    void aFailingCommandPrintsOneMessageAndNoStackTraceUnlessVerbose() {
        CliRun quiet = run("--plugins", plugins.toString(), "demo", "fail");
        assertThat(quiet.code()).isEqualTo(ExitCodes.RUN_FAILURE);
        assertThat(quiet.err()).contains("error: the disk is on fire (IllegalStateException)").doesNotContain("\tat ");
        CliRun verbose = run("--plugins", plugins.toString(), "-v", "demo", "fail");
        assertThat(verbose.code()).isEqualTo(ExitCodes.RUN_FAILURE);
        assertThat(verbose.err()).contains("test.cmd.Fail.run(Fail.java:");
    }

    @Test
    void exportsACheckpointWithAStrategyAsOnnx() {
        CliRun r = run("export", "--checkpoint", "embedded:default", "--strategy", "full", "--out", "exported/m.onnx");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("wrote " + work.resolve("exported/m.onnx"));
        assertThat(work.resolve("exported/m.onnx")).isNotEmptyFile();
        CliRun bad = run("export", "--checkpoint", "embedded:default", "--strategy", "full", "--set", "window=3",
                "--out", "exported/x.onnx");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("window").contains("unknown key");
        CliRun missing = run("export", "--checkpoint", "none.bin", "--out", "x.onnx");
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains(work.resolve("none.bin").toString());
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        CliRun r = run("frobnicate");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("frobnicate");
    }

    @Test
    void aMissingExplicitPluginsDirectoryIsReportedByPlugins() {
        CliRun r = run("--plugins", "no-such-plugins", "plugins");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Problems (1):").contains("no-such-plugins").contains("does not exist");
    }
}
