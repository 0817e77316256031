package dev.attnlab.harness.train.infini;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.eval.Progress;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.lower.djl.DjlParameters;
import dev.attnlab.harness.model.FullAttentionStrategy;
import dev.attnlab.harness.model.MapWeightStore;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.WeightStore;
import dev.attnlab.harness.model.io.SafetensorsFile;
import dev.attnlab.harness.model.io.SafetensorsWriter;
import dev.attnlab.harness.train.TrainConfig;
import dev.attnlab.harness.train.TrainResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Distillation of a segmented strategy (Infini-attention's gate) against full attention that keeps the
 * segment contract: the same loss as {@link dev.attnlab.harness.train.DistillationTrainer} (next-token
 * KL(P_full || P_method) averaged over the window's positions, model weights frozen, AdamW on the
 * strategy's trainable parameters, gradient norm clipped at 1), but the method's side runs each window as
 * consecutive segment runs with the layer state carried between them ({@link SegmentedForward}), so the
 * memory a segment reads was written by the earlier segments of the same window. The reference side runs
 * full attention over the whole window in one pass.
 *
 * <p>Gradients flow through the carried memory into earlier segments (backpropagation through the whole
 * window) unless {@code truncateAtSegments} is set, which detaches the state at each run boundary.
 * Checkpoints and resuming follow {@link TrainConfig}.
 */
public final class SegmentedDistillation {

    private final Progress progress;
    private final boolean truncateAtSegments;

    /**
     * @param progress           receives one report per step
     * @param truncateAtSegments detach carried state at segment boundaries (cheaper, biased gradients)
     */
    public SegmentedDistillation(Progress progress, boolean truncateAtSegments) {
        this.progress = progress;
        this.truncateAtSegments = truncateAtSegments;
    }

    /**
     * Trains {@code strategy}'s parameters on windows drawn at seeded random offsets of {@code corpus}.
     *
     * @return the trained parameters (also written to {@code config.checkpoint()} when set)
     */
    public TrainResult distill(ModelDefinition model, AttentionStrategy strategy, Settings settings, int[] corpus,
                               TrainConfig config) {
        if (!strategy.trainable()) {
            throw new IllegalArgumentException("strategy '" + strategy.id() + "' has no trainable parameters");
        }
        if (corpus.length < config.windowLength()) {
            throw new IllegalArgumentException("the training corpus has " + corpus.length
                    + " tokens, fewer than one window of " + config.windowLength());
        }
        List<LayerAttention> reference = StrategyLayers.of(model, new FullAttentionStrategy(), null);
        List<LayerAttention> method = StrategyLayers.of(model, strategy, settings);
        Engine engine = Engine.getEngine("PyTorch");
        Map<String, FloatTensor> resumed = readCheckpoint(config);
        int firstStep = resumed.isEmpty() ? 0 : Integer.parseInt(stepOf(config));
        WeightStore weights = overlay(model.weights(), resumed);
        try (NDManager root = engine.newBaseManager(); DjlParameters params = new DjlParameters(root, weights)) {
            params.enableTraining(true);
            Optimizer optimizer = Optimizer.adamW()
                    .optLearningRateTracker(Tracker.fixed((float) config.learningRate()))
                    .optWeightDecays((float) config.weightDecay())
                    .optClipGrad(1.0f)
                    .build();
            List<Double> losses = new ArrayList<>();
            int length = config.windowLength();
            int batch = config.windowsPerStep();
            for (int s = firstStep; s < config.steps(); s++) {
                long[] windows = windows(corpus, length, config.seed(), s, batch);
                try (NDManager step = root.newSubManager();
                     SegmentedForward referencePass = new SegmentedForward(model, reference, params, false);
                     SegmentedForward methodPass = new SegmentedForward(model, method, params, truncateAtSegments);
                     GradientCollector collector = engine.newGradientCollector()) {
                    NDArray target = referencePass.logits(step, windows, batch, length).stopGradient();
                    NDArray loss = TokenScores.klDivergence(target, methodPass.logits(step, windows, batch, length));
                    collector.backward(loss);
                    losses.add((double) loss.getFloat());
                }
                for (Map.Entry<String, NDArray> p : params.trainable().entrySet()) {
                    optimizer.update(p.getKey(), p.getValue(), p.getValue().getGradient());
                }
                double last = losses.get(losses.size() - 1);
                progress.report("train " + strategy.id() + " (KL " + String.format("%.4f", last) + ")", s + 1,
                        config.steps());
                if (config.checkpoint() != null && (s + 1 == config.steps() || (s + 1) % config.checkpointEvery() == 0)) {
                    save(config.checkpoint(), params.trainableValues(), s + 1, last, config.toString());
                }
            }
            return new TrainResult(params.trainableValues(), losses, firstStep);
        }
    }

    /** The windows of step {@code step}, {@code [count, length]} row-major; the same step always gets the same. */
    static long[] windows(int[] corpus, int length, long seed, int step, int count) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + step);
        long[] out = new long[count * length];
        for (int w = 0; w < count; w++) {
            int start = random.nextInt(corpus.length - length + 1);
            for (int i = 0; i < length; i++) {
                out[w * length + i] = corpus[start + i];
            }
        }
        return out;
    }

    /** Writes {@code values} atomically as safetensors with the step and loss in the metadata. */
    static void save(Path file, Map<String, FloatTensor> values, int step, double loss, String provenance) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("attnlab.step", Integer.toString(step));
        metadata.put("attnlab.loss", Double.toString(loss));
        metadata.put("attnlab.train_config", provenance);
        write(file, values, metadata);
    }

    /** Writes {@code values} atomically as safetensors with {@code metadata}. */
    static void write(Path file, Map<String, FloatTensor> values, Map<String, String> metadata) {
        SafetensorsWriter.write(file, values, metadata);
    }

    private static Map<String, FloatTensor> readCheckpoint(TrainConfig config) {
        if (config.checkpoint() == null || !Files.exists(config.checkpoint())) {
            return Map.of();
        }
        return SafetensorsFile.open(config.checkpoint()).readAll();
    }

    private static String stepOf(TrainConfig config) {
        return SafetensorsFile.open(config.checkpoint()).metadata().getOrDefault("attnlab.step", "0");
    }

    /** {@code base} with {@code parameters} laid over it (added or replacing). */
    static WeightStore overlay(WeightStore base, Map<String, FloatTensor> parameters) {
        return MapWeightStore.overlay(base, parameters, parameters.size() + " trained parameters");
    }
}
