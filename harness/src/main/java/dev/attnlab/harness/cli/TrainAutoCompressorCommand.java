package dev.attnlab.harness.cli;

import dev.attnlab.api.config.Settings;
import dev.attnlab.api.plugin.ProviderKind;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.config.Experiment;
import dev.attnlab.harness.config.ExperimentLoader;
import dev.attnlab.harness.config.MethodSpec;
import dev.attnlab.harness.experiment.DatasetProvider;
import dev.attnlab.harness.experiment.ModelProvider;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.io.Checkpoints;
import dev.attnlab.harness.train.TrainConfig;
import dev.attnlab.harness.train.TrainResult;
import dev.attnlab.harness.train.autocompress.AutoCompressorOptions;
import dev.attnlab.harness.train.autocompress.AutoCompressorTrainer;
import dev.attnlab.harness.train.autocompress.SegmentLosses;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code attnlab train-autocompressor CONFIG.toml --method LABEL}: trains the summary-token embeddings of
 * an {@code autocompressor} method for the experiment's model (base model frozen) and writes them where the
 * method's {@code embeddings} key points, then reports on the experiment's own tokens the loss of segment 2
 * given the summaries of segment 1, against no context and the full context.
 *
 * <p>Training windows are the method's {@code segments} (when it lists two or more) or
 * {@code --segments-per-window} runs of its {@code segment_length}; training tokens come from the
 * experiment's data source with the next seed, disjoint from what the experiment scores.
 */
@Command(name = "train-autocompressor", description = "Train an autocompressor method's summary tokens for the "
        + "experiment's model and write them to the method's 'embeddings' file.")
