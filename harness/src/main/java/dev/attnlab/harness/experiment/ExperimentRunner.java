package dev.attnlab.harness.experiment;

import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.compress.Compressor;
import dev.attnlab.api.compress.CompressionContext;
import dev.attnlab.api.eval.EvaluationContext;
import dev.attnlab.api.eval.EvaluationResult;
import dev.attnlab.api.eval.Evaluator;
import dev.attnlab.api.eval.MethodUnderTest;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.model.TextTokenizer;
import dev.attnlab.api.plugin.ProviderKind;
import dev.attnlab.harness.config.EvaluatorSpec;
import dev.attnlab.harness.config.Experiment;
import dev.attnlab.harness.config.MethodSpec;
import dev.attnlab.harness.report.CellResult;
import dev.attnlab.harness.report.CellStatus;
import dev.attnlab.harness.report.MethodRecord;
import dev.attnlab.harness.report.Provenance;
import dev.attnlab.harness.report.ReportWriter;
import dev.attnlab.harness.report.ResultsJson;
import dev.attnlab.harness.report.RunResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs an experiment: every method beside full attention on the same tokens, every evaluator on every
 * method. Full attention is loaded once and its logits are cached across methods and evaluators. It is
 * also the first method, so each table has a reference row. A method that cannot be built, or an
 * evaluator that throws, becomes a failed cell with its message; the other cells still run.
 * results.json is replaced atomically after every cell, so an interrupted run can resume from it.
 */
public final class ExperimentRunner {

    /** Label and provider id of the reference. */
    public static final String REFERENCE = "full";

    private static final long REFERENCE_CACHE_BYTES = 256L * 1024 * 1024;

    private final ProviderCatalog catalog;
    private final ModelProvider models;
    private final DatasetProvider data;
    private final Clock clock;
    private final String version;

    public ExperimentRunner(ProviderCatalog catalog, ModelProvider models, DatasetProvider data, Clock clock,
                            String attnlabVersion) {
        this.catalog = catalog;
        this.models = models;
        this.data = data;
        this.clock = clock;
        this.version = attnlabVersion;
    }

    /** A runner stamping results with this module's version and the system clock. */
    public ExperimentRunner(ProviderCatalog catalog, ModelProvider models, DatasetProvider data) {
        this(catalog, models, data, Clock.systemUTC(), harnessVersion());
    }

    /**
     * Runs {@code experiment} and writes its output directory.
     *
     * @return every cell, including those kept from an earlier run when resuming
     * @throws UncheckedIOException when the experiment file cannot be read or the output not written
     * @throws RuntimeException     when the reference model or the data cannot be loaded (nothing to compare to)
     */
    public RunResults run(Experiment experiment, RunOptions options) {
        String configText = read(experiment.file());
        String configHash = sha256(configText);
        Path outputDir = options.outputDir().orElse(experiment.outputDir());
        Optional<RunResults> previous = options.resume() ? previous(outputDir, configHash, options) : Optional.empty();

        List<Evaluator> evaluators = new ArrayList<>();
        for (EvaluatorSpec spec : experiment.evaluators()) {
            evaluators.add(catalog.evaluator(spec.id()));
        }
        List<MethodRecord> methods = new ArrayList<>();
        methods.add(new MethodRecord(REFERENCE, MethodRecord.REFERENCE, REFERENCE, version, Map.of()));
        List<String> labels = uniqueLabels(experiment.methods());
        List<Provenance.PluginVersion> plugins = new ArrayList<>();
        for (MethodSpec spec : experiment.methods()) {
            String providerVersion = providerVersion(spec);
            methods.add(new MethodRecord(labels.get(spec.index()), spec.kind().label(), spec.id(), providerVersion,
                    spec.settings().asMap()));
            plugins.add(new Provenance.PluginVersion(spec.kind().label(), spec.id(), providerVersion));
        }
        for (Evaluator e : evaluators) {
            plugins.add(new Provenance.PluginVersion(ProviderKind.EVALUATOR.label(), e.id(), e.version()));
        }
        List<String> evaluatorIds = experiment.evaluators().stream().map(EvaluatorSpec::id).toList();

        try (LanguageModel referenceModel = models.reference(experiment)) {
            Optional<TextTokenizer> tokenizer = models.tokenizer(experiment);
            DatasetProvider.Dataset dataset = data.load(experiment, referenceModel, tokenizer);
            Provenance provenance = new Provenance(configText, configHash, dedupe(plugins), referenceModel.info().name(),
                    referenceModel.info().contentHash(), dataset.provenance(), experiment.seed(), Provenance.Machine.current(),
                    clock.instant(), null, version);
            RunResults results = new RunResults(experiment.name(), provenance, methods, evaluatorIds, List.of());
            CachingMethod reference = new CachingMethod(new ModelMethod(REFERENCE, referenceModel), REFERENCE_CACHE_BYTES);
            options.log().println("attnlab: " + experiment.name() + ": " + methods.size() + " methods x "
                    + evaluators.size() + " evaluators on " + dataset.tokens().length + " tokens (" + dataset.provenance()
                    + "), output " + outputDir);

            for (int m = 0; m < methods.size(); m++) {
                MethodRecord record = methods.get(m);
                MethodSpec spec = m == 0 ? null : experiment.methods().get(m - 1);
                results = runMethod(experiment, options, outputDir, previous, evaluators, record, spec, reference,
                        referenceModel, tokenizer, dataset, results);
            }
            results = results.with(results.provenance().finishedAt(clock.instant()));
            ReportWriter.writeAll(results, outputDir, options.charts());
            long failed = results.failures().size();
            options.log().println("attnlab: wrote " + outputDir.resolve(ReportWriter.SUMMARY)
                    + (failed > 0 ? " (" + failed + " failed cells, see the summary)" : ""));
            return results;
        }
    }

