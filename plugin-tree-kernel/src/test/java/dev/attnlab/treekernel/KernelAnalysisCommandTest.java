package dev.attnlab.treekernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attnlab.api.eval.Progress;
import dev.attnlab.api.plugin.CommandContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelAnalysisCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<List<CommandContext.Series>> charts = new ArrayList<>();
    private final List<Path> chartPaths = new ArrayList<>();

    private int run(String... args) {
        CommandContext context = new CommandContext() {
            private final PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            private final PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

            @Override
            public PrintStream out() {
                return o;
            }

            @Override
            public PrintStream err() {
                return e;
            }

            @Override
            public Path workingDirectory() {
                return dir;
            }

            @Override
            public Progress progress() {
                throw new UnsupportedOperationException("the command does not report progress");
            }

            @Override
            public void lineChart(Path base, String title, String xLabel, String yLabel, List<Series> series,
                                  boolean logX, boolean logY) {
                chartPaths.add(base);
                charts.add(series);
            }
        };
        return new KernelAnalysisCommand().run(context, List.of(args));
    }

    private static final String[] VALID = {"--method", "all", "--dim", "8", "--features", "8", "--query-norm", "1",
        "--key-norm", "1", "--scaling", "0.5", "--exponent", "1", "--draws", "50", "--steps", "3", "--out", "ka"};

    @Test
    void writesTableCsvAndChartForEveryEstimator() throws IOException {
        assertThat(run(VALID)).isZero();
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("FAVOR+ (iid)", "FAVOR+ (orthogonal)", "FAVOR+ReLU (iid)", "std/mean");
        List<String> csv = Files.readAllLines(dir.resolve("ka/kernel-analysis.csv"));
        assertThat(csv).hasSize(1 + 4 * 3);
        assertThat(csv.get(0)).startsWith("method,orthogonal,query_norm,key_norm,exact,mean,std");
        assertThat(chartPaths).containsExactly(dir.resolve("ka/kernel-analysis"));
        // four estimators plus the closed form of iid FAVOR+
        assertThat(charts.get(0)).hasSize(5);
        assertThat(charts.get(0).get(0).x()).containsExactly(1 / 3.0, 2 / 3.0, 1.0);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private void assertRejected(String message, String... args) {
        assertThat(run(args)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(message, "usage: attnlab kernel-analysis");
        assertThat(charts).isEmpty();
    }

    @Test
    void rejectsUnknownArgumentWithUsage() {
        String[] args = java.util.Arrays.copyOf(VALID, VALID.length + 1);
        args[VALID.length] = "--fast";
        assertRejected("unknown argument '--fast'", args);
    }

    @Test
    void rejectsMissingRequiredOption() {
        assertRejected("missing --scaling", "--method", "FAVOR+", "--dim", "8", "--features", "8", "--query-norm", "1",
                "--key-norm", "1", "--exponent", "1");
    }

    @Test
    void rejectsNonNumericDimension() {
        String[] args = VALID.clone();
        args[3] = "eight";
        assertRejected("--dim expects an integer, got 'eight'", args);
    }

    @Test
    void rejectsUnknownMethod() {
        String[] args = VALID.clone();
        args[1] = "performer";
        assertRejected("--method 'performer' is not known; expected FAVOR+, FAVOR+ReLU or all", args);
    }

    @Test
    void rejectsOptionWithoutValue() {
        assertRejected("--dim needs a value", "--method", "FAVOR+", "--dim");
    }

    @Test
    void rejectsOutOfRangeValues() {
        String[] args = VALID.clone();
        args[11] = "-1";
        assertRejected("scaling must be positive", args);
    }
}