final class TrainAutoCompressorCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG.toml", description = "The experiment whose model, data and method to use.")
    String config;

    @Option(names = "--method", required = true, paramLabel = "LABEL",
            description = "The label of an autocompressor method in the experiment.")
    String method;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the embeddings (default: the "
            + "method's 'embeddings' path). An existing file of this run's shape and model is resumed.")
    String out;

    @Option(names = "--steps", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    int steps = 200;

    @Option(names = "--batch", description = "Windows per step (default: ${DEFAULT-VALUE}).")
    int batch = 8;

    @Option(names = "--lr", description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate = 0.02;

    @Option(names = "--kl", description = "Weight of KL(full context || summaries) added to the next-token loss "
            + "(default: ${DEFAULT-VALUE}).")
    double klWeight;

    @Option(names = "--segments-per-window", description = "Segments per training window when the method lists "
            + "no explicit segments (default: ${DEFAULT-VALUE}).")
    int segmentsPerWindow = 2;

    @Option(names = "--train-tokens", description = "Held-out tokens to draw training windows from "
            + "(default: ${DEFAULT-VALUE}).")
    int trainTokens = 16_384;

    @Option(names = "--align", paramLabel = "N", description = "Windows start at multiples of N tokens: the "
            + "document length of the data, so that every window starts a document (model-samples are documents "
            + "of the model's context length, each from BOS) (default: ${DEFAULT-VALUE} = anywhere).")
    int align = 1;

    @Option(names = "--eval-windows", description = "Windows in the final report, read from the experiment's data "
            + "source (extended past its [data] tokens where needed) (default: ${DEFAULT-VALUE}).")
    int evalWindows = 64;

    private final ExperimentLoader loader;
    private final ModelProvider models;
    private final DatasetProvider data;
    private final Console console;

    @Inject
    TrainAutoCompressorCommand(ExperimentLoader loader, ModelProvider models, DatasetProvider data, Console console) {
        this.loader = loader;
        this.models = models;
        this.data = data;
        this.console = console;
    }

    @Override
    public Integer call() {
        Experiment experiment = loader.load(console.resolve(config));
        MethodSpec spec = ExperimentInputs.method(experiment, method, config);
        if (spec.kind() != ProviderKind.COMPRESSOR || !spec.id().equals("autocompressor")) {
            throw new UsageException("method '" + method + "' is " + spec.id()
                    + "; train-autocompressor trains methods with compressor = \"autocompressor\"");
        }
        Settings s = spec.settings();
        Path file = outputFile(s);
        int[] segments = trainingSegments(s);
        int window = Arrays.stream(segments).sum();
        AutoCompressorOptions options = new AutoCompressorOptions(s.getInt("summary_vectors"), segments, 0, 0,
                s.getBoolean("accumulate"), s.getBoolean("stop_gradient"), klWeight, 0.02);
        ModelDefinition model = Checkpoints.load(experiment.model().checkpoint(), experiment.file().getParent());
        checkFits(model, options, window);

        int[] corpus = ExperimentInputs.tokens(models, data,
                experiment.withHeldOutData(Math.max(trainTokens, 2 * window)));
        console.out().printf("training %d summary tokens for %s: windows of %s tokens, %d steps of %d windows, "
                + "from %d held-out tokens%n", options.summaryVectors(), model.info().name(), Arrays.toString(segments),
                steps, batch, corpus.length);
        TrainConfig train = new TrainConfig(steps, window, batch, learningRate, 0.0, 0.0, experiment.seed(), file,
                Math.max(1, steps / 10));
        if (align < 1) {
            throw new UsageException("--align must be at least 1, was " + align);
        }
        AutoCompressorTrainer trainer = new AutoCompressorTrainer(Cli.progress(console), align);
        TrainResult result = trainer.train(model, corpus, train, options);
        FloatTensor embeddings = result.parameters().get(AutoCompressorOptions.TENSOR);

        int[] evaluated = ExperimentInputs.tokens(models, data, experiment.withDataTokens(
                Math.max(experiment.data().tokens(), evalWindows * Math.max(window, align))));
        int windows = Math.min(evalWindows, evaluated.length / Math.max(window, align));
        if (windows < 1) {
            console.out().printf("OK: wrote %s; the experiment's %d tokens hold no window of %d for a report%n", file,
                    evaluated.length, window);
            return ExitCodes.OK;
        }
        SegmentLosses before = trainer.evaluate(model, AutoCompressorTrainer.initialEmbeddings(model,
                options.summaryVectors(), options.initNoise(), experiment.seed()), evaluated, window, windows,
                experiment.seed(), options);
        SegmentLosses after = trainer.evaluate(model, embeddings, evaluated, window, windows, experiment.seed(), options);
        console.out().printf("%nloss (nats/token) of the segments after the first, %d windows (%d tokens) of the "
                + "experiment's data:%n", windows, after.tokens());
        console.out().println(report(before, after));
        console.out().printf("OK: wrote %s; use it with embeddings = \"%s\" in the method's table%n", file, file);
        return ExitCodes.OK;
    }

    /** {@code --out}, else the method's {@code embeddings} (already resolved against the experiment file). */
    private Path outputFile(Settings s) {
        if (out != null) {
            return console.resolve(out);
        }
        String configured = s.getString("embeddings");
        if (configured.isBlank()) {
            throw new UsageException("method '" + method + "' has no embeddings path; give --out FILE or set "
                    + "embeddings = \"FILE\" in its table");
        }
        return Path.of(configured);
    }

    private int[] trainingSegments(Settings s) {
        List<Long> listed = s.getLongList("segments");
        if (listed.size() >= 2) {
            return listed.stream().mapToInt(Long::intValue).toArray();
        }
        int length = listed.size() == 1 ? listed.get(0).intValue() : s.getInt("segment_length");
        if (segmentsPerWindow < 2) {
            throw new UsageException("--segments-per-window must be at least 2 (a segment to compress and one to "
                    + "score), was " + segmentsPerWindow);
        }
        int[] out = new int[segmentsPerWindow];
        Arrays.fill(out, length);
        return out;
    }

    /** The longest pass (accumulated summaries + segment + summary tokens) must fit the model's positions. */
    private void checkFits(ModelDefinition model, AutoCompressorOptions options, int window) {
        int[] segments = options.segments();
        int kappa = options.summaryVectors();
        int carried = options.accumulate() ? kappa * (segments.length - 1) : kappa;
        int longest = carried + Arrays.stream(segments).max().orElseThrow() + kappa;
        int max = model.info().maxContext();
        if (longest > max || window > max) {
            throw new UsageException("a training pass needs " + Math.max(longest, window) + " positions but "
                    + model.info().name() + " has " + max + "; use shorter segments or fewer summary vectors");
        }
    }

    private static String report(SegmentLosses before, SegmentLosses after) {
        return String.join(System.lineSeparator(),
                "| given | loss | perplexity |",
                "|---|---:|---:|",
                String.format("| summaries of the earlier segments (trained) | %.4f | %.3f |", after.summary(),
                        after.summaryPerplexity()),
                String.format("| summaries before training | %.4f | %.3f |", before.summary(),
                        Math.exp(before.summary())),
                String.format("| summaries of another window (control) | %.4f | %.3f |", after.otherWindow(),
                        Math.exp(after.otherWindow())),
                String.format("| no context | %.4f | %.3f |", after.noContext(), after.noContextPerplexity()),
                String.format("| full context | %.4f | %.3f |", after.fullContext(), after.fullContextPerplexity()),
                String.format("gap closed by the summaries: %.0f%%", 100 * after.gapClosed()));
    }
}
