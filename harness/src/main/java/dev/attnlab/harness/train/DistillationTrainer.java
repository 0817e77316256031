package dev.attnlab.harness.train;

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
import dev.attnlab.harness.lower.djl.DjlOps;
import dev.attnlab.harness.lower.djl.DjlParameters;
import dev.attnlab.harness.model.FullAttentionStrategy;
import dev.attnlab.harness.model.MapWeightStore;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.WeightStore;
import dev.attnlab.harness.model.io.SafetensorsFile;
import dev.attnlab.harness.model.io.SafetensorsWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits a strategy's trainable parameters so that the model with the strategy predicts like the model
 * with full attention: the loss is the next-token KL(P_full || P_method) averaged over positions
 * (optionally plus the attention-probability MSE), the model's own weights stay frozen, AdamW updates
 * only the parameters the strategy declares trainable. Runs on the eager DJL PyTorch lowering, so
 * the model and strategy code are the same that the ONNX export records.
 */
public final class DistillationTrainer {

    private final Progress progress;

    public DistillationTrainer(Progress progress) {
        this.progress = progress;
    }

    /**
     * Trains {@code strategy} on windows of {@code corpus}.
     *
     * @return the trained parameters (also written to {@code config.checkpoint()} when set)
     */
    public TrainResult distill(ModelDefinition model, AttentionStrategy strategy, Settings settings, int[] corpus,
                               TrainConfig config) {
        if (!strategy.trainable()) {
            throw new IllegalArgumentException("strategy '" + strategy.id() + "' has no trainable parameters");
        }
        List<LayerAttention> reference = layers(model, new FullAttentionStrategy(), null);
        List<LayerAttention> method = layers(model, strategy, settings);
        return loop(model, corpus, config, (manager, params, windows, batch) -> {
            NDArray target;
            try (DjlOps ref = ForwardPass.run(manager, params, model, reference, windows, batch,
                    config.windowLength(), config.attentionMseWeight() > 0)) {
                target = ref.output("logits").duplicate();
                target.attach(manager);
                List<NDArray> refAttention = attention(ref, model, manager, config.attentionMseWeight() > 0);
                DjlOps run = ForwardPass.run(manager, params, model, method, windows, batch, config.windowLength(),
                        config.attentionMseWeight() > 0);
                NDArray loss = ForwardPass.klDivergence(target, run.output("logits"));
                for (int i = 0; i < refAttention.size(); i++) {
                    NDArray diff = run.output("attention." + i).sub(refAttention.get(i));
                    loss = loss.add(diff.square().mean().mul(config.attentionMseWeight() / refAttention.size()));
                }
                return new StepOutput(loss, run);
            }
        }, true);
    }

    /**
     * Trains every weight of {@code model} on the next-token loss of {@code corpus} (used to make the
     * embedded default model); starts from the model's current weights.
     */
    public TrainResult pretrain(ModelDefinition model, int[] corpus, TrainConfig config) {
        List<LayerAttention> full = layers(model, new FullAttentionStrategy(), null);
        return loop(model, corpus, config, (manager, params, windows, batch) -> {
            DjlOps run = ForwardPass.run(manager, params, model, full, windows, batch, config.windowLength(), false);
            return new StepOutput(ForwardPass.nextTokenLoss(run.output("logits"), windows, batch,
                    config.windowLength()), run);
        }, false);
    }

    private static List<NDArray> attention(DjlOps ref, ModelDefinition model, NDManager manager, boolean want) {
        List<NDArray> out = new ArrayList<>();
        if (want) {
            for (int i = 0; i < model.info().layers(); i++) {
                NDArray copy = ref.output("attention." + i).duplicate();
                copy.attach(manager);
                out.add(copy);
            }
        }
        return out;
    }

    private static List<LayerAttention> layers(ModelDefinition model, AttentionStrategy strategy, Settings settings) {
        Settings s = settings != null ? settings : strategy.configSchema().defaults();
        List<LayerAttention> out = new ArrayList<>();
        for (int i = 0; i < model.info().layers(); i++) {
            out.add(strategy.create(model.attentionContext(i), s));
        }
        return out;
    }

    private record StepOutput(NDArray loss, DjlOps ops) {
    }

    @FunctionalInterface
    private interface Step {
        StepOutput run(NDManager manager, DjlParameters parameters, long[] windows, int batch);
    }

    private TrainResult loop(ModelDefinition model, int[] corpus, TrainConfig config, Step step, boolean distill) {
        Engine engine = Engine.getEngine("PyTorch");
        WindowSampler sampler = new WindowSampler(corpus, config.windowLength(), config.seed());
        Resume resume = Resume.read(config);
        WeightStore weights = resume.overlay(model.weights());
        try (NDManager root = engine.newBaseManager();
             DjlParameters params = distill ? new DjlParameters(root, weights)
                     : DjlParameters.allTrainable(root, weights)) {
            params.enableTraining(true);
            Optimizer optimizer = Optimizer.adamW()
                    .optLearningRateTracker(Tracker.fixed((float) config.learningRate()))
                    .optWeightDecays((float) config.weightDecay())
                    .optClipGrad(1.0f)
                    .build();
            List<Double> losses = new ArrayList<>();
            for (int s = resume.step(); s < config.steps(); s++) {
                long[] windows = sampler.windows(s, config.windowsPerStep());
                try (NDManager stepManager = root.newSubManager();
                     GradientCollector collector = engine.newGradientCollector()) {
                    StepOutput out = step.run(stepManager, params, windows, config.windowsPerStep());
                    collector.backward(out.loss());
                    losses.add((double) out.loss().getFloat());
                    out.ops().close();
                }
                for (Map.Entry<String, NDArray> p : params.trainable().entrySet()) {
                    NDArray grad = p.getValue().getGradient();
                    optimizer.update(p.getKey(), p.getValue(), grad);
                }
                progress.report("train (loss " + String.format("%.4f", losses.get(losses.size() - 1)) + ")",
                        s + 1, config.steps());
                boolean last = s + 1 == config.steps();
                if (config.checkpoint() != null && (last || (s + 1) % config.checkpointEvery() == 0)) {
                    save(config, params.trainableValues(), s + 1, losses.get(losses.size() - 1));
                }
            }
            return new TrainResult(params.trainableValues(), losses, resume.step());
        }
    }

    private static void save(TrainConfig config, Map<String, FloatTensor> values, int step, double loss) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("attnlab.step", Integer.toString(step));
        metadata.put("attnlab.loss", Double.toString(loss));
        metadata.put("attnlab.train_config", config.toString());
        SafetensorsWriter.write(config.checkpoint(), values, metadata); // atomic, creates the directory
    }

    /** Where a run starts: a checkpoint's parameters and step, or nothing. */
    private record Resume(Map<String, FloatTensor> parameters, int step) {

        static Resume read(TrainConfig config) {
            if (config.checkpoint() == null || !Files.exists(config.checkpoint())) {
                return new Resume(Map.of(), 0);
            }
            SafetensorsFile file = SafetensorsFile.open(config.checkpoint());
            String step = file.metadata().getOrDefault("attnlab.step", "0");
            return new Resume(file.readAll(), Integer.parseInt(step));
        }

        WeightStore overlay(WeightStore base) {
            return MapWeightStore.overlay(base, parameters, "trained parameters");
        }
    }
}
