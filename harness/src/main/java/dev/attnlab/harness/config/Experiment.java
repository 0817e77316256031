package dev.attnlab.harness.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A validated experiment, as read from a TOML file by {@link ExperimentLoader}.
 *
 * @param file       the TOML file it came from
 * @param name       {@code [experiment] name}
 * @param seed       {@code [experiment] seed}
 * @param outputDir  {@code [experiment] output}, resolved against the file's directory
 * @param model      {@code [model]}
 * @param data       {@code [data]}
 * @param methods    {@code [[methods]]} in file order
 * @param evaluators {@code [[evaluators]]} in file order
 */
public record Experiment(Path file, String name, long seed, Path outputDir, ModelSpec model, DataSpec data,
                         List<MethodSpec> methods, List<EvaluatorSpec> evaluators) {

    public Experiment {
        methods = List.copyOf(methods);
        evaluators = List.copyOf(evaluators);
    }

    /**
     * This experiment reading as many tokens again, disjoint from the evaluated ones: the data source with
     * the next seed (synthetic text and model samples are seeded) and further on ({@code offset + tokens})
     * in a file. For what methods learn from (calibration, training) so that they never see scored tokens.
     */
    public Experiment withHeldOutData() {
        return withHeldOutData(data.tokens());
    }

    /** This experiment reading {@code tokens} tokens from the same source, seed and offset (a prefix or extension of its data). */
    public Experiment withDataTokens(int tokens) {
        return new Experiment(file, name, seed, outputDir, model, new DataSpec(data.source(), tokens, data.offset()),
                methods, evaluators);
    }

    /** As {@link #withHeldOutData()}, reading {@code tokens} held-out tokens (training may want more than is scored). */
    public Experiment withHeldOutData(int tokens) {
        return new Experiment(file, name, seed + 1, outputDir, model,
                new DataSpec(data.source(), tokens, data.offset() + data.tokens()), methods, evaluators);
    }
}
