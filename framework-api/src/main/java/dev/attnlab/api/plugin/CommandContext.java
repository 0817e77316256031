package dev.attnlab.api.plugin;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.eval.Progress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** What the harness gives a {@link PluginCommand}: streams, a working directory and a chart writer. */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public interface CommandContext {

    PrintStream out();

    PrintStream err();

    /** The directory relative paths resolve against. */
    Path workingDirectory();

    Progress progress();

    /**
     * Writes a line chart as {@code <base>.png} and {@code <base>.svg}.
     *
     * @param base   the output path without extension
     * @param series the lines; x values must be positive when {@code logX}
     */
    void lineChart(Path base, String title, String xLabel, String yLabel, List<Series> series, boolean logX,
                   boolean logY);

    /** One line of a chart. */
    record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series " + name + ": " + x.length + " x values, " + y.length + " y values");
            }
        }
    }
}