    private RunResults runMethod(Experiment experiment, RunOptions options, Path outputDir,
                                 Optional<RunResults> previous, List<Evaluator> evaluators, MethodRecord record,
                                 MethodSpec spec, CachingMethod reference, LanguageModel referenceModel,
                                 Optional<TextTokenizer> tokenizer, DatasetProvider.Dataset dataset, RunResults results) {
        List<Integer> pending = new ArrayList<>();
        for (int e = 0; e < evaluators.size(); e++) {
            String evaluatorId = evaluators.get(e).id();
            Optional<CellResult> done = previous.flatMap(p -> p.cell(record.label(), evaluatorId))
                    .filter(c -> c.status() != CellStatus.FAILED);
            if (done.isPresent()) {
                results = results.with(done.get());
            } else {
                pending.add(e);
            }
        }
        if (pending.isEmpty()) {
            options.log().println("attnlab: " + record.label() + ": kept from the earlier run");
            return results;
        }
        Built built;
        long start = System.nanoTime();
        try {
            built = build(experiment, spec, record, reference, referenceModel, tokenizer, dataset, outputDir, options);
        } catch (RuntimeException | LinkageError e) {
            String message = "could not build the method: " + describe(e);
            options.log().println("attnlab: " + record.label() + ": " + message);
            for (int e2 : pending) {
                results = results.with(CellResult.failed(record.label(), evaluators.get(e2).id(), message, seconds(start)));
            }
            ReportWriter.writeResults(results, outputDir);
            return results;
        }
        try {
            for (int e : pending) {
                Evaluator evaluator = evaluators.get(e);
                EvaluatorSpec evaluatorSpec = experiment.evaluators().get(e);
                CellResult cell = evaluate(experiment, options, outputDir, record, built, reference, tokenizer,
                        dataset, evaluator, evaluatorSpec);
                results = results.with(cell);
                ReportWriter.writeResults(results, outputDir);
                options.log().println("attnlab: " + record.label() + " x " + evaluator.id() + ": "
                        + cell.status().name().toLowerCase(Locale.ROOT)
                        + (cell.message().isEmpty() ? "" : " (" + cell.message() + ")")
                        + String.format(Locale.ROOT, " in %.1f s", cell.seconds()));
            }
        } finally {
            if (built.ownModel != null) {
                built.ownModel.close();
            }
        }
        return results;
    }

    private CellResult evaluate(Experiment experiment, RunOptions options, Path outputDir, MethodRecord record,
                                Built built, CachingMethod reference, Optional<TextTokenizer> tokenizer,
                                DatasetProvider.Dataset dataset, Evaluator evaluator, EvaluatorSpec spec) {
        if (record.kind().equals(ProviderKind.COMPRESSOR.label()) && !evaluator.supportsCompressors()) {
            return CellResult.skipped(record.label(), evaluator.id(), evaluator.id() + " measures attention strategies only");
        }
        long start = System.nanoTime();
        try {
            Path workDir = outputDir.resolve("work").resolve(evaluator.id()).resolve(slug(record.label()));
            Files.createDirectories(workDir);
            EvaluationContext context = new EvaluationContext(reference, built.method, built.factory,
                    dataset.tokens().clone(), tokenizer, workDir, options.progress(), experiment.seed());
            EvaluationResult result = evaluator.evaluate(context, spec.settings());
            return CellResult.ok(record.label(), evaluator.id(), result, seconds(start));
        } catch (RuntimeException | IOException | LinkageError | AssertionError e) {
            return CellResult.failed(record.label(), evaluator.id(), describe(e), seconds(start));
        }
    }

