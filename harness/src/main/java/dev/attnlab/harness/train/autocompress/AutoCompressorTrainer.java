package dev.attnlab.harness.train.autocompress;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.eval.Progress;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.lower.djl.DjlParameters;
import dev.attnlab.harness.model.FullAttentionStrategy;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.ReweightedModel;
import dev.attnlab.harness.model.io.SafetensorsFile;
import dev.attnlab.harness.model.io.SafetensorsWriter;
import dev.attnlab.harness.train.TrainConfig;
import dev.attnlab.harness.train.TrainResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Trains the summary-token embeddings of an AutoCompressor (by default with the base model frozen). Each step draws
 * seeded windows, cuts them into segments (fixed or random lengths), rolls them through the model as
 * the compressor does at inference ({@link SummaryRollout}), and minimises the next-token loss of the
 * later segments given only the summaries (plus, optionally, the KL to the full-context model) with
 * AdamW. The result, {@value AutoCompressorOptions#TENSOR} {@code [kappa, dim]}, is written as a
 * safetensors checkpoint the {@code autocompressor} plugin reads; a run resumes from its checkpoint.
 *
 * <p>With {@link AutoCompressorOptions#tunesBase()} the base model's weights (all but its token tables)
 * train too, with their own AdamW learning rate, as the original fine-tunes the model; the checkpoint then
 * holds them beside the summary tokens, and {@link #trainedModel} is the model that reads those summaries.
 *
 * <p>{@link TrainConfig#attentionMseWeight()} does not apply here and is ignored.
 */
public final class AutoCompressorTrainer {

    /** The value of the {@code attnlab.format} metadata entry of checkpoints. */
    public static final String FORMAT = "attnlab-autocompressor-v1";

    private final Progress progress;
    private final int windowAlignment;

    public AutoCompressorTrainer(Progress progress) {
        this(progress, 1);
    }

    /**
     * @param windowAlignment training and evaluation windows start at multiples of this (a corpus of
     *                        documents of this length is then read from the documents' starts; 1 = anywhere)
     */
    public AutoCompressorTrainer(Progress progress, int windowAlignment) {
        this.progress = progress;
        this.windowAlignment = windowAlignment;
    }

    /** The initial summary tokens: the mean token embedding plus seeded Gaussian noise of std {@code noise}. */
    public static FloatTensor initialEmbeddings(ModelDefinition model, int kappa, double noise, long seed) {
        int vocab = model.info().vocabSize();
        int dim = model.info().dim();
        int[] all = new int[vocab];
        Arrays.setAll(all, i -> i);
        float[] table = model.embed(all).data();
        double[] mean = new double[dim];
        for (int t = 0; t < vocab; t++) {
            for (int d = 0; d < dim; d++) {
                mean[d] += table[t * dim + d] / vocab;
            }
        }
        Random random = new Random(seed);
        float[] out = new float[kappa * dim];
        for (int k = 0; k < kappa; k++) {
            for (int d = 0; d < dim; d++) {
                out[k * dim + d] = (float) (mean[d] + noise * random.nextGaussian());
            }
        }
        return new FloatTensor(new long[] {kappa, dim}, out);
    }

    /**
     * Trains summary tokens for {@code model} on windows of {@code corpus}.
     *
     * @return the summary embeddings under {@value AutoCompressorOptions#TENSOR} and the per-step losses
     */
    public TrainResult train(ModelDefinition model, int[] corpus, TrainConfig config, AutoCompressorOptions options) {
        Engine engine = Engine.getEngine("PyTorch");
        WindowDraw draw = new WindowDraw(corpus, config.windowLength(), config.seed(), windowAlignment);
        SegmentPlan plan = new SegmentPlan(options, config.seed());
        plan.lengths(config.windowLength(), 0); // fail before any work when the segments do not fit
        Resume resume = Resume.read(config.checkpoint(), model, options);
        FloatTensor start = resume.embeddings() != null ? resume.embeddings()
                : initialEmbeddings(model, options.summaryVectors(), options.initNoise(), config.seed());
        List<LayerAttention> layers = fullAttention(model);
        int batch = config.windowsPerStep();
        Set<String> tables = model.tokenTables();
        try (NDManager root = engine.newBaseManager();
             DjlParameters params = options.tunesBase()
                     ? DjlParameters.allTrainable(root,
                             ReweightedModel.overlay(model, resume.base(), "resumed").weights())
                     : new DjlParameters(root, model.weights())) {
            params.enableTraining(true);
            NDArray summary = root.create(start.data(), new Shape(start.shape()));
            summary.setRequiresGradient(true);
            Optimizer optimizer = adamW(config.learningRate(), config.weightDecay());
            Optimizer baseOptimizer = options.tunesBase()
                    ? adamW(options.baseLearningRate(), config.weightDecay()) : null;
            List<Double> losses = new ArrayList<>();
            for (int s = resume.step(); s < config.steps(); s++) {
                int[] windows = draw.windows(s, batch);
                int[] lengths = plan.lengths(config.windowLength(), s);
                try (NDManager step = root.newSubManager();
                     GradientCollector collector = engine.newGradientCollector()) {
                    SummaryRollout rollout = new SummaryRollout(model, layers, params);
                    NDArray full = options.klWeight() > 0 ? fullLogits(rollout, step, windows, batch,
                            config.windowLength()) : null;
                    SummaryRollout.Scored scored = rollout.run(step, windows, batch, config.windowLength(), lengths,
                            summary, options.accumulate(), options.stopGradient(), full);
                    NDArray loss = scored.crossEntropySum().div(scored.tokens());
                    if (full != null) {
                        loss = loss.add(scored.klSum().div(scored.tokens()).mul((float) options.klWeight()));
                    }
                    collector.backward(loss);
                    losses.add((double) loss.getFloat());
                    rollout.close();
                }
                optimizer.update(AutoCompressorOptions.TENSOR, summary, summary.getGradient());
                if (baseOptimizer != null) {
                    tuned(params, tables).forEach((name, w) -> baseOptimizer.update(name, w, w.getGradient()));
                }
                progress.report("train autocompressor (loss " + String.format("%.4f", losses.get(losses.size() - 1))
                        + ")", s + 1, config.steps());
                boolean last = s + 1 == config.steps();
                if (config.checkpoint() != null && (last || (s + 1) % config.checkpointEvery() == 0)) {
                    save(config, options, model, result(summary, params, options, tables), s + 1,
                            losses.get(losses.size() - 1));
                }
            }
            return new TrainResult(result(summary, params, options, tables), losses, resume.step());
        }
    }

    /**
     * The model the summaries of {@code result} were trained for: {@code model} itself, or with the tuned
     * base weights of a run with {@link AutoCompressorOptions#tunesBase()} laid over it.
     */
    public static ModelDefinition trainedModel(ModelDefinition model, TrainResult result) {
        Map<String, FloatTensor> base = new LinkedHashMap<>(result.parameters());
        base.remove(AutoCompressorOptions.TENSOR);
        return base.isEmpty() ? model : ReweightedModel.overlay(model, base, "AutoCompressor-tuned weights");
    }

    private static Optimizer adamW(double learningRate, double weightDecay) {
        return Optimizer.adamW()
                .optLearningRateTracker(Tracker.fixed((float) learningRate))
                .optWeightDecays((float) weightDecay)
                .optClipGrad(1.0f)
                .build();
    }

    /**
     * The base weights that train: all but the model's token tables (embedding, classifier), which stay
     * frozen because the rollout looks token embeddings up outside the graph ({@link ModelDefinition#embed}).
     */
    private static Map<String, NDArray> tuned(DjlParameters params, Set<String> tables) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        params.trainable().forEach((name, w) -> {
            if (!tables.contains(name)) {
                out.put(name, w);
            }
        });
        return out;
    }

    private static Map<String, FloatTensor> result(NDArray summary, DjlParameters params,
                                                   AutoCompressorOptions options, Set<String> tables) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        out.put(AutoCompressorOptions.TENSOR, tensor(summary));
        if (options.tunesBase()) {
            tuned(params, tables).forEach((name, w) -> out.put(name, tensor(w)));
        }
        return out;
    }

    /**
     * The mean loss on the segments after the first of {@code windows} windows of {@code corpus} (drawn with
     * {@code seed}), given the summaries made with {@code summaryEmbeddings}, given the summaries of another
     * window (control), given no context, and given the full window. Segments are {@code options}'s explicit lengths, or its random segmenting at step 0.
     */
    public SegmentLosses evaluate(ModelDefinition model, FloatTensor summaryEmbeddings, int[] corpus, int windowLength,
                                  int windows, long seed, AutoCompressorOptions options) {
        Engine engine = Engine.getEngine("PyTorch");
        int[] drawn = new WindowDraw(corpus, windowLength, seed, windowAlignment).windows(0, windows);
        int[] lengths = new SegmentPlan(options, seed).lengths(windowLength, 0);
        List<LayerAttention> layers = fullAttention(model);
        try (NDManager root = engine.newBaseManager();
             DjlParameters params = new DjlParameters(root, model.weights())) {
            SummaryRollout rollout = new SummaryRollout(model, layers, params);
            NDArray summary = root.create(summaryEmbeddings.data(), new Shape(summaryEmbeddings.shape()));
            SummaryRollout.Scored withSummary = rollout.run(root, drawn, windows, windowLength, lengths, summary,
                    options.accumulate(), false, null);
            SummaryRollout.Scored control = rollout.run(root, drawn, windows, windowLength, lengths, summary,
                    options.accumulate(), false, null, true);
            NDArray full = fullLogits(rollout, root, drawn, windows, windowLength);
            double noContext = 0;
            double fullContext = 0;
            int start = lengths[0];
            for (int j = 1; j < lengths.length; j++) {
                int len = lengths[j];
                NDArray alone = rollout.logits(root, rollout.embeddings(root, drawn, windows, windowLength, start, len),
                        windows);
                noContext += SummaryRollout.crossEntropySum(alone.get(":, 0:" + (len - 1) + ", :"), drawn, windows,
                        windowLength, start + 1, len - 1).getFloat();
                fullContext += SummaryRollout.crossEntropySum(full.get(":, " + start + ":" + (start + len - 1) + ", :"),
                        drawn, windows, windowLength, start + 1, len - 1).getFloat();
                start += len;
            }
            long tokens = withSummary.tokens();
            double summaryLoss = withSummary.crossEntropySum().getFloat() / tokens;
            rollout.close();
            return new SegmentLosses(summaryLoss, control.crossEntropySum().getFloat() / tokens, noContext / tokens,
                    fullContext / tokens, tokens);
        }
    }

    private static NDArray fullLogits(SummaryRollout rollout, NDManager m, int[] windows, int batch, int length) {
        return rollout.logits(m, rollout.embeddings(m, windows, batch, length, 0, length), batch).stopGradient();
    }

    static List<LayerAttention> fullAttention(ModelDefinition model) {
        FullAttentionStrategy full = new FullAttentionStrategy();
        List<LayerAttention> out = new ArrayList<>();
        for (int i = 0; i < model.info().layers(); i++) {
            out.add(full.create(model.attentionContext(i), full.configSchema().defaults()));
        }
        return out;
    }

    private static FloatTensor tensor(NDArray array) {
        return new FloatTensor(array.getShape().getShape(), array.toFloatArray());
    }

    private static void save(TrainConfig config, AutoCompressorOptions options, ModelDefinition model,
                             Map<String, FloatTensor> tensors, int step, double loss) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("attnlab.format", FORMAT);
        metadata.put("attnlab.step", Integer.toString(step));
        metadata.put("attnlab.loss", Double.toString(loss));
        metadata.put("attnlab.model", model.info().name());
        metadata.put("attnlab.model_hash", model.info().contentHash());
        metadata.put("attnlab.train_config", config.toString());
        metadata.put("attnlab.autocompressor", options.toString());
        SafetensorsWriter.write(config.checkpoint(), tensors, metadata); // atomic, creates the directory
    }

    /** Where a run starts: a checkpoint's embeddings and step, or nothing. */
    private record Resume(FloatTensor embeddings, Map<String, FloatTensor> base, int step) {

        static Resume read(Path checkpoint, ModelDefinition model, AutoCompressorOptions options) {
            if (checkpoint == null || !Files.exists(checkpoint)) {
                return new Resume(null, Map.of(), 0);
            }
            SafetensorsFile file = SafetensorsFile.open(checkpoint);
            String hash = file.metadata().get("attnlab.model_hash");
            if (hash != null && !hash.equals(model.info().contentHash())) {
                throw new IllegalArgumentException("checkpoint " + checkpoint + " was trained for model "
                        + file.metadata().get("attnlab.model") + " (hash " + hash + "), not " + model.info().name()
                        + "; delete it or choose another checkpoint path");
            }
            FloatTensor embeddings = file.read(AutoCompressorOptions.TENSOR);
            long[] expected = {options.summaryVectors(), model.info().dim()};
            if (!Arrays.equals(embeddings.shape(), expected)) {
                throw new IllegalArgumentException("checkpoint " + checkpoint + " holds " + AutoCompressorOptions.TENSOR
                        + " " + Arrays.toString(embeddings.shape()) + " but this run needs " + Arrays.toString(expected)
                        + "; delete it or choose another checkpoint path");
            }
            Map<String, FloatTensor> base = new LinkedHashMap<>(file.readAll());
            base.remove(AutoCompressorOptions.TENSOR);
            if (options.tunesBase() == base.isEmpty()) {
                throw new IllegalArgumentException("checkpoint " + checkpoint + (base.isEmpty()
                        ? " holds no tuned base weights but this run tunes the base model"
                        : " holds tuned base weights but this run keeps the base frozen")
                        + "; delete it or choose another checkpoint path");
            }
            return new Resume(embeddings, options.tunesBase() ? base : Map.of(),
                    Integer.parseInt(file.metadata().getOrDefault("attnlab.step", "0")));
        }
    }
}