    /** A method ready to evaluate, and the model the runner must close after it (null for none). */
    private record Built(MethodUnderTest method, Optional<EvaluationContext.ModelFactory> factory, LanguageModel ownModel) {
    }

    private Built build(Experiment experiment, MethodSpec spec, MethodRecord record, CachingMethod reference,
                        LanguageModel referenceModel, Optional<TextTokenizer> tokenizer, DatasetProvider.Dataset dataset,
                        Path outputDir, RunOptions options) {
        if (spec == null) {
            return new Built(reference, models.factory(experiment, null, null), null);
        }
        if (spec.kind() == ProviderKind.ATTENTION_STRATEGY) {
            AttentionStrategy strategy = catalog.strategy(spec.id());
            LanguageModel model = models.withStrategy(experiment, strategy, spec.settings(), spec.parameters());
            return new Built(new ModelMethod(record.label(), model),
                    models.factory(experiment, strategy, spec.settings()), model);
        }
        Compressor compressor = catalog.compressor(spec.id());
        Path workDir = outputDir.resolve("work").resolve("compressors").resolve(slug(record.label()));
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + workDir, e);
        }
        CompressionContext context = new CompressionContext(referenceModel, tokenizer,
                calibration(experiment, referenceModel, tokenizer), workDir, options.progress(), experiment.seed());
        var prepared = compressor.create(context, spec.settings());
        return new Built(new CompressorMethod(record.label(), referenceModel, prepared, Budgets.of(spec.settings())),
                Optional.empty(), null);
    }

    /** The compressors' calibration corpus: held-out tokens, so no method learns from what it is scored on. */
    private int[] calibration(Experiment experiment, LanguageModel referenceModel, Optional<TextTokenizer> tokenizer) {
        return data.load(experiment.withHeldOutData(), referenceModel, tokenizer).tokens().clone();
    }

    private Optional<RunResults> previous(Path outputDir, String configHash, RunOptions options) {
        Path file = outputDir.resolve(ReportWriter.RESULTS_JSON);
        if (!Files.isRegularFile(file)) {
            options.log().println("attnlab: --resume: no " + file + " yet, starting afresh");
            return Optional.empty();
        }
        RunResults earlier = ResultsJson.read(read(file), file.toString());
        if (!earlier.provenance().configHash().equals(configHash)) {
            options.log().println("attnlab: --resume: " + file + " was made from another configuration (hash "
                    + earlier.provenance().configHash().substring(0, 12) + "...); running every cell again");
            return Optional.empty();
        }
        return Optional.of(earlier);
    }

    private String providerVersion(MethodSpec spec) {
        return spec.kind() == ProviderKind.COMPRESSOR ? catalog.compressor(spec.id()).version()
                : catalog.strategy(spec.id()).version();
    }

    /** Labels as given, with {@code #n} appended to repeats so every table row is distinct. */
    static List<String> uniqueLabels(List<MethodSpec> specs) {
        List<String> labels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        seen.add(REFERENCE);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (MethodSpec spec : specs) {
            String label = spec.label();
            while (!seen.add(label)) {
                int n = counts.merge(spec.label(), 1, Integer::sum) + 1;
                label = spec.label() + " #" + n;
            }
            labels.add(label);
        }
        return labels;
    }

    private static List<Provenance.PluginVersion> dedupe(List<Provenance.PluginVersion> plugins) {
        return plugins.stream().distinct().toList();
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static String slug(String label) {
        String s = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.isEmpty() ? "method" : s;
    }

    private static String harnessVersion() {
        Module module = ExperimentRunner.class.getModule();
        if (module.isNamed() && module.getDescriptor() != null && module.getDescriptor().rawVersion().isPresent()) {
            return module.getDescriptor().rawVersion().get();
        }
        String implementation = ExperimentRunner.class.getPackage().getImplementationVersion();
        return implementation != null ? implementation : "dev";
    }
}
